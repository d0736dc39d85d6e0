import type { PageContext } from '../../web/context.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import { PostItem } from '../../posts/views/post-item.tsx';
import type { StoryView } from '../story-view.ts';
import { OpForm } from './op-form.tsx';

export interface FinderView {
  raw: { q: string; author: string; question: string };
  /** null before the curator searched. */
  results: PostView[] | null;
  error: string | null;
}

/** "Add posts": a GET form over the story's chats, and an "Add to section" form per result. */
export function PostFinder({ ctx, base, view, finder }: { ctx: PageContext; base: string; view: StoryView; finder: FinderView }) {
  const inStory = new Set(view.sections.flatMap((s) => s.items.flatMap((i) => (i.kind === 'post' ? [i.post.id] : []))));
  const questions = view.story.chats.flatMap((c) => c.questions);
  return (
    <section class="story-finder" id="find-posts" aria-labelledby="find-posts-title">
      <h2 id="find-posts-title">Add posts</h2>
      <form method="get" action={`${base}/edit#find-posts`} class="filters">
        <div class="field">
          <label for="find-q">Words</label>
          <input id="find-q" name="q" type="search" value={finder.raw.q} maxLength={200} />
        </div>
        <div class="field">
          <label for="find-author">Author</label>
          <input id="find-author" name="author" type="text" value={finder.raw.author} maxLength={120} placeholder="@handle" />
        </div>
        <div class="field">
          <label for="find-question">Answers</label>
          <select id="find-question" name="question">
            <option value="">Any question</option>
            {[...new Set(questions.map((q) => q.number))].map((n) => (
              <option value={String(n)} selected={finder.raw.question === String(n)}>
                Q{n}
              </option>
            ))}
            <option value="other" selected={finder.raw.question === 'other'}>
              No question (other conversation)
            </option>
          </select>
        </div>
        <button type="submit" class="button button-small">
          Find posts
        </button>
      </form>
      {finder.error ? <p class="field-error">{finder.error}</p> : null}
      {finder.results === null ? null : finder.results.length === 0 ? (
        <p class="empty">No posts match.</p>
      ) : view.sections.length === 0 ? (
        <p class="empty">Add a section first, then add posts to it.</p>
      ) : (
        <ul class="post-list story-finder-results">
          {finder.results.map((post) => (
            <li>
              <PostItem post={post} zone={view.story.chats.find((c) => c.slug === post.chatSlug)?.timeZone ?? 'UTC'} readerZone={ctx.readerZone} />
              {inStory.has(post.id) ? (
                <p class="hint">Already in the story.</p>
              ) : (
                <OpForm ctx={ctx} base={base} op="add-post" fields={{ post: String(post.id) }}>
                  <label for={`add-${post.id}`}>Add to</label>{' '}
                  <select id={`add-${post.id}`} name="section">
                    {view.sections.map((s) => (
                      <option value={String(s.id)}>{s.heading}</option>
                    ))}
                  </select>{' '}
                  <button type="submit" class="button button-small" aria-label={`Add post by ${post.authorDisplayName} to the story`}>
                    Add
                  </button>
                </OpForm>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
