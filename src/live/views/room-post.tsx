import { LocalTime } from '../../web/components/time.tsx';
import { CsrfField } from '../../web/components/forms.tsx';
import type { RoomPostModel, PostControls } from './room-post-model.ts';
import type { RoomRender } from './room-render.ts';
import { contextLabel, countLabel, handleLabel } from './post-words.ts';
import { isAnonymousAuthor, shownHandle } from '../../consent/anonymous-author.ts';
import { LinkedText } from '../../posts/views/post-text.tsx';

/** The shared form every action button submits through (`form=` + `formaction=`): one CSRF field for the page, not one per button. */
export const ACTION_FORM_ID = 'room-action';

/**
 * One post in the room. Everything the browser client changes later is
 * marked with `data-slot` / `data-count`; the client fills a clone of the
 * `<template>` rendered from this same component, so live and reloaded posts
 * look alike. Post text is plain text: Preact escapes it.
 */
export function RoomPost({ r, post, controls, template = false }: { r: RoomRender; post: RoomPostModel; controls: PostControls; template?: boolean }) {
  const context = contextLabel(post);
  const editing = r.ui.editing?.postId === Number(post.id) ? r.ui.editing : null;
  const classes = ['room-post', post.questionNumber !== null ? 'room-post-question' : '', post.kind === 'boost' ? 'room-post-boost' : '', post.hidden ? 'room-post-hidden' : ''];
  return (
    <article class={classes.filter(Boolean).join(' ')} id={`post-${post.id}`} data-author={shownHandle(post.author.handle)} tabIndex={-1}>
      <header class="room-post-header">
        <span class="room-post-author" data-slot="display-name">
          {post.author.displayName}
        </span>{' '}
        {isAnonymousAuthor(post.author) ? (
          <span class="room-post-handle" data-slot="handle" hidden></span>
        ) : post.author.network === 'local' ? (
          <a class="room-post-handle" data-slot="handle" href={`/@${post.author.handle}`}>
            {handleLabel(post.author)}
          </a>
        ) : (
          <span class="room-post-handle" data-slot="handle">
            {handleLabel(post.author)}
          </span>
        )}{' '}
        <a class="room-post-time" data-slot="permalink" href={`#post-${post.id}`}>
          {template ? <time data-slot="time"></time> : <LocalTime at={post.createdAt} zone={r.room.chat.timeZone} readerZone={r.ctx.readerZone} style="time" />}
        </a>
      </header>
      <p class="room-post-context" data-slot="context" hidden={!context}>
        {context}
      </p>
      <p class="room-post-labels">
        <span class="room-label room-label-hidden" data-slot="hidden-label" hidden={!post.hidden}>
          Hidden from viewers
        </span>
        <span class="room-label" data-slot="edited-label" hidden={!post.edited}>
          Edited
        </span>
      </p>
      {editing ? (
        <EditForm r={r} postId={post.id} text={editing.text} error={editing.error} />
      ) : (
        <p class="room-post-text" data-slot="text">
          <LinkedText text={post.text} />
        </p>
      )}
      <blockquote class="room-post-quote" data-slot="quote" hidden={!post.quoted}>
        <p>
          <span class="room-post-quote-author" data-slot="quote-author">
            {post.quoted ? (post.quoted.handle ? `@${post.quoted.handle}` : 'Anonymous') : ''}
          </span>{' '}
          <span data-slot="quote-text">{post.quoted?.text ?? ''}</span>
        </p>
      </blockquote>
      <footer class="room-post-footer">
        <p class="room-post-counts">
          <span data-count="replies">{countLabel('replies', post.counts.replies)}</span>
          <span data-count="boosts">{countLabel('boosts', post.counts.boosts)}</span>
          <span data-count="likes">{countLabel('likes', post.counts.likes)}</span>
        </p>
        <MemberActions r={r} post={post} controls={controls} template={template} />
        <ModerationMenu r={r} post={post} />
      </footer>
    </article>
  );
}

function MemberActions({ r, post, controls, template }: { r: RoomRender; post: RoomPostModel; controls: PostControls; template: boolean }) {
  const { permissions } = r.room;
  if (!permissions.canPost || !r.room.viewer) return null;
  const isBoost = post.kind === 'boost';
  const isQuestion = post.questionNumber !== null;
  const action = (name: string) => r.urls.postAction(post.id, name);
  return (
    <div class="room-post-actions" role="group" aria-label="Post actions">
      {isBoost ? null : (
        <>
          <a class="room-action room-compose-action" data-live-action="reply" data-slot="reply" data-not-for-boost="" href={r.urls.with({ reply: post.id, q: r.ui.filter }, '#composer')}>
            {isQuestion ? 'Answer' : 'Reply'}
          </a>
          <a class="room-action room-compose-action" data-live-action="quote" data-not-for-boost="" href={r.urls.with({ quote: post.id, q: r.ui.filter }, '#composer')}>
            Quote
          </a>
          <button
            type="submit"
            class="room-action"
            form={ACTION_FORM_ID}
            formaction={action(controls.liked ? 'unlike' : 'like')}
            data-live-action="like"
            data-not-for-boost=""
            aria-pressed={controls.liked ? 'true' : 'false'}
          >
            Like
          </button>
          <button type="submit" class="room-action room-compose-action" form={ACTION_FORM_ID} formaction={action('boost')} data-live-action="boost" data-not-for-boost="" disabled={controls.boosted} aria-pressed={controls.boosted ? 'true' : 'false'}>
            {controls.boosted ? 'Boosted' : 'Boost'}
          </button>
        </>
      )}
      {controls.own || template ? (
        <span class="room-own-actions" data-own="">
          {controls.editable || template ? (
            <a class="room-action" data-live-action="edit" data-editable="" href={r.urls.with({ edit: post.id, q: r.ui.filter }, `#post-${post.id}`)}>
              Edit
            </a>
          ) : null}
          <button type="submit" class="room-action room-action-danger" form={ACTION_FORM_ID} formaction={action('delete')} data-live-action="delete" data-confirm="Delete your post? This cannot be undone.">
            Delete
          </button>
        </span>
      ) : null}
    </div>
  );
}

function ModerationMenu({ r, post }: { r: RoomRender; post: RoomPostModel }) {
  const { permissions, viewer } = r.room;
  if (!permissions.canModerate || !viewer) return null;
  const local = post.author.network === 'local';
  const self = local && post.author.handle === viewer.user.handle;
  return (
    <details class="room-moderation">
      <summary>Moderate</summary>
      <div class="room-moderation-actions">
        <button type="submit" class="room-action" form={ACTION_FORM_ID} formaction={r.urls.postAction(post.id, post.hidden ? 'unhide' : 'hide')} data-live-action={post.hidden ? 'unhide' : 'hide'}>
          {post.hidden ? 'Unhide' : 'Hide'}
        </button>
        <button type="submit" class="room-action room-action-danger" form={ACTION_FORM_ID} formaction={r.urls.postAction(post.id, 'remove')} data-live-action="remove" data-confirm="Delete this post for everyone?">
          Delete
        </button>
        {local && !self ? (
          <span data-not-self="">
            <button type="submit" class="room-action" form={ACTION_FORM_ID} formaction={r.urls.mute(post.author.handle)} data-live-action="mute">
              Mute <span data-slot="handle-ref">@{post.author.handle}</span>
            </button>
            {permissions.canBan ? (
              <button type="submit" class="room-action room-action-danger" form={ACTION_FORM_ID} formaction={r.urls.ban(post.author.handle)} data-live-action="ban" data-confirm="Ban this account from the whole server?">
                Ban <span data-slot="handle-ref">@{post.author.handle}</span>
              </button>
            ) : null}
          </span>
        ) : null}
      </div>
    </details>
  );
}

function EditForm({ r, postId, text, error }: { r: RoomRender; postId: string; text: string; error: string | null }) {
  const id = `edit-${postId}`;
  return (
    <form method="post" action={r.urls.postAction(postId, 'edit')} class="room-edit-form">
      <CsrfField token={r.ctx.csrfToken} />
      <label for={id}>Edit your post</label>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <textarea id={id} name="text" rows={3} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {text}
      </textarea>
      <p class="room-edit-buttons">
        <button type="submit" class="button-small">
          Save
        </button>
        <a href={r.urls.with({ q: r.ui.filter }, `#post-${postId}`)}>Cancel</a>
      </p>
    </form>
  );
}
