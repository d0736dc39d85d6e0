import type { PostJson } from '../../../posts/post.presenter.ts';
import { postersLabel, watchingLabel } from '../../../live/views/post-words.ts';
import { itemOf, slot, type RoomContext } from './room-context.ts';
import { createPostItem, fillPost, markHidden } from './post-dom.ts';
import { placePost, removeItem, showQuestion } from './placement.ts';
import { setPinned, setQuestionReleased } from './host-console.ts';
import { setStatus } from './room-status.ts';
import type { StreamEvent } from './live-connection.ts';

interface Payloads {
  post: { post: PostJson };
  postId: { postId: string };
  released: { question: { number: number; text: string; releasedAt: string }; post: PostJson };
  pinned: { number: number | null };
  status: { status: string };
  presence: { watching: number };
}

/**
 * Applies stream events (and the API's own answers) to the page. Each
 * application is idempotent: a post already shown is updated, not added
 * again, so a post acknowledged by the API and then announced by the stream
 * appears once, and so does an event both rendered and replayed.
 */
export class RoomEvents {
  #posters: Set<string>;
  #posterCount: number;

  constructor(
    private readonly ctx: RoomContext,
    /** Told about every post newly put on the page (for the "new posts" marker). */
    private readonly onNewPost: (item: HTMLElement, own: boolean) => void,
  ) {
    const shown = [...ctx.root.querySelectorAll<HTMLElement>('article.room-post:not(.room-post-hidden)')];
    this.#posters = new Set(shown.map((a) => a.dataset.author ?? ''));
    this.#posterCount = Number(/\d+/.exec(slot(ctx.root, 'posters')?.textContent ?? '')?.[0] ?? this.#posters.size);
  }

  apply(event: StreamEvent): void {
    const data = event.data as Partial<Payloads[keyof Payloads]>;
    switch (event.type) {
      case 'post.created':
      case 'post.unhidden':
        return this.upsert((data as Payloads['post']).post, false);
      case 'post.updated': {
        const { post } = data as Payloads['post'];
        const item = itemOf(this.ctx, post.id);
        if (!item) return;
        const author = authorShown(item);
        fillPost(this.ctx, item, post);
        // Anonymised for consent: the post's author changed.
        if (authorShown(item) !== author) this.#recountPosters();
        return;
      }
      case 'post.hidden':
        return this.hide((data as Payloads['postId']).postId);
      case 'post.deleted':
        return this.remove((data as Payloads['postId']).postId);
      case 'question.released': {
        const { question, post } = data as Payloads['released'];
        showQuestion(this.ctx, question.number, question.text);
        setQuestionReleased(this.ctx, question.number, question.releasedAt);
        return this.upsert(post, false);
      }
      case 'question.pinned':
        return setPinned(this.ctx, (data as Payloads['pinned']).number);
      case 'chat.status':
        return setStatus(this.ctx, (data as Payloads['status']).status, true);
      case 'presence': {
        const watching = slot(this.ctx.root, 'watching');
        if (watching) watching.textContent = watchingLabel((data as Payloads['presence']).watching);
        return;
      }
    }
  }

  /** Shows a post, or brings the one shown up to date. `own`: the viewer just posted it. */
  upsert(post: PostJson, own: boolean): void {
    const existing = itemOf(this.ctx, post.id);
    if (existing) {
      // Most often the stream repeating what the API already answered; only an unhidden post changes the count.
      const wasHidden = isHidden(existing);
      fillPost(this.ctx, existing, post);
      markHidden(existing, false);
      if (wasHidden) this.#recountPosters();
      return;
    }
    const item = createPostItem(this.ctx, post);
    placePost(this.ctx, item, post);
    this.#countPoster(post.author.handle);
    this.onNewPost(item, own);
  }

  /** Hidden posts vanish for viewers; moderators keep them, marked, to unhide. */
  hide(postId: string): void {
    const item = itemOf(this.ctx, postId);
    if (!item) return;
    if (this.ctx.canModerate) markHidden(item, true);
    else removeItem(this.ctx, item);
    this.#recountPosters();
  }

  remove(postId: string): void {
    const item = itemOf(this.ctx, postId);
    if (!item) return;
    removeItem(this.ctx, item);
    this.#recountPosters();
  }

  #countPoster(handle: string): void {
    if (this.#posters.has(handle)) return;
    this.#posters.add(handle);
    this.#showPosterCount(this.#posterCount + 1);
  }

  /**
   * After a post left (hidden, deleted, removed for consent) or changed
   * author, counts again from the posts shown: the page holds the chat's
   * posts, so their authors are who has posted. Rare events; a new post
   * only ever adds one, counted without walking the page.
   */
  #recountPosters(): void {
    const shown = this.ctx.root.querySelectorAll<HTMLElement>('article.room-post:not(.room-post-hidden)');
    this.#posters = new Set([...shown].map((a) => a.dataset.author ?? ''));
    this.#showPosterCount(this.#posters.size);
  }

  #showPosterCount(count: number): void {
    this.#posterCount = count;
    const posters = slot(this.ctx.root, 'posters');
    if (posters) posters.textContent = postersLabel(count);
  }
}

function authorShown(item: HTMLElement): string | undefined {
  return item.querySelector<HTMLElement>('article')?.dataset.author;
}

function isHidden(item: HTMLElement): boolean {
  return item.querySelector('article')?.classList.contains('room-post-hidden') ?? false;
}
