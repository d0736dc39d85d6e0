import { LinkifyIt } from 'linkify-it';
import { httpUrlOrNull } from '../web/safe-url.ts';
import { hashtagSpans } from './post-text.ts';

/**
 * A post's text cut into what a reader can follow: web addresses, hashtags
 * and the plain text between them. Shared by the server's views and the
 * live room's script, so a post reads the same when it arrives live and
 * when it is read later in the transcript.
 */
export type TextPiece = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'hashtag'; text: string; tag: string };

/**
 * Addresses written with `http://`, `https://` or `www.` only. A bare
 * "example.com" would also catch "readme.md" or "Node.js"-like words
 * whose ending happens to be a country's domain. Other schemes (mailto:,
 * ftp:, protocol-relative //) stay text: a post links to web pages.
 */
const linkify = new LinkifyIt().add('ftp:', null).add('mailto:', null).add('//', null).set({ fuzzyLink: true, fuzzyEmail: false, fuzzyIP: false });

/**
 * Every address linked has one of these; most posts have none, and this
 * test costs a fraction of linkify-it's (~5 µs a post: a transcript page
 * or a live room renders hundreds).
 */
const MAYBE_ADDRESS = /https?:\/\/|www\./i;

export function textPieces(text: string): TextPiece[] {
  const found: Array<{ start: number; end: number; piece: TextPiece }> = [];
  for (const match of MAYBE_ADDRESS.test(text) ? (linkify.match(text) ?? []) : []) {
    if (match.schema === '' && !match.raw.toLowerCase().startsWith('www.')) continue;
    const href = httpUrlOrNull(match.url); // only http(s), whatever linkify-it normalised
    if (href) found.push({ start: match.index, end: match.lastIndex, piece: { kind: 'link', text: match.raw, href } });
  }
  // A "#fragment" inside an address is part of the address, not a hashtag.
  const links = [...found];
  for (const span of hashtagSpans(text)) {
    if (links.some((link) => span.start < link.end && link.start < span.end)) continue;
    found.push({ start: span.start, end: span.end, piece: { kind: 'hashtag', text: text.slice(span.start, span.end), tag: span.tag } });
  }
  found.sort((a, b) => a.start - b.start);

  const pieces: TextPiece[] = [];
  let at = 0;
  for (const { start, end, piece } of found) {
    if (start > at) pieces.push({ kind: 'text', text: text.slice(at, start) });
    pieces.push(piece);
    at = end;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}

/** Where a hashtag leads: the archive's search for it, over every chat. */
export function hashtagHref(tag: string): string {
  return `/search?q=${encodeURIComponent(`#${tag}`)}`;
}

/**
 * A link piece's attributes, one definition for the server's LinkedText and
 * the live room's script. Addresses come from anyone's posts: `nofollow
 * ugc` tells search engines the site does not vouch for them. A file read
 * away from the site (an export) gives `baseUrl`, so hashtags still lead to
 * the site's search.
 */
export function linkAttributes(piece: Exclude<TextPiece, { kind: 'text' }>, baseUrl = ''): Record<string, string> {
  return piece.kind === 'link' ? { href: piece.href, rel: 'nofollow ugc noopener' } : { class: 'post-hashtag', href: baseUrl + hashtagHref(piece.tag) };
}
