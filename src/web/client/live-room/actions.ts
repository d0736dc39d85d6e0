import type { PostJson } from '../../../posts/post.presenter.ts';
import { explainPostError } from '../../../live/compose-input.pages.ts';
import { apiBase, slot, type RoomContext } from './room-context.ts';
import { api, ApiError } from './api.ts';
import { say } from './feedback.ts';
import type { RoomEvents } from './room-events.ts';

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The room's buttons over fetch. Each button is also a plain form button
 * (`formaction`), so this only changes how the request travels; the server
 * authorizes every action, and the stream tells every viewer the outcome.
 * What the API answers is applied at once for the person who clicked.
 */
export class RoomActions {
  readonly #feedback: HTMLElement | null;
  readonly #cleanups: Array<() => void> = [];

  constructor(
    private readonly ctx: RoomContext,
    private readonly events: RoomEvents,
  ) {
    this.#feedback = slot(ctx.root, 'feedback');
    const onClick = (event: Event) => void this.#click(event);
    const onSubmit = (event: Event) => void this.#slowMode(event);
    ctx.root.addEventListener('click', onClick);
    ctx.root.addEventListener('submit', onSubmit);
    this.#cleanups.push(() => ctx.root.removeEventListener('click', onClick), () => ctx.root.removeEventListener('submit', onSubmit));
  }

  stop(): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  async #click(event: Event): Promise<void> {
    // A cancelled confirmation (main.ts asks for data-confirm buttons) has already prevented the default.
    if (event.defaultPrevented) return;
    const control = (event.target as Element).closest<HTMLElement>('[data-live-action]');
    const action = control?.dataset.liveAction;
    if (!control || !action || ['reply', 'quote', 'cancel-reference'].includes(action)) return;
    event.preventDefault();
    if (control instanceof HTMLButtonElement) control.disabled = true;
    try {
      await this.#run(action, control);
    } catch (error) {
      say(this.#feedback, error instanceof ApiError ? error.message : 'That did not work; try again.', 'error');
    } finally {
      const boosted = action === 'boost' && control.getAttribute('aria-pressed') === 'true';
      if (control instanceof HTMLButtonElement && !boosted) control.disabled = false;
    }
  }

  async #run(action: string, control: HTMLElement): Promise<void> {
    const postId = control.closest<HTMLElement>('.room-item')?.dataset.postId ?? '';
    const handle = control.closest<HTMLElement>('article')?.dataset.author ?? control.closest<HTMLElement>('[data-handle]')?.dataset.handle ?? '';
    const question = control.closest<HTMLElement>('[data-question]')?.dataset.question ?? '';
    const post = `/api/v1/posts/${postId}`;
    const chat = apiBase(this.ctx);
    const call = <T>(method: Method, url: string, body?: unknown) => api<T>(method, url, body);
    switch (action) {
      case 'like': {
        const liked = control.getAttribute('aria-pressed') === 'true';
        this.events.upsert(await call<PostJson>(liked ? 'DELETE' : 'POST', `${post}/like`), false);
        control.setAttribute('aria-pressed', String(!liked));
        control.setAttribute('formaction', control.getAttribute('formaction')!.replace(/\/(like|unlike)$/, liked ? '/like' : '/unlike'));
        return;
      }
      case 'boost':
        this.events.upsert(await call<PostJson>('POST', `${post}/boost`), true);
        control.setAttribute('aria-pressed', 'true');
        control.textContent = 'Boosted';
        return;
      case 'delete':
        await call('DELETE', post);
        return this.events.remove(postId);
      case 'remove':
        await call('POST', `${post}/remove`);
        return this.events.remove(postId);
      case 'hide':
        await call('POST', `${post}/hide`);
        return this.events.hide(postId);
      case 'unhide':
        await call('POST', `${post}/unhide`);
        return;
      case 'edit':
        return this.#edit(control, postId);
      case 'mute':
        await call('POST', `${chat}/mutes`, { handle });
        this.#listMuted(handle, true);
        return say(this.#feedback, `@${handle} is muted in this chat.`, 'success');
      case 'unmute':
        await call('DELETE', `${chat}/mutes/${encodeURIComponent(handle)}`);
        this.#listMuted(handle, false);
        return say(this.#feedback, `@${handle} may post again.`, 'success');
      case 'ban':
        await call('POST', `/api/v1/users/${encodeURIComponent(handle)}/ban`);
        return say(this.#feedback, `@${handle} is banned from the server.`, 'success');
      case 'release':
        await call('POST', `${chat}/questions/${question}/release`);
        return;
      case 'pin': {
        const pinned = control.getAttribute('aria-pressed') === 'true';
        await (pinned ? call('DELETE', `${chat}/pin`) : call('POST', `${chat}/questions/${question}/pin`));
        return;
      }
      case 'room-state':
        await call('POST', `${chat}/${control.dataset.state === 'close' ? 'close' : 'open'}`);
        return;
    }
  }

  /** Inline editing of one's own post, within the edit window (the server enforces it). */
  #edit(control: HTMLElement, postId: string): void {
    const article = control.closest<HTMLElement>('article');
    const text = article && slot(article, 'text');
    if (!article || !text || article.querySelector('.room-edit-form')) return;
    const form = document.createElement('form');
    form.className = 'room-edit-form';
    const id = `edit-${postId}`;
    const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: 'Edit your post' });
    const area = Object.assign(document.createElement('textarea'), { id, name: 'text', rows: 3, value: text.textContent ?? '' });
    const error = Object.assign(document.createElement('p'), { className: 'field-error', id: `${id}-error`, hidden: true });
    const save = Object.assign(document.createElement('button'), { type: 'submit', className: 'button-small', textContent: 'Save' });
    const cancel = Object.assign(document.createElement('button'), { type: 'button', className: 'link-button', textContent: 'Cancel' });
    const buttons = document.createElement('p');
    buttons.className = 'room-edit-buttons';
    buttons.append(save, ' ', cancel);
    form.append(label, error, area, buttons);
    const close = () => {
      form.remove();
      text.hidden = false;
      control.focus();
    };
    cancel.addEventListener('click', close);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save.disabled = true;
      api<PostJson>('PATCH', `/api/v1/posts/${postId}`, { text: area.value })
        .then((post) => {
          this.events.upsert(post, false);
          close();
        })
        .catch((problem: unknown) => {
          error.textContent = problem instanceof ApiError ? explainPostError(problem.message, problem.field) : 'Your change could not be saved.';
          error.hidden = false;
          area.setAttribute('aria-invalid', 'true');
          area.setAttribute('aria-describedby', error.id);
          area.focus();
        })
        .finally(() => (save.disabled = false));
    });
    text.hidden = true;
    text.after(form);
    area.focus();
  }

  async #slowMode(event: Event): Promise<void> {
    const form = event.target as HTMLFormElement;
    if (form.dataset.liveForm !== 'slow-mode') return;
    event.preventDefault();
    const seconds = Number(new FormData(form).get('seconds'));
    try {
      await api('PUT', `${apiBase(this.ctx)}/slow-mode`, { seconds });
      say(this.#feedback, seconds === 0 ? 'Slow mode is off.' : `Slow mode: one post every ${seconds} s per person.`, 'success');
    } catch (error) {
      say(this.#feedback, error instanceof ApiError ? error.message : 'Slow mode could not be set.', 'error');
    }
  }

  #listMuted(handle: string, muted: boolean): void {
    const list = slot(this.ctx.root, 'muted-list');
    if (!list) return;
    const existing = list.querySelector<HTMLElement>(`li[data-handle="${CSS.escape(handle)}"]`);
    if (!muted) existing?.remove();
    else if (!existing) {
      const li = document.createElement('li');
      li.dataset.handle = handle;
      const button = Object.assign(document.createElement('button'), { type: 'submit', className: 'link-button', textContent: `Unmute @${handle}` });
      button.setAttribute('form', 'room-action');
      button.setAttribute('formaction', `/chats/${encodeURIComponent(this.ctx.slug)}/live/mutes/${encodeURIComponent(handle)}/remove`);
      button.dataset.liveAction = 'unmute';
      li.append(`@${handle} `, button);
      list.append(li);
    }
    const empty = slot(this.ctx.root, 'muted-empty');
    if (empty) empty.hidden = list.children.length > 0;
  }
}
