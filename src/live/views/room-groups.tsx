import type { PostView } from '../../posts/posts.repository.ts';
import type { RoomGroup, Thread } from '../room-threads.pages.ts';
import { controlsFor, toPostModel } from './room-post-model.ts';
import { RoomPost } from './room-post.tsx';
import type { RoomRender } from './room-render.ts';
import { groupTitle } from './post-words.ts';

/** The posts, one section per question, in the order groupPosts() chose. */
export function RoomGroups({ r }: { r: RoomRender }) {
  return (
    <div class="room-groups" data-slot="groups">
      {r.room.groups.map((group) => (
        <GroupSection r={r} group={group} />
      ))}
    </div>
  );
}

/**
 * One question's section. With a filter (`?q=q2`) the others are rendered
 * `hidden`, so the filter works without JavaScript and the client can lift
 * it without a reload. Also rendered, empty, as the client's template.
 */
export function GroupSection({ r, group }: { r: RoomRender; group: RoomGroup<PostView> }) {
  const question = group.number === null ? undefined : r.room.chat.questions.find((q) => q.number === group.number);
  const released = question?.releasedAt != null;
  const pinned = group.number !== null && group.number === r.room.pinned;
  const titleId = `${group.key}-title`;
  return (
    <section
      class={pinned ? 'room-group room-group-pinned' : 'room-group'}
      id={group.key}
      data-group={group.key}
      data-question={group.number ?? undefined}
      aria-labelledby={titleId}
      hidden={r.ui.filter !== null && r.ui.filter !== group.key}
    >
      <h3 class="room-group-title" id={titleId}>
        <span class="room-qnum" data-slot="group-label">
          {groupTitle(group.number, released)}
        </span>{' '}
        <span data-slot="question-text">{released ? question?.text : ''}</span>{' '}
        <span class="room-label room-label-pinned" data-slot="pin-badge" hidden={!pinned}>
          Pinned
        </span>
      </h3>
      <div class="room-group-head" data-slot="head">
        {group.head ? <HeadItem r={r} thread={group.head} /> : null}
      </div>
      <ol class="room-thread" data-slot="items">
        {group.items.map((thread) => (
          <ThreadItem r={r} thread={thread} />
        ))}
      </ol>
      <p class="room-empty" data-slot="empty" hidden={group.items.length > 0}>
        {group.number === null ? 'Nothing here yet.' : 'No answers yet.'}
      </p>
    </section>
  );
}

function HeadItem({ r, thread }: { r: RoomRender; thread: Thread<PostView> }) {
  return (
    <div class="room-item room-item-head" data-post-id={thread.post.id} data-answers={thread.post.answersQuestion ?? ''}>
      <RoomPost r={r} post={toPostModel(thread.post, r.room)} controls={controlsFor(thread.post, r.room, r.now)} />
    </div>
  );
}

export function ThreadItem({ r, thread }: { r: RoomRender; thread: Thread<PostView> }) {
  return (
    <li class="room-item" data-post-id={thread.post.id} data-answers={thread.post.answersQuestion ?? ''}>
      <RoomPost r={r} post={toPostModel(thread.post, r.room)} controls={controlsFor(thread.post, r.room, r.now)} />
      <ol class="room-replies" data-slot="replies" hidden={thread.replies.length === 0}>
        {thread.replies.map((reply) => (
          <ThreadItem r={r} thread={reply} />
        ))}
      </ol>
    </li>
  );
}

/** Links that narrow the room to one question; plain links, so they work without JavaScript. */
export function QuestionFilter({ r }: { r: RoomRender }) {
  const current = r.ui.filter;
  return (
    <nav class="room-filter" aria-label="Show one question">
      <ul data-slot="filter-list">
        <li>
          <a href={r.urls.with({})} data-filter="" aria-current={current === null ? 'true' : undefined}>
            All
          </a>
        </li>
        {r.room.groups.map((group) => (
          <li>
            <a href={r.urls.with({ q: group.key })} data-filter={group.key} aria-current={current === group.key ? 'true' : undefined}>
              {group.number === null ? 'Other' : `Q${group.number}`}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
