import type { ChatDetails } from '../chats.repository.ts';
import type { PageContext } from '../../web/context.ts';
import { ChatList } from './chat-card.tsx';
import { policies } from '../../accounts/policies.ts';

export interface ChatListView {
  when: 'upcoming' | 'past';
  tag: string;
  host: string;
  chats: ChatDetails[];
  nextCursor: string | null;
  isLaterPage: boolean;
}

export function ChatListPage({ ctx, view }: { ctx: PageContext; view: ChatListView }) {
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams({ when: view.when, ...(view.tag ? { tag: view.tag } : {}), ...(view.host ? { host: view.host } : {}), ...extra });
    return `/chats?${params.toString()}`;
  };
  const heading = view.when === 'upcoming' ? 'Upcoming chats' : 'Past chats';
  return (
    <>
      <h1>{view.tag ? `${heading} tagged #${view.tag}` : heading}</h1>
      <p class="calendar-links">
        <a href={view.tag ? `/calendar.ics?tag=${encodeURIComponent(view.tag)}` : '/calendar.ics'}>
          {view.tag ? `Subscribe to #${view.tag} chats (.ics)` : 'Subscribe to the calendar (.ics)'}
        </a>{' '}
        · <a href="/feed.atom">News feed</a>
        {policies.createChat(ctx.user) ? (
          <>
            {' '}
            · <a href="/chats/import">Import chats from a calendar file</a>
          </>
        ) : null}
      </p>
      <nav aria-label="Upcoming or past" class="tabs">
        <a href={query({ when: 'upcoming' })} aria-current={view.when === 'upcoming' ? 'page' : undefined}>
          Upcoming
        </a>{' '}
        <a href={query({ when: 'past' })} aria-current={view.when === 'past' ? 'page' : undefined}>
          Past
        </a>
      </nav>
      <form method="get" action="/chats" class="filters" role="search">
        <input type="hidden" name="when" value={view.when} />
        <div class="field">
          <label for="filter-tag">Hashtag</label>
          <input id="filter-tag" name="tag" value={view.tag} placeholder="musesocial" />
        </div>
        <div class="field">
          <label for="filter-host">Host</label>
          <input id="filter-host" name="host" value={view.host} placeholder="@handle" />
        </div>
        <button type="submit" class="button button-secondary">
          Filter
        </button>
      </form>
      {view.chats.length === 0 ? (
        <p class="empty">No {view.when} chats match.</p>
      ) : (
        <ChatList chats={view.chats} ctx={ctx} />
      )}
      <nav class="pagination" aria-label="Pages">
        {view.isLaterPage ? <a href={query({})}>← First page</a> : null}{' '}
        {view.nextCursor ? (
          <a href={query({ cursor: view.nextCursor })} rel="next">
            More {view.when} chats →
          </a>
        ) : null}
      </nav>
    </>
  );
}
