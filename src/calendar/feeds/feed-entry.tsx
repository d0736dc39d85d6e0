import { DateTime } from 'luxon';
import { renderToString } from 'preact-render-to-string';
import type { ChatDetails } from '../../chats/chats.repository.ts';
import { formatInstant } from '../../web/components/time.tsx';
import { renderMarkdown } from '../../web/markdown.ts';
import { eventLocation } from '../ics/event-text.ts';

/** "Tue 3 Mar 2026, 3:00 PM EST": feed readers show no script, so times are in the chat's zone. */
export function chatWhen(chat: ChatDetails): string {
  return formatInstant(DateTime.fromMillis(chat.startsAt, { zone: chat.timeZone }), 'full');
}

/** One line for the entry summary (plain text). */
export function entrySummary(chat: ChatDetails): string {
  const hosts = chat.hosts.length > 0 ? ` · hosted by ${chat.hosts.map((h) => (h.handle.startsWith('@') ? h.handle : `@${h.handle}`)).join(', ')}` : '';
  return `${chatWhen(chat)} · ${chat.hashtags.map((h) => `#${h.display}`).join(' ')} · ${eventLocation(chat)}${hosts}`;
}

/** The entry body as HTML: Preact escapes every text; the background is sanitized Markdown. */
export function entryContent(chat: ChatDetails, url: string): string {
  return renderToString(
    <>
      <p>
        <strong>When:</strong> {chatWhen(chat)}
        <br />
        <strong>Where:</strong> {eventLocation(chat)}
      </p>
      {chat.background.trim() ? <div dangerouslySetInnerHTML={{ __html: renderMarkdown(chat.background) }} /> : null}
      {chat.questions.length > 0 ? (
        <ol>
          {chat.questions.map((q) => (
            <li value={q.number}>{q.text}</li>
          ))}
        </ol>
      ) : null}
      <p>
        <a href={url}>Open the chat</a> · <a href={`${url}/event.ics`}>Add to calendar (.ics)</a>
      </p>
    </>,
  );
}
