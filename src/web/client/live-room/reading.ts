import { slot, type Order, type RoomContext } from './room-context.ts';
import { applyOrder } from './placement.ts';
import type { StreamEvent } from './live-connection.ts';

const ORDER_KEY = 'musesocial.room.order';
/** How close (px) to the newest end of the room still counts as following it live. */
const EDGE_PX = 160;

/**
 * The reader's controls over a busy room: pause (events wait, nothing
 * moves), newest first or last (remembered in localStorage), one question
 * at a time (without reload), and a "N new posts" button for posts that
 * arrived out of view, which clears as they are scrolled into view.
 */
export class Reading {
  #paused = false;
  readonly #waiting: StreamEvent[] = [];
  readonly #unseen = new Set<HTMLElement>();
  readonly #observer: IntersectionObserver;
  readonly #pause: HTMLButtonElement | null;
  readonly #order: HTMLButtonElement | null;
  readonly #jump: HTMLButtonElement | null;
  readonly #cleanups: Array<() => void> = [];

  constructor(
    private readonly ctx: RoomContext,
    private readonly apply: (event: StreamEvent) => void,
  ) {
    this.#pause = ctx.root.querySelector('[data-room-control="pause"]');
    this.#order = ctx.root.querySelector('[data-room-control="order"]');
    this.#jump = ctx.root.querySelector('[data-room-control="jump"]');
    this.#observer = new IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) this.#seen(entry.target as HTMLElement);
    });
  }

  start(): void {
    const toolbar = slot(this.ctx.root, 'toolbar');
    if (toolbar) toolbar.hidden = false;
    if (readOrder() === 'newest-first') this.#setOrder('newest-first');
    this.#on(this.#pause, 'click', () => (this.#paused ? this.#resume() : this.#setPaused(true)));
    this.#on(this.#order, 'click', () => this.#setOrder(this.ctx.order === 'oldest-first' ? 'newest-first' : 'oldest-first'));
    this.#on(this.#jump, 'click', () => this.#jumpToUnseen());
    this.#on(this.ctx.root.querySelector('.room-filter'), 'click', (event) => this.#filterClick(event));
  }

  stop(): void {
    this.#observer.disconnect();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  /** Every stream event comes through here: applied now, or kept while paused (presence is never held back). */
  dispatch(event: StreamEvent): void {
    if (this.#paused && event.type !== 'presence') {
      this.#waiting.push(event);
      this.#labelPause();
      return;
    }
    this.#applyAll([event]);
  }

  /** Called for each post newly on the page. */
  newPost(item: HTMLElement, own: boolean): void {
    const article = item.querySelector('article');
    if (!article || item.closest('section[hidden]')) return;
    if (own) {
      if (!inView(article)) article.scrollIntoView({ block: 'nearest' });
      return;
    }
    if (inView(article)) return;
    article.classList.add('room-post-unseen');
    this.#unseen.add(article);
    this.#observer.observe(article);
    this.#labelJump();
  }

  #applyAll(events: StreamEvent[]): void {
    const following = this.#atLiveEdge();
    for (const event of events) this.apply(event);
    if (following) this.#keepLiveEdge();
  }

  #setPaused(paused: boolean): void {
    this.#paused = paused;
    this.#pause?.setAttribute('aria-pressed', String(paused));
    this.#labelPause();
  }

  #resume(): void {
    this.#setPaused(false);
    this.#applyAll(this.#waiting.splice(0));
  }

  #labelPause(): void {
    if (!this.#pause) return;
    const waiting = this.#waiting.length;
    this.#pause.textContent = this.#paused ? (waiting > 0 ? `Resume (${waiting} waiting)` : 'Resume') : 'Pause';
  }

  #setOrder(order: Order): void {
    this.ctx.order = order;
    applyOrder(this.ctx);
    this.#order?.setAttribute('aria-pressed', String(order === 'newest-first'));
    try {
      localStorage.setItem(ORDER_KEY, order);
    } catch {
      // Storage refused (private mode, quota): the choice lasts for this page only.
    }
  }

  #filterClick(event: Event): void {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-filter]');
    if (!link) return;
    event.preventDefault();
    const filter = link.dataset.filter || null;
    this.ctx.filter = filter;
    for (const group of this.ctx.root.querySelectorAll<HTMLElement>('section.room-group')) group.hidden = filter !== null && group.dataset.group !== filter;
    for (const other of this.ctx.root.querySelectorAll('.room-filter a[data-filter]')) other.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'true');
    history.replaceState(null, '', link.href);
  }

  #seen(article: HTMLElement): void {
    this.#observer.unobserve(article);
    article.classList.remove('room-post-unseen');
    this.#unseen.delete(article);
    this.#labelJump();
  }

  #labelJump(): void {
    if (!this.#jump) return;
    for (const article of this.#unseen) if (!article.isConnected || article.closest('section[hidden]')) this.#unseen.delete(article);
    const count = this.#unseen.size;
    this.#jump.hidden = count === 0;
    this.#jump.textContent = count === 1 ? '1 new post' : `${count} new posts`;
    this.#jump.classList.toggle('room-new-posts-top', this.ctx.order === 'newest-first');
  }

  #jumpToUnseen(): void {
    const first = [...this.#unseen].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
    if (!first) return;
    first.scrollIntoView({ block: 'center' });
    first.focus({ preventScroll: true });
  }

  #atLiveEdge(): boolean {
    const groups = slot(this.ctx.root, 'groups');
    if (!groups) return false;
    const box = groups.getBoundingClientRect();
    return this.ctx.order === 'oldest-first' ? box.bottom <= window.innerHeight + EDGE_PX : box.top >= -EDGE_PX;
  }

  #keepLiveEdge(): void {
    const box = slot(this.ctx.root, 'groups')!.getBoundingClientRect();
    if (this.ctx.order === 'oldest-first' && box.bottom > window.innerHeight) window.scrollBy({ top: box.bottom - window.innerHeight + 16 });
    if (this.ctx.order === 'newest-first' && box.top < 0) window.scrollBy({ top: box.top - 16 });
  }

  #on(target: EventTarget | null, type: string, listener: (event: Event) => void): void {
    if (!target) return;
    target.addEventListener(type, listener);
    this.#cleanups.push(() => target.removeEventListener(type, listener));
  }
}

function readOrder(): Order {
  try {
    return localStorage.getItem(ORDER_KEY) === 'newest-first' ? 'newest-first' : 'oldest-first';
  } catch {
    return 'oldest-first';
  }
}

function inView(el: Element): boolean {
  const box = el.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
}
