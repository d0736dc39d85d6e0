import { arrayOrEmpty, isObject, objectOrNull, pushUnique, stringOrNull } from './json-values.ts';
import { isWebAddress, linkText } from './link-text.ts';

/**
 * Bluesky rich text: facets point into the post text by UTF-8 *byte*
 * offsets (app.bsky.richtext.facet#byteSlice), not by characters — in
 * "Café ☕ #tag" the tag starts at byte 11, character 7. Reading them as
 * string indices cuts words apart as soon as a post has an accent or emoji.
 */
export interface RichText {
  /** The text with shortened link labels replaced by the whole address. */
  text: string;
  hashtags: string[];
  /** Mentioned handles as shown (without '@'), or the DID when the text has none. */
  mentions: string[];
  links: string[];
}

interface Facet {
  start: number;
  end: number;
  features: unknown[];
}

const isContinuationByte = (bytes: Buffer, at: number) => at < bytes.length && (bytes[at]! & 0xc0) === 0x80;

/** Facets in order, dropping any that do not fit the text or cut a character in two. */
function validFacets(facets: unknown, bytes: Buffer): Facet[] {
  const list: Facet[] = [];
  for (const item of arrayOrEmpty(facets)) {
    const facet = objectOrNull(item);
    const index = objectOrNull(facet?.index);
    const start = index?.byteStart;
    const end = index?.byteEnd;
    if (!facet || !Number.isSafeInteger(start) || !Number.isSafeInteger(end)) continue;
    const [s, e] = [start as number, end as number];
    if (s < 0 || e > bytes.length || s >= e || isContinuationByte(bytes, s) || isContinuationByte(bytes, e)) continue;
    list.push({ start: s, end: e, features: arrayOrEmpty(facet.features) });
  }
  list.sort((a, b) => a.start - b.start);
  return list;
}

export function readRichText(text: string, facets: unknown): RichText {
  const out: RichText = { text, hashtags: [], mentions: [], links: [] };
  if (!Array.isArray(facets) || facets.length === 0) return out;
  const bytes = Buffer.from(text, 'utf8');
  let rebuilt = '';
  let cursor = 0;
  for (const facet of validFacets(facets, bytes)) {
    const shown = bytes.toString('utf8', facet.start, facet.end);
    let replacement: string | null = null;
    for (const feature of facet.features) {
      if (!isObject(feature)) continue;
      const type = stringOrNull(feature.$type);
      if (type === 'app.bsky.richtext.facet#tag') pushUnique(out.hashtags, stringOrNull(feature.tag)?.replace(/^#/, '').toLowerCase());
      else if (type === 'app.bsky.richtext.facet#mention') pushUnique(out.mentions, shown.startsWith('@') ? shown.slice(1) : stringOrNull(feature.did));
      else if (type === 'app.bsky.richtext.facet#link') {
        const uri = stringOrNull(feature.uri);
        if (uri && isWebAddress(uri)) {
          pushUnique(out.links, uri);
          if (facet.start >= cursor) replacement = linkText(shown, uri);
        }
      }
    }
    if (replacement !== null && replacement !== shown) {
      rebuilt += bytes.toString('utf8', cursor, facet.start) + replacement;
      cursor = facet.end;
    }
  }
  if (cursor > 0) out.text = rebuilt + bytes.toString('utf8', cursor);
  return out;
}
