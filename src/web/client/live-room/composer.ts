import type { PostJson } from '../../../posts/post.presenter.ts';
import { composePost, explainPostError, finalText } from '../../../live/compose-input.pages.ts';
import { apiBase, itemOf, slot, type RoomContext } from './room-context.ts';
import { api, ApiError } from './api.ts';
import { clear, say } from './feedback.ts';

/**
 * The composer over fetch: the post is shown only once the API answered 201
 * (stored), errors appear in the composer's live region and keep the text.
 * Reply and Quote fill the hidden fields that the plain form posts too.
 */
export class Composer {
  readonly #form: HTMLFormElement;
  readonly #text: HTMLTextAreaElement;
  readonly #count: HTMLElement | null;
  readonly #feedback: HTMLElement | null;
  readonly #tags: string[];
  readonly #max: number;
  #sending = false;
  readonly #cleanups: Array<() => void> = [];

  static attach(ctx: RoomContext, onPosted: (post: PostJson) => void): Composer | null {
    const form = ctx.root.querySelector<HTMLFormElement>('form[data-live-form="compose"]');
    const text = form?.querySelector<HTMLTextAreaElement>('textarea[name="text"]');
    return form && text ? new Composer(ctx, form, text, onPosted) : null;
  }

  private constructor(
    private readonly ctx: RoomContext,
    form: HTMLFormElement,
    text: HTMLTextAreaElement,
    private readonly onPosted: (post: PostJson) => void,
  ) {
    this.#form = form;
    this.#text = text;
    this.#count = slot(form, 'count');
    this.#feedback = slot(form, 'compose-feedback');
    this.#tags = (form.dataset.hashtags ?? '').split(' ').filter(Boolean);
    this.#max = Number(form.dataset.maxLength ?? '500');
    this.#on(form, 'submit', (event) => this.#submit(event));
    this.#on(form, 'input', () => this.#updateCount());
    this.#on(form, 'change', () => this.#updateCount());
    this.#on(ctx.root, 'click', (event) => this.#referenceClick(event));
    this.#updateCount();
  }

  stop(): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  #fields() {
    const data = new FormData(this.#form);
    return { text: this.#text.value, replyTo: String(data.get('replyTo') ?? ''), quoteOf: String(data.get('quoteOf') ?? ''), kept: data.getAll('tags').map(String) };
  }

  #updateCount(): void {
    if (!this.#count) return;
    const left = this.#max - [...finalText(this.#fields(), this.#tags)].length;
    this.#count.textContent = left >= 0 ? `${left} characters left, including the hashtags.` : `${-left} characters too many: shorten your post.`;
    this.#count.classList.toggle('room-compose-over', left < 0);
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.#sending || this.#form.querySelector('fieldset')?.disabled) return;
    const fields = this.#fields();
    if (fields.text.trim() === '') return this.#refuse('Your post must not be empty.', true);
    this.#sending = true;
    const button = this.#form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) button.disabled = true;
    say(this.#feedback, 'Posting…', 'info');
    try {
      const post = await api<PostJson>('POST', `${apiBase(this.ctx)}/posts`, composePost(fields, this.#tags));
      this.onPosted(post);
      this.#text.value = '';
      this.#text.removeAttribute('aria-invalid');
      this.#setReference(null, '');
      say(this.#feedback, 'Posted.', 'info');
      this.#text.focus();
    } catch (error) {
      const problem = error instanceof ApiError ? error : new ApiError(0, 'error', 'Your post could not be sent.');
      this.#refuse(explainPostError(problem.message, problem.field), problem.field === 'text');
    } finally {
      this.#sending = false;
      if (button) button.disabled = false;
      this.#updateCount();
    }
  }

  #refuse(message: string, aboutText: boolean): void {
    say(this.#feedback, message, 'error');
    if (aboutText) this.#text.setAttribute('aria-invalid', 'true');
    this.#text.focus();
  }

  /** Reply / Quote / Cancel links: the same query links work without JavaScript. */
  #referenceClick(event: Event): void {
    const link = (event.target as Element).closest<HTMLElement>('[data-live-action="reply"], [data-live-action="quote"], [data-live-action="cancel-reference"]');
    if (!link) return;
    event.preventDefault();
    const action = link.dataset.liveAction;
    if (action === 'cancel-reference') return this.#setReference(null, '');
    const item = link.closest<HTMLElement>('.room-item');
    const postId = item?.dataset.postId ?? '';
    if (!itemOf(this.ctx, postId)) return;
    const article = item!.querySelector<HTMLElement>('article')!;
    const text = slot(article, 'text')?.textContent ?? '';
    const excerpt = [...text].length > 80 ? `${[...text].slice(0, 80).join('')}…` : text;
    this.#setReference(action === 'reply' ? 'replyTo' : 'quoteOf', postId, `${action === 'reply' ? 'Replying to' : 'Quoting'} @${article.dataset.author}: “${excerpt}”`);
    this.#text.focus();
  }

  #setReference(field: 'replyTo' | 'quoteOf' | null, postId: string, label = ''): void {
    for (const name of ['replyTo', 'quoteOf'] as const) {
      const input = this.#form.querySelector<HTMLInputElement>(`input[name="${name}"]`);
      if (input) input.value = name === field ? postId : '';
    }
    const context = slot(this.#form, 'compose-context');
    const text = slot(this.#form, 'compose-context-text');
    if (context && text) {
      text.textContent = label;
      context.hidden = field === null;
    }
    if (field === null) clear(this.#feedback);
  }

  #on(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener);
    this.#cleanups.push(() => target.removeEventListener(type, listener));
  }
}
