import type { PostJson } from '../../../posts/post.presenter.ts';
import { groupTitle } from '../../../live/views/post-words.ts';
import { itemOf, slot, type RoomContext } from './room-context.ts';

/**
 * Where a post goes in the room, by the rules of src/live/room-threads.pages.ts:
 * a released question heads its group; a reply nests under its parent
 * (unless the parent is the question: then it is an answer); anything else
 * goes to its question's group, or "Other conversation". Lists stay sorted
 * by post id (creation order) whatever order events arrive in.
 */
export function placePost(ctx: RoomContext, item: HTMLElement, post: PostJson): void {
  if (post.questionNumber !== null) {
    const head = slot(groupFor(ctx, post.questionNumber), 'head')!;
    head.replaceChildren(asHead(item));
    return;
  }
  const parent = itemOf(ctx, post.replyTo);
  if (parent && !parent.classList.contains('room-item-head')) {
    const replies = parent.querySelector<HTMLElement>(':scope > [data-slot="replies"]');
    if (replies) {
      insertSorted(replies, item, false);
      replies.hidden = false;
      return;
    }
  }
  intoGroup(ctx, item, post.answersQuestion);
}

/**
 * Takes a post off the page. Its replies stay: they move to their question's
 * group, where a reload would show them once their parent is gone.
 */
export function removeItem(ctx: RoomContext, item: HTMLElement): void {
  const group = item.closest<HTMLElement>('section.room-group');
  const orphans = [...item.querySelectorAll<HTMLElement>(':scope > [data-slot="replies"] > .room-item')];
  item.remove();
  for (const orphan of orphans) intoGroup(ctx, orphan, orphan.dataset.answers ? Number(orphan.dataset.answers) : null);
  if (group) updateEmpty(group);
}

/** The group of question `number` (null: "Other conversation"), created from the template if new. */
export function groupFor(ctx: RoomContext, number: number | null): HTMLElement {
  const key = number === null ? 'other' : `q${number}`;
  const existing = ctx.root.querySelector<HTMLElement>(`section[data-group="${key}"]`);
  if (existing) return existing;
  const section = (ctx.groupTemplate.content.firstElementChild as HTMLElement).cloneNode(true) as HTMLElement;
  section.id = key;
  section.dataset.group = key;
  if (number === null) delete section.dataset.question;
  else section.dataset.question = String(number);
  section.setAttribute('aria-labelledby', `${key}-title`);
  section.querySelector('h3')!.id = `${key}-title`;
  slot(section, 'group-label')!.textContent = groupTitle(number, false);
  section.hidden = ctx.filter !== null && ctx.filter !== key;
  const container = slot(ctx.root, 'groups')!;
  const rank = (el: Element) => Number((el as HTMLElement).dataset.question ?? '0');
  const descending = ctx.order === 'newest-first';
  const before = [...container.children].find((el) => (descending ? rank(el) < (number ?? 0) : rank(el) > (number ?? 0)));
  container.insertBefore(section, before ?? null);
  addFilterLink(ctx, key, number);
  return section;
}

/** A released question: its group is titled with the question from now on. */
export function showQuestion(ctx: RoomContext, number: number, text: string): void {
  const group = groupFor(ctx, number);
  slot(group, 'group-label')!.textContent = groupTitle(number, true);
  slot(group, 'question-text')!.textContent = text;
}

/** Flips every group list (and the groups themselves) between oldest and newest first. */
export function applyOrder(ctx: RoomContext): void {
  const container = slot(ctx.root, 'groups');
  if (!container) return;
  const flip = (list: Element, descending: boolean) => {
    const children = [...list.children].sort((a, b) => rankOf(a) - rankOf(b));
    if (descending) children.reverse();
    list.append(...children);
  };
  const descending = ctx.order === 'newest-first';
  flip(container, descending);
  for (const list of container.querySelectorAll('[data-slot="items"]')) flip(list, descending);
}

function rankOf(el: Element): number {
  const data = (el as HTMLElement).dataset;
  return Number(data.postId ?? data.question ?? '0');
}

function intoGroup(ctx: RoomContext, item: HTMLElement, number: number | null): void {
  const group = groupFor(ctx, number);
  insertSorted(slot(group, 'items')!, item, ctx.order === 'newest-first');
  updateEmpty(group);
}

function insertSorted(list: HTMLElement, item: HTMLElement, descending: boolean): void {
  const id = Number(item.dataset.postId);
  const before = [...list.children].find((el) => {
    const other = Number((el as HTMLElement).dataset.postId);
    return descending ? other < id : other > id;
  });
  list.insertBefore(item, before ?? null);
}

function updateEmpty(group: HTMLElement): void {
  const empty = slot(group, 'empty');
  if (empty) empty.hidden = (slot(group, 'items')?.children.length ?? 0) > 0;
}

/** The template's item is a list item; a question's head sits outside any list. */
function asHead(item: HTMLElement): HTMLElement {
  const head = document.createElement('div');
  head.className = 'room-item room-item-head';
  head.dataset.postId = item.dataset.postId;
  head.dataset.answers = item.dataset.answers ?? '';
  const article = item.querySelector('article');
  if (article) head.append(article);
  return head;
}

function addFilterLink(ctx: RoomContext, key: string, number: number | null): void {
  const list = slot(ctx.root, 'filter-list');
  if (!list || list.querySelector(`[data-filter="${key}"]`)) return;
  const link = document.createElement('a');
  link.href = `/chats/${encodeURIComponent(ctx.slug)}/live?q=${key}`;
  link.dataset.filter = key;
  link.textContent = number === null ? 'Other' : `Q${number}`;
  const li = document.createElement('li');
  li.append(link);
  const rank = (el: Element) => {
    const filter = el.querySelector<HTMLElement>('[data-filter]')?.dataset.filter ?? '';
    return filter === '' ? -1 : filter === 'other' ? 0 : Number(filter.slice(1));
  };
  const before = [...list.children].find((el) => rank(el) > (number ?? 0));
  list.insertBefore(li, before ?? null);
}
