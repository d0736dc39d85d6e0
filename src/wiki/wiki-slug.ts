/**
 * Page names to URL names. One function serves page creation and
 * `[[Page name]]` links, so a link written before its page exists points
 * exactly where the page will be.
 */

export const WIKI_SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const MAX_SLUG_LENGTH = 80;
/** Words taken by the wiki's own routes (`/wiki/new`). */
const RESERVED = new Set(['new']);

/** `Conference resources — add your stuff here` → `conference-resources-add-your-stuff-here`; '' when nothing is left. */
export function wikiSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
  return RESERVED.has(slug) ? `${slug}-page` : slug;
}

export function isWikiSlug(value: string): boolean {
  return value.length <= MAX_SLUG_LENGTH && new RegExp(WIKI_SLUG_PATTERN).test(value) && !RESERVED.has(value);
}

/** A readable title for a page known only by its slug: `chat-etiquette` → `Chat etiquette`. */
export function titleFromSlug(slug: string): string {
  const words = slug.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
