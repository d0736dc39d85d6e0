import type { ChatDetails } from '../chats.repository.ts';
import type { PageContext } from '../../web/context.ts';
import { LocalTime } from '../../web/components/time.tsx';
import { effectiveStatus } from '../chat-status.ts';

const STATUS_LABEL = { draft: 'Draft', scheduled: 'Scheduled', live: 'Live now', ended: 'Ended' } as const;
const KIND_LABEL = { online: 'Online', in_person: 'In person', hybrid: 'Hybrid' } as const;

export function StatusBadge({ chat }: { chat: ChatDetails }) {
  const status = effectiveStatus(chat);
  return <span class={`badge badge-${status}`}>{STATUS_LABEL[status]}</span>;
}

export function Hashtags({ chat }: { chat: ChatDetails }) {
  return (
    <ul class="hashtags" aria-label="Hashtags">
      {chat.hashtags.map((h) => (
        <li>
          <a class="hashtag" href={`/chats?tag=${encodeURIComponent(h.tag)}`}>
            #{h.display}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function HostList({ chat }: { chat: ChatDetails }) {
  if (chat.hosts.length === 0) return null;
  return (
    <span class="hosts">
      Hosted by{' '}
      {chat.hosts.map((host, i) => (
        <>
          {i > 0 ? (i === chat.hosts.length - 1 ? ' and ' : ', ') : ''}
          {host.userId !== null ? <a href={`/@${host.handle}`}>@{host.handle}</a> : <span>{host.handle}</span>}
        </>
      ))}
    </span>
  );
}

export function ChatCard({ chat, ctx, headingLevel = 3 }: { chat: ChatDetails; ctx: PageContext; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="chat-card">
      <Heading class="chat-card-title">
        <a href={`/chats/${chat.slug}`}>{chat.title}</a>
      </Heading>
      <p class="chat-meta">
        <StatusBadge chat={chat} /> <LocalTime at={chat.startsAt} zone={chat.timeZone} readerZone={ctx.readerZone} /> · {KIND_LABEL[chat.kind]}
        {chat.venueName ? ` · ${chat.venueName}` : ''}
      </p>
      <Hashtags chat={chat} />
      <p class="chat-meta">
        <HostList chat={chat} />
      </p>
    </article>
  );
}

export { KIND_LABEL, STATUS_LABEL };

export function ChatList({ chats, ctx }: { chats: ChatDetails[]; ctx: PageContext }) {
  return (
    <ul class="chat-list">
      {chats.map((chat) => (
        <li>
          <ChatCard chat={chat} ctx={ctx} />
        </li>
      ))}
    </ul>
  );
}
