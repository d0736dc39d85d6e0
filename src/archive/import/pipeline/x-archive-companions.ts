import fs from 'node:fs/promises';
import path from 'node:path';
import { readXArchiveAccount, YTD_ASSIGNMENT, type XArchiveCompanions } from '../formats/x-archive.ts';
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
export async function readCompanions(files: ReadonlyArray<{ path: string; fileName: string }>, into: XArchiveCompanions = NO_COMPANIONS): Promise<XArchiveCompanions> {
  const out: XArchiveCompanions = { account: into.account, notes: into.notes };
  for (const file of files) {
    const { kind, document } = await readCompanion(file.path, file.fileName);
    if (kind === 'account' && !out.account) out.account = readXArchiveAccount(document);
    if (kind === 'notes' && out.notes.length === 0) out.notes = readXArchiveNotes(document);
  }
  return out;
}

/**
 * tweets.js lies in data/ next to account.js and note-tweet.js: what the
 * caller did not name is taken from there. One that is missing or cannot
 * be read is done without, as when the tweets came alone.
 */
export async function companionsBeside(tweetsFile: string, named: XArchiveCompanions): Promise<XArchiveCompanions> {
  const out: XArchiveCompanions = { account: named.account, notes: named.notes };
  const dir = path.dirname(tweetsFile);
  for (const kind of Object.keys(COMPANION_FILES) as CompanionKind[]) {
    if (kind === 'account' ? out.account : out.notes.length > 0) continue;
    const { fileName } = COMPANION_FILES[kind];
    try {
      Object.assign(out, await readCompanions([{ path: path.join(dir, fileName), fileName }], out));
    } catch (error) {
      if (!(error instanceof UnreadableCompanionError)) throw error;
    }
  }
  return out;
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
    return { kind, document: JSON.parse(text.replace(/^\uFEFF/, '').replace(YTD_ASSIGNMENT, '').replace(/;\s*$/, '')) };
  } catch (error) {
    throw new UnreadableCompanionError(`${fileName}: not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
}
