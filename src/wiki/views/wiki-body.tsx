import type { PageContext } from '../../web/context.ts';
import { ChatList } from '../../chats/views/chat-card.tsx';
import type { RenderedWiki } from '../wiki-content.ts';

/** A rendered page body: sanitized Markdown pieces with the embedded chat lists between them. */
export function WikiBody({ content, ctx }: { content: RenderedWiki; ctx: PageContext }) {
  return (
    <div class="wiki-body">
      {content.map((segment) =>
        segment.kind === 'html' ? (
          // HTML from renderWikiMarkup: sanitized Markdown plus links built from escaped text.
          <div class="markdown" dangerouslySetInnerHTML={{ __html: segment.html }} />
        ) : (
          <UpcomingEmbed tag={segment.tag} chats={segment.chats} ctx={ctx} />
        ),
      )}
    </div>
  );
}

function UpcomingEmbed({ tag, chats, ctx }: { tag: string; chats: Extract<RenderedWiki[number], { kind: 'upcoming' }>['chats']; ctx: PageContext }) {
  const href = `/chats?tag=${encodeURIComponent(tag)}`;
  return (
    <section class="wiki-embed" aria-label={`Upcoming #${tag} chats`}>
      <p class="wiki-embed-title">
        Upcoming <a href={href}>#{tag}</a> chats
      </p>
      {chats.length === 0 ? <p class="empty">No #{tag} chat is scheduled yet.</p> : <ChatList chats={chats} ctx={ctx} />}
      <p class="wiki-embed-more">
        <a href={href}>All #{tag} chats →</a>
      </p>
    </section>
  );
}
