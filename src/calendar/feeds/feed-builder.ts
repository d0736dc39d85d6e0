import { Feed, type Item } from 'feed';
import type { ChatDetails } from '../../chats/chats.repository.ts';
import { entryContent, entrySummary } from './feed-entry.tsx';

export type FeedFormat = 'atom' | 'rss';

/**
 * News feeds of new and changed chats, written by the `feed` package.
 * Titles and summaries are HTML-escaped text (Atom marks them type="html",
 * and RSS readers treat them as HTML), entry ids are tag: URIs built from
 * the chat id, so a renamed chat stays one entry, and RSS gets dc:creator
 * because its <author> must be an e-mail address.
 */
export function buildFeed(chats: ChatDetails[], format: FeedFormat, options: { baseUrl: string; now?: number }): string {
  const { baseUrl } = options;
  const host = new URL(baseUrl).hostname;
  const updated = chats.reduce((latest, chat) => Math.max(latest, chat.updatedAt), 0) || (options.now ?? Date.now());
  const feed = new Feed({
    id: `${baseUrl}/`,
    title: 'Musesocial chats',
    description: 'New and updated community hashtag chats',
    link: `${baseUrl}/chats`,
    language: 'en',
    updated: new Date(updated),
    generator: 'Musesocial',
    copyright: 'Each chat belongs to its organizers',
    author: { name: 'Musesocial', link: baseUrl },
    feedLinks: { atom: `${baseUrl}/feed.atom`, rss: `${baseUrl}/feed.rss` },
  });
  for (const chat of chats) {
    const url = `${baseUrl}/chats/${chat.slug}`;
    const organizer = chat.organizerHandle;
    const item: Item = {
      id: `tag:${host},${new Date(chat.createdAt).toISOString().slice(0, 10)}:chat-${chat.id}`,
      title: escapeHtml(chat.title),
      link: url,
      date: new Date(chat.updatedAt),
      description: escapeHtml(entrySummary(chat)),
      content: cdataSafe(xmlSafe(entryContent(chat, url))),
      category: chat.hashtags.map((h) => ({ term: h.tag, name: h.display })),
    };
    if (format === 'atom') {
      item.published = new Date(chat.createdAt);
      if (organizer) item.author = [{ name: `@${organizer}`, link: `${baseUrl}/@${organizer}` }];
    } else if (organizer) {
      item.extensions = [{ name: 'dc:creator', objects: { _text: `@${organizer}` } }];
    }
    feed.addItem(item);
  }
  return format === 'atom' ? feed.atom1() : feed.rss2();
}

function escapeHtml(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** XML 1.0 has no place for most control characters; a pasted one would break the whole feed. */
function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** Values go into CDATA sections, which "]]>" would end early; in HTML "]]&gt;" reads the same. */
function cdataSafe(html: string): string {
  return html.replace(/]]>/g, ']]&gt;');
}
