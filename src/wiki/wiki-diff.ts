import { diffLines, diffWordsWithSpace, type Change } from 'diff';

/**
 * A readable diff of two texts: whole lines added or removed, and inside a
 * changed line the words that changed, with long unchanged stretches folded
 * away. Wiki paragraphs are single long lines, so the word level is what
 * makes a one-word edit visible.
 */

export interface DiffPart {
  text: string;
  /** True for the words that differ inside an added or removed line. */
  changed: boolean;
}

export type DiffRow = { kind: 'same' | 'added' | 'removed'; parts: DiffPart[] } | { kind: 'skipped'; count: number };

export interface TextDiff {
  rows: DiffRow[];
  added: number;
  removed: number;
}

/** Word diffs cost O(n·d); past this many characters a replaced block shows as whole lines. */
const WORD_DIFF_LIMIT = 20_000;

type Line = Extract<DiffRow, { parts: DiffPart[] }>;

export function diffTexts(before: string, after: string, context = 2): TextDiff {
  const lines: Line[] = [];
  const changes = diffLines(normalize(before), normalize(after));
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const next = changes[i + 1];
    if (change.removed && next?.added && change.value.length + next.value.length <= WORD_DIFF_LIMIT) {
      // A replaced block: highlight the words that changed on both sides.
      const words = diffWordsWithSpace(stripFinalNewline(change.value), stripFinalNewline(next.value));
      lines.push(...toLines('removed', words.filter((w) => !w.added)));
      lines.push(...toLines('added', words.filter((w) => !w.removed)));
      i++;
    } else {
      const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
      lines.push(...toLines(kind, [{ value: stripFinalNewline(change.value), added: false, removed: false, count: 0 }]));
    }
  }
  return {
    rows: fold(lines, context),
    added: lines.filter((l) => l.kind === 'added').length,
    removed: lines.filter((l) => l.kind === 'removed').length,
  };
}

function normalize(text: string): string {
  const unified = text.replace(/\r\n?/g, '\n');
  return unified === '' || unified.endsWith('\n') ? unified : `${unified}\n`;
}

function stripFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** Word-level changes to lines, each line keeping which of its words changed. */
function toLines(kind: Line['kind'], words: Change[]): Line[] {
  const lines: Line[] = [{ kind, parts: [] }];
  for (const word of words) {
    const changed = kind !== 'same' && (word.added || word.removed);
    word.value.split('\n').forEach((piece, index) => {
      if (index > 0) lines.push({ kind, parts: [] });
      if (piece) lines.at(-1)!.parts.push({ text: piece, changed });
    });
  }
  return lines;
}

/** Keeps `context` unchanged lines around each change and folds the rest. */
function fold(lines: Line[], context: number): DiffRow[] {
  if (lines.every((l) => l.kind === 'same')) return [];
  const keep = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) keep[k] = true;
  });
  const rows: DiffRow[] = [];
  lines.forEach((line, index) => {
    if (keep[index]) return rows.push(line);
    const last = rows.at(-1);
    if (last?.kind === 'skipped') last.count++;
    else rows.push({ kind: 'skipped', count: 1 });
  });
  return rows;
}
