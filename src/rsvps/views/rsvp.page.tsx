import type { ChatDetails } from '../../chats/chats.repository.ts';
import type { PageContext } from '../../web/context.ts';
import type { RsvpPanelView } from '../rsvp-panel.ts';
import { RsvpPanel } from './rsvp-panel.tsx';

/** The RSVP panel on a page of its own: where a rejected RSVP form comes back with its error. */
export function RsvpPage({ ctx, chat, view }: { ctx: PageContext; chat: ChatDetails; view: RsvpPanelView }) {
  return (
    <article>
      <p>
        <a href={`/chats/${chat.slug}`}>← Back to the chat</a>
      </p>
      <h1>RSVP: {chat.title}</h1>
      <RsvpPanel ctx={ctx} chat={chat} view={view} />
    </article>
  );
}
