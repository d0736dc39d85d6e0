import type { User } from '../db/schema.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import type { PageContext } from '../web/context.ts';
import { ChatList } from '../chats/views/chat-card.tsx';
import { LocalTime } from '../web/components/time.tsx';
import { ConsentRequestSection } from '../consent/views/consent-request-form.tsx';
import type { ConsentRequestRow } from '../consent/consent-log.repository.ts';

const ROLE_LABEL = { admin: 'Admin', moderator: 'Moderator', organizer: 'Organizer', member: 'Member' } as const;

export function ProfilePage({ ctx, user, chats, postCount, consentPending }: { ctx: PageContext; user: User; chats: ChatDetails[]; postCount: number; consentPending?: ConsentRequestRow | null }) {
  return (
    <>
      <header class="profile-header">
        <h1>{user.displayName}</h1>
        <p class="chat-meta">
          @{user.handle} · {ROLE_LABEL[user.role]} · joined <LocalTime at={user.createdAt} zone="UTC" readerZone={ctx.readerZone} style="date" /> · {postCount}{' '}
          {postCount === 1 ? 'post' : 'posts'}
        </p>
        {user.bio ? <p>{user.bio}</p> : null}
      </header>
      <section aria-labelledby="hosted">
        <h2 id="hosted">Chats organized or hosted</h2>
        {chats.length === 0 ? (
          <p class="empty">None yet.</p>
        ) : (
          <ChatList chats={chats} ctx={ctx} />
        )}
      </section>
      {ctx.user?.id === user.id ? <ConsentRequestSection ctx={ctx} user={user} pending={consentPending ?? null} /> : null}
    </>
  );
}
