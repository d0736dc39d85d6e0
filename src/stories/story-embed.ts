import { invalid, notFound } from '../errors.ts';

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const EMBED_SIZE = { width: 640, height: 800, minWidth: 200, minHeight: 200 } as const;

/** The iframe an embedding page uses; the same HTML goes into the oEmbed answer. */
export function embedCode(baseUrl: string, story: { id: number; title: string }, size: { width: number; height: number } = EMBED_SIZE): string {
  return `<iframe src="${escapeAttribute(`${baseUrl}/stories/${story.id}/embed`)}" width="${size.width}" height="${size.height}" title="${escapeAttribute(story.title)}" style="border:1px solid #ccc;border-radius:8px;max-width:100%" loading="lazy"></iframe>`;
}

/** The story id in a URL of ours (`BASE/stories/ID`, also its embed or an export); anything else is not ours. */
export function storyIdFromUrl(raw: string, baseUrl: string): number {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('url', 'must be an absolute URL of a story');
  }
  const match = /^\/stories\/([0-9]{1,15})(?:\/embed|\.(?:html|md|json))?\/?$/.exec(url.pathname);
  if (url.origin !== new URL(baseUrl).origin || !match) throw notFound('Story');
  return Number(match[1]);
}

/** The embed's size within the consumer's maxwidth/maxheight (oEmbed), keeping our defaults otherwise. */
export function embedSize(maxwidth?: number, maxheight?: number): { width: number; height: number } {
  const width = Math.max(EMBED_SIZE.minWidth, Math.min(EMBED_SIZE.width, maxwidth ?? EMBED_SIZE.width));
  const height = Math.max(EMBED_SIZE.minHeight, Math.min(EMBED_SIZE.height, maxheight ?? EMBED_SIZE.height));
  return { width, height };
}
