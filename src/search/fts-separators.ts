/**
 * Characters SQLite's FTS5 must treat as separators, beyond what its
 * unicode61 tokenizer knows: its tables are Unicode 6.1's, so every emoji
 * and symbol assigned since (🤔 🥳 🧵 🙃, skin tones) counted as a letter,
 * and "A thread🧵" was indexed as `thread🧵`: `thread` did not find it
 * (PostgreSQL, splitting at every symbol, did: migration 0023). The
 * symbols (So, Sk), pictographs and emoji components (variation
 * selectors, the zero-width joiner, the keycap) become separators; letters
 * and numbers of any age stay in words. Computed from this Node's Unicode
 * tables when the migration runs; the list is then part of the index's
 * definition, so a database keeps the one it was built with.
 */
const SEPARATOR = /[\p{So}\p{Sk}\p{Extended_Pictographic}\p{Emoji_Component}\u200D\uFE0E\uFE0F\u20E3]/u;
const WORD = /[\p{L}\p{N}]/u;

/** Where symbols are: the first three planes, and the tags and variation selectors of plane 14 (the rest is unassigned or private). */
const PLANES: Array<[number, number]> = [
  [0xa0, 0xd7ff],
  [0xe000, 0x2ffff],
  [0xe0000, 0xe01ef],
];

export function symbolSeparators(): string {
  let out = '';
  for (const [from, to] of PLANES) {
    for (let code = from; code <= to; code++) {
      const ch = String.fromCodePoint(code);
      if (SEPARATOR.test(ch) && !WORD.test(ch)) out += ch;
    }
  }
  return out;
}
