import { renderMarkdown } from '../web/markdown.ts';
import { wikiSlug } from './wiki-slug.ts';

/**
 * The wiki's additions to Markdown:
 *   [[Page name]]  or  [[Page name|shown text]]   a link to /wiki/page-name
 *   {{upcoming #tag}}   (alone on a line)         the tag's upcoming chats
 *
 * They are swapped for placeholders before the shared, sanitizing Markdown
 * renderer runs, and the placeholders are swapped for HTML afterwards. The
 * placeholders use private-use characters that are stripped from the
 * source first, so nobody can forge one; everything inserted afterwards is
 * built from escaped text and slugs (which are only a-z, 0-9 and '-').
 * Code spans and fenced blocks are left alone, so the syntax can be shown.
 */

const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER_CHARS = /[\uE000\uE001]/g;

export interface WikiLink {
  /** The page name as written. */
  target: string;
  slug: string;
  label: string;
}

export interface WikiEmbed {
  kind: 'upcoming';
  /** Lower-case hashtag without '#'. */
  tag: string;
}

export interface ParsedWiki {
  /** Markdown with placeholders in place of links and embeds. */
  markdown: string;
  links: WikiLink[];
  embeds: WikiEmbed[];
}

export type WikiSegment = { kind: 'html'; html: string } | { kind: 'embed'; embed: WikiEmbed; index: number };

/** Each embed is a query; a page needs a handful at most. Later ones stay as text. */
export const MAX_EMBEDS = 10;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const EMBED_LINE = /^\{\{\s*upcoming\s+#?([\p{L}\p{N}_]{1,60})\s*\}\}\s*$/iu;
// A code span (kept as it is) or a wiki link; the code-span branch comes first so links inside code stay text.
const INLINE = /(`+)[\s\S]*?(?<!`)\1(?!`)|\[\[([^[\]\n|]{1,200})(?:\|([^[\]\n]{1,200}))?\]\]/g;

export function parseWikiMarkup(source: string): ParsedWiki {
  const links: WikiLink[] = [];
  const embeds: WikiEmbed[] = [];
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of source.replace(PLACEHOLDER_CHARS, '').replace(/\r\n?/g, '\n').split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      out.push(line);
      continue;
    }
    if (marker) {
      fence = marker;
      out.push(line);
      continue;
    }
    const embed = embeds.length < MAX_EMBEDS ? EMBED_LINE.exec(line) : null;
    if (embed) {
      embeds.push({ kind: 'upcoming', tag: embed[1]!.toLowerCase() });
      // Blank lines around make it a paragraph of its own, found again after rendering.
      out.push('', `${OPEN}E${embeds.length - 1}${CLOSE}`, '');
      continue;
    }
    out.push(
      line.replace(INLINE, (match, _ticks, target: string | undefined, label: string | undefined) => {
        if (target === undefined) return match;
        const name = target.trim();
        const slug = wikiSlug(name);
        if (!slug) return match;
        links.push({ target: name, slug, label: (label ?? '').trim() || name });
        return `${OPEN}L${links.length - 1}${CLOSE}`;
      }),
    );
  }
  return { markdown: out.join('\n'), links, embeds };
}

/** Sanitized HTML in pieces, split where embeds go; `pageExists` decides which links are marked new. */
export function renderWikiMarkup(parsed: ParsedWiki, pageExists: (slug: string) => boolean): WikiSegment[] {
  const html = renderMarkdown(parsed.markdown).replace(new RegExp(`${OPEN}L(\\d+)${CLOSE}`, 'g'), (_m, index: string) => {
    const link = parsed.links[Number(index)];
    return link ? linkHtml(link, pageExists(link.slug)) : '';
  });
  const segments: WikiSegment[] = [];
  const embedParagraph = new RegExp(`<p>${OPEN}E(\\d+)${CLOSE}</p>\\n?`, 'g');
  let from = 0;
  for (const match of html.matchAll(embedParagraph)) {
    const index = Number(match[1]);
    const embed = parsed.embeds[index];
    if (!embed) continue;
    pushHtml(segments, html.slice(from, match.index));
    segments.push({ kind: 'embed', embed, index });
    from = match.index + match[0].length;
  }
  pushHtml(segments, html.slice(from));
  return segments;
}

/** Pages a text links to, for checking which exist. */
export function linkedSlugs(parsed: ParsedWiki): string[] {
  return [...new Set(parsed.links.map((l) => l.slug))];
}

function pushHtml(segments: WikiSegment[], html: string): void {
  // An embed placeholder that did not end up as a paragraph of its own (it cannot, but if) shows as text.
  const cleaned = html.replace(new RegExp(`${OPEN}E\\d+${CLOSE}`, 'g'), '').trim();
  if (cleaned) segments.push({ kind: 'html', html: cleaned });
}

function linkHtml(link: WikiLink, exists: boolean): string {
  const label = escapeHtml(link.label);
  if (exists) return `<a class="wiki-link" href="/wiki/${link.slug}">${label}</a>`;
  const href = `/wiki/${link.slug}?title=${encodeURIComponent(link.target)}`;
  // Not colour alone: the words say the page is still to be written.
  return `<a class="wiki-link wiki-link-new" href="${escapeHtml(href)}">${label}<span class="wiki-link-note"> (new page)</span></a>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
