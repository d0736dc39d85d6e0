import { CsrfField } from '../../web/components/forms.tsx';
import { POST_MAX_LENGTH } from '../../posts/posts.service.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import type { RoomRender } from './room-render.ts';
import { CLOSED_NOTICE } from './post-words.ts';

/**
 * The composer: a plain POST form with CSRF that the client upgrades to a
 * fetch to the JSON API. The chat's hashtags are chips the member may untick
 * for an aside. Reply/Quote set the hidden fields (via `?reply=` without
 * JavaScript). A closed room keeps the form, disabled, so the client can
 * reopen it when a host opens the room.
 */
export function Composer({ r }: { r: RoomRender }) {
  const { room, ui, urls, ctx } = r;
  const tags = room.chat.hashtags.map((h) => h.display);
  const kept = new Set(ui.compose.tags ?? tags);
  const reference = ui.replyTo ? { kind: 'Replying to', post: ui.replyTo } : ui.quoteOf ? { kind: 'Quoting', post: ui.quoteOf } : null;
  const error = ui.compose.error;
  const describedBy = ['composer-count', error && ui.compose.textError ? 'composer-text-error' : ''].filter(Boolean).join(' ');
  return (
    <section class="room-composer" id="composer" aria-labelledby="composer-title">
      <h2 id="composer-title">{tags.length > 0 ? `Post to #${tags[0]}` : 'Post'}</h2>
      <Eligibility r={r} />
      {error && !room.permissions.canPost ? (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {room.permissions.canPost ? (
        <form method="post" action={urls.compose} data-live-form="compose" data-max-length={POST_MAX_LENGTH} data-hashtags={tags.join(' ')}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="_tags" value="1" />
          <input type="hidden" name="replyTo" value={ui.replyTo ? String(ui.replyTo.id) : ''} />
          <input type="hidden" name="quoteOf" value={ui.quoteOf ? String(ui.quoteOf.id) : ''} />
          <div class="room-compose-feedback" data-slot="compose-feedback" aria-live="polite">
            {error && !ui.compose.textError ? (
              <p class="notice notice-error" role="alert">
                {error}
              </p>
            ) : null}
          </div>
          <div class="room-compose-context" data-slot="compose-context" hidden={!reference}>
            <span data-slot="compose-context-text">{reference ? referenceText(reference.kind, reference.post) : ''}</span>{' '}
            <a href={urls.with({ q: ui.filter }, '#composer')} data-live-action="cancel-reference">
              Cancel
            </a>
          </div>
          <fieldset class="room-compose-fields" disabled={!room.postingOpen}>
            <div class={error && ui.compose.textError ? 'field field-invalid' : 'field'}>
              <label for="composer-text">Your post</label>
              {error && ui.compose.textError ? (
                <p class="field-error" id="composer-text-error">
                  {error}
                </p>
              ) : null}
              <textarea id="composer-text" name="text" rows={3} aria-describedby={describedBy} aria-invalid={error && ui.compose.textError ? 'true' : undefined}>
                {ui.compose.text}
              </textarea>
              <p class="hint room-compose-count" id="composer-count" data-slot="count">
                Up to {POST_MAX_LENGTH} characters, including the hashtags.
              </p>
            </div>
            {tags.length > 0 ? (
              <fieldset class="room-tags">
                <legend>Hashtags added to your post</legend>
                <div class="room-tag-chips">
                  {tags.map((tag) => (
                    <label class="room-tag-chip">
                      <input type="checkbox" name="tags" value={tag} checked={kept.has(tag)} />
                      <span>
                        <span class="visually-hidden">Include </span>#{tag}
                      </span>
                    </label>
                  ))}
                </div>
                <p class="hint">Untick a hashtag for an aside that should not reach its followers.</p>
              </fieldset>
            ) : null}
            <p class="room-compose-buttons">
              <button type="submit">Post</button>
            </p>
          </fieldset>
          <p class="room-closed-notice" data-slot="closed-notice" hidden={room.postingOpen}>
            {CLOSED_NOTICE[room.status]}
          </p>
        </form>
      ) : null}
    </section>
  );
}

function referenceText(kind: string, post: PostView): string {
  const excerpt = [...post.text].length > 80 ? `${[...post.text].slice(0, 80).join('')}…` : post.text;
  return `${kind} @${post.authorHandle}: “${excerpt}”`;
}

/** Why this visitor cannot post, or what limits apply to them. */
function Eligibility({ r }: { r: RoomRender }) {
  const { room, urls } = r;
  if (!room.viewer) {
    return (
      <p class="hint">
        Watching needs no account. <a href={`/login?next=${encodeURIComponent(urls.room)}`}>Sign in</a> or <a href="/signup">join</a> to post.
      </p>
    );
  }
  if (!room.permissions.canPost) return <p class="notice notice-error">Your account cannot post here.</p>;
  return (
    <>
      {room.viewer.muted ? <p class="notice notice-error">You are muted in this chat: your posts will be refused.</p> : null}
      <p class="hint" data-slot="slow-mode" hidden={room.slowModeSeconds === 0}>
        Slow mode: one post every {room.slowModeSeconds} seconds per person.
      </p>
    </>
  );
}
