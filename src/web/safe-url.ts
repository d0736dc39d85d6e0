/**
 * A link target taken from imported data, or null when it is not plain
 * http(s). Archives come from other tools: a `javascript:` or `data:` URL
 * there must never become a link (the CSP would stop it running, but a
 * page should not offer it at all).
 */
export function httpUrlOrNull(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
