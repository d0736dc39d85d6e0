import fs from 'node:fs/promises';
import path from 'node:path';
import { jsonOfYtdFile, readXArchiveAccount, type XArchiveCompanions } from '../formats/x-archive.ts';
import { readXArchiveNotes } from '../formats/x-archive-notes.ts';

/**
 * The files of an X archive that are read with its tweets but not
 * imported: data/account.js names the tweets' owner, data/note-tweet.js
 * holds the whole text of posts over 280 characters. Named among the files
 * to import (the upload form takes several), or lying beside tweets.js,
 * they are used without being asked.
 */
export type CompanionKind = 'account' | 'notes';

const COMPANION_FILES: Record<CompanionKind, { head: RegExp; fileName: string }> = {
  account: { head: /^\s*window\.YTD\.account\.part\d+\s*=/, fileName: 'account.js' },
  notes: { head: /^\s*window\.YTD\.note_tweet\.part\d+\s*=/, fileName: 'note-tweet.js' },
};

/**
 * Read whole, like every JSON document; a real note-tweet.js is a few MB
 * even for prolific accounts. A bigger one is not an archive's.
 */
const MAX_COMPANION_BYTES = 64 * 1024 * 1024;

export const NO_COMPANIONS: XArchiveCompanions = { account: null, notes: [] };

/** Which companion a file's first bytes announce (`window.YTD.account.part0 =` …), if any. */
export function companionKind(head: string): CompanionKind | null {
  const text = head.replace(/^\uFEFF/, '');
  for (const kind of Object.keys(COMPANION_FILES) as CompanionKind[]) if (COMPANION_FILES[kind].head.test(text)) return kind;
  return null;
}

/** Why a companion file named among the files to import cannot be used. */
export class UnreadableCompanionError extends Error {}

/** What the named companion files say (each as `{path, fileName}`); one that cannot be read is refused with its reason. */
export async function readCompanions(files: ReadonlyArray<{ path: string; fileName: string }>): Promise<XArchiveCompanions> {
  const out: XArchiveCompanions = { ...NO_COMPANIONS };
  for (const file of files) take(out, await readCompanion(file.path, file.fileName));
  return out;
}

/**
 * tweets.js lies in data/ next to account.js and note-tweet.js: what the
 * caller did not name is taken from there. One that is missing or cannot
 * be read is done without, as when the tweets came alone.
 */
export async function companionsBeside(tweetsFile: string, named: XArchiveCompanions): Promise<XArchiveCompanions> {
  const out: XArchiveCompanions = { ...named };
  for (const kind of Object.keys(COMPANION_FILES) as CompanionKind[]) {
    if (has(out, kind)) continue;
    const { fileName } = COMPANION_FILES[kind];
    try {
      take(out, await readCompanion(path.join(path.dirname(tweetsFile), fileName), fileName));
    } catch (error) {
      if (!(error instanceof UnreadableCompanionError)) throw error;
    }
  }
  return out;
}

const has = (companions: XArchiveCompanions, kind: CompanionKind) => (kind === 'account' ? companions.account !== null : companions.notes.length > 0);

/** The first file of each kind counts. */
function take(into: XArchiveCompanions, { kind, document }: { kind: CompanionKind; document: unknown }): void {
  if (has(into, kind)) return;
  if (kind === 'account') into.account = readXArchiveAccount(document);
  else into.notes = readXArchiveNotes(document);
}

async function readCompanion(file: string, fileName: string): Promise<{ kind: CompanionKind; document: unknown }> {
  let text: string;
  try {
    const { size } = await fs.stat(file);
    if (size > MAX_COMPANION_BYTES) {
      throw new UnreadableCompanionError(`${fileName}: ${Math.round(size / 1024 / 1024)} MB is more than the ${MAX_COMPANION_BYTES / 1024 / 1024} MB read for an X archive's account.js or note-tweet.js`);
    }
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UnreadableCompanionError) throw error;
    throw new UnreadableCompanionError(`${fileName}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const kind = companionKind(text.slice(0, 200));
  if (!kind) throw new UnreadableCompanionError(`${fileName}: not an X archive's account.js or note-tweet.js`);
  try {
    return { kind, document: JSON.parse(jsonOfYtdFile(text)) };
  } catch (error) {
    throw new UnreadableCompanionError(`${fileName}: not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
}
