/**
 * How a link reads in plain text. Mastodon and Bluesky show links shortened
 * ("github.com/cloudyr/aws.s3/pull…", "www.youtube.com/watch?v=V5lD...");
 * the archive keeps the whole address instead, and keeps a label that says
 * something else ("GitHub - mailund/tailr") next to it.
 */
const WEB_ADDRESS = /^https?:\/\//i;
const ELLIPSIS_END = /(?:…|\.\.\.)$/;

const bare = (url: string) => url.replace(WEB_ADDRESS, '').replace(/^www\./i, '');

export function isWebAddress(href: string): boolean {
  return WEB_ADDRESS.test(href);
}

export function linkText(label: string, href: string): string {
  const shown = label.trim();
  if (!isWebAddress(href)) return shown;
  return shown === '' || bare(href).startsWith(bare(shown.replace(ELLIPSIS_END, ''))) ? href : `${shown} (${href})`;
}
