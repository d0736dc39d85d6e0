import type { ChatDetails } from '../../chats/chats.repository.ts';

/**
 * The text of a chat as calendar apps show it. Plain text only: the
 * generator escapes commas, semicolons, backslashes and newlines.
 */

/** Title plus the hashtags it does not already mention: "Museums and TikTok #musesocial". */
export function eventSummary(chat: ChatDetails): string {
  const mentioned = chat.title.toLowerCase();
  const tags = chat.hashtags.filter((h) => !new RegExp(`#${h.tag}(?![\\p{L}\\p{N}_])`, 'u').test(mentioned)).map((h) => `#${h.display}`);
  return [chat.title, ...tags].join(' ');
}

export function eventDescription(chat: ChatDetails, url: string): string {
  const parts: string[] = [];
  if (chat.background.trim()) parts.push(chat.background.trim());
  if (chat.questions.length > 0) parts.push(['Questions:', ...chat.questions.map((q) => `Q${q.number}. ${q.text}`)].join('\n'));
  if (chat.hosts.length > 0) parts.push(`Hosted by ${chat.hosts.map((h) => (h.handle.startsWith('@') ? h.handle : `@${h.handle}`)).join(', ')}`);
  parts.push(`Hashtags: ${chat.hashtags.map((h) => `#${h.display}`).join(' ')}`);
  if (chat.venueNotes) parts.push(chat.venueNotes);
  parts.push(`Join and read along: ${url}`);
  return parts.join('\n\n');
}

/** Venue and address; an online chat happens on its hashtag. */
export function eventLocation(chat: ChatDetails): string {
  const tag = `#${chat.hashtags[0]?.display ?? ''}`;
  if (!chat.venueName || chat.kind === 'online') return `Online: ${tag}`;
  const venue = [chat.venueName, chat.venueAddress].filter(Boolean).join(', ');
  return chat.kind === 'hybrid' ? `${venue} (and online: ${tag})` : venue;
}
