import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { findUserByHandle } from '../accounts/users.repository.ts';
import { findPageBySlug, setPageProtection } from './wiki.repository.ts';
import { createPage, editPage } from './wiki.service.ts';

/**
 * Demo wiki pages for the demo community (src/demo), saved through the
 * service so they have real histories: a resources page members added to,
 * and a protected etiquette page it links to.
 */

const RESOURCES_V1 = `Slides, notes and links from the conferences our community goes to. **Add your stuff here**: every member can edit this page, and every version is kept in its history.

Before the next chat, have a look at [[Chat etiquette]].

{{upcoming #musesocial}}

## Conference notes

- *Add the conference, a link to your notes or slides, and your @handle.*
`;

const RESOURCES_V2 = `Slides, notes and links from the conferences our community goes to. **Add your stuff here**: every member can edit this page, and every version is kept in its history.

Before the next chat, have a look at [[Chat etiquette]].

{{upcoming #musesocial}}

## Conference notes

- Museums and the Web: notes on measuring engagement beyond likes — @priya
- Family learning day: the “sketch and share” gallery activity, with photos of the cards — @priya
- *Add the conference, a link to your notes or slides, and your @handle.*

## Reading list

- [[Writing good chat questions]]: who will start this one?
`;

const ETIQUETTE = `How we keep #musesocial chats friendly and easy to follow.

1. **Answer with the question number**: start with A1, A2… so answers land under their question in the transcript.
2. **Reply to people, not just the host.** The best threads are conversations.
3. **Credit sources.** Link the exhibition, paper or colleague you are quoting.
4. **Be kind.** Moderators hide posts that attack people, and may mute accounts that keep doing it.
5. **Your words stay in the archive.** If you want your posts removed, ask a moderator: the archive honours removal requests.

See also [[Conference resources — add your stuff here]].
`;

export async function loadDemoWiki(db: Kysely<DB>, now = Date.now()): Promise<void> {
  const [dana, priya, lee] = await Promise.all(['dana', 'priya', 'lee'].map((handle) => findUserByHandle(db, handle)));
  if (!dana || !priya || !lee) return;
  const day = 24 * 3600_000;

  if (!(await findPageBySlug(db, 'chat-etiquette'))) {
    const page = await createPage(db, lee, { title: 'Chat etiquette', body: ETIQUETTE, summary: 'First version, from the moderators' }, now - 20 * day);
    await setPageProtection(db, page.id, true);
  }

  if (!(await findPageBySlug(db, 'conference-resources-add-your-stuff-here'))) {
    const title = 'Conference resources — add your stuff here';
    const page = await createPage(db, dana, { title, body: RESOURCES_V1, summary: 'Started the page' }, now - 14 * day);
    await editPage(db, priya, page.slug, { body: RESOURCES_V2, summary: 'Added my conference notes and a reading list', baseRevision: 1 }, now - 2 * day);
  }
}
