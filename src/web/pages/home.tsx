import type { ChatDetails } from '../../chats/chats.repository.ts';
import type { PageContext } from '../context.ts';
import { ChatCard, ChatList } from '../../chats/views/chat-card.tsx';

export function HomePage({ ctx, nextUp, upcoming, recent }: { ctx: PageContext; nextUp: ChatDetails | null; upcoming: ChatDetails[]; recent: ChatDetails[] }) {
  return (
    <>
      <section class="intro">
        <h1>Community chats, kept by the community</h1>
        <p class="lead">
          Scheduled, hosted, question-by-question conversations. Join live, read every past transcript, and add the next chat to your calendar.
        </p>
      </section>
      <section aria-labelledby="next-up">
        <h2 id="next-up" class="section-heading">
          Next up
        </h2>
        {nextUp ? (
          <div class="next-up">
            <ChatCard chat={nextUp} ctx={ctx} />
          </div>
        ) : (
          <p class="empty">No chat is scheduled yet.</p>
        )}
      </section>
      {upcoming.length > 0 ? (
        <section aria-labelledby="upcoming">
          <h2 id="upcoming" class="section-heading">
            Coming up
          </h2>
          <ChatList chats={upcoming} ctx={ctx} />
        </section>
      ) : null}
      <section aria-labelledby="recent">
        <h2 id="recent" class="section-heading">
          Recent chats
        </h2>
        {recent.length > 0 ? (
          <ChatList chats={recent} ctx={ctx} />
        ) : (
          <p class="empty">No chats have happened yet.</p>
        )}
        <p>
          <a href="/chats">All chats →</a>
        </p>
      </section>
    </>
  );
}
