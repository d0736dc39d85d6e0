import type { PostJson } from '../../../posts/post.presenter.ts';
import { contextLabel, countLabel, handleLabel, type CountKind } from '../../../live/views/post-words.ts';
import { itemOf, slot, type RoomContext } from './room-context.ts';
import { isAnonymousAuthor } from '../../../consent/anonymous-author.ts';
import { fillLinkedText } from '../linked-text.ts';

/**
 * Posts as DOM: clones of the server's `<template>` (so markup and buttons
 * match what the server renders), filled with textContent and nodes built
 * one by one (linked-text.ts): post text never goes through innerHTML.
 */
export function createPostItem(ctx: RoomContext, post: PostJson): HTMLElement {
  const item = (ctx.postTemplate.content.firstElementChild as HTMLElement).cloneNode(true) as HTMLElement;
  substitute(item, post.id, post.author.handle);
  pruneControls(ctx, item, post);
  fillPost(ctx, item, post);
  return item;
}

/** Writes a post's current state into its item (new posts, edits, new counts). */
export function fillPost(ctx: RoomContext, item: HTMLElement, post: PostJson): void {
  const article = item.querySelector<HTMLElement>('article');
  if (!article) return;
  item.dataset.answers = post.answersQuestion === null ? '' : String(post.answersQuestion);
  article.classList.toggle('room-post-question', post.questionNumber !== null);
  article.classList.toggle('room-post-boost', post.kind === 'boost');
  setText(slot(article, 'display-name'), post.author.displayName);
  const handle = slot<HTMLAnchorElement>(article, 'handle');
  if (handle) {
    // Anonymised for consent (a post.updated after the fact): no handle, no profile link.
    const anonymous = isAnonymousAuthor(post.author);
    if (anonymous) article.dataset.author = '';
    handle.hidden = anonymous;
    handle.textContent = anonymous ? '' : handleLabel(post.author);
    if (anonymous || post.author.network !== 'local') handle.removeAttribute('href');
  }
  const time = slot(article, 'permalink')?.querySelector('time');
  if (time && !time.dateTime) {
    time.dateTime = post.createdAt;
    time.textContent = formatTime(ctx, post.createdAt);
  }
  const context = contextLabel({ kind: post.kind, replyToHandle: authorOf(ctx, post.replyTo), boostOfHandle: authorOf(ctx, post.boostOf) });
  setText(slot(article, 'context'), context ?? '', !context);
  setHidden(slot(article, 'edited-label'), post.editedAt === null);
  const text = slot(article, 'text');
  if (text) fillLinkedText(text, post.text);
  fillQuote(ctx, article, post.quoteOf);
  for (const kind of ['likes', 'boosts', 'replies'] as CountKind[]) setText(article.querySelector(`[data-count="${kind}"]`), countLabel(kind, post.counts[kind]));
  if (post.questionNumber !== null) setText(slot(article, 'reply'), 'Answer');
}

/** A moderator keeps hidden posts on screen, marked, with Unhide instead of Hide. */
export function markHidden(item: HTMLElement, hidden: boolean): void {
  item.querySelector('article')?.classList.toggle('room-post-hidden', hidden);
  setHidden(slot(item, 'hidden-label'), !hidden);
  const button = item.querySelector<HTMLButtonElement>('[data-live-action="hide"], [data-live-action="unhide"]');
  if (!button) return;
  const action = hidden ? 'unhide' : 'hide';
  button.dataset.liveAction = action;
  button.textContent = hidden ? 'Unhide' : 'Hide';
  button.setAttribute('formaction', button.getAttribute('formaction')!.replace(/\/(hide|unhide)$/, `/${action}`));
}

function fillQuote(ctx: RoomContext, article: HTMLElement, quoteOf: string | null): void {
  const quote = slot(article, 'quote');
  const quoted = itemOf(ctx, quoteOf);
  setHidden(quote, !quoted);
  if (!quote || !quoted) return;
  const quotedAuthor = quoted.querySelector('article')?.dataset.author ?? '';
  setText(slot(quote, 'quote-author'), quotedAuthor ? `@${quotedAuthor}` : 'Anonymous');
  setText(slot(quote, 'quote-text'), slot(quoted, 'text')?.textContent ?? '');
}

/** The template carries `__POST__` / `__HANDLE__` markers in ids, URLs and labels. */
function substitute(item: HTMLElement, id: string, handle: string): void {
  for (const el of [item, ...item.querySelectorAll<HTMLElement>('*')]) {
    for (const attr of [...el.attributes]) {
      if (!attr.value.includes('__POST__') && !attr.value.includes('__HANDLE__')) continue;
      const url = attr.name === 'href' || attr.name === 'formaction';
      attr.value = attr.value.replaceAll('__POST__', id).replaceAll('__HANDLE__', url ? encodeURIComponent(handle) : handle);
    }
  }
  for (const ref of item.querySelectorAll('[data-slot="handle-ref"]')) ref.textContent = `@${handle}`;
}

/** Keeps only the buttons this viewer has for this post, as the server would render them. */
function pruneControls(ctx: RoomContext, item: HTMLElement, post: PostJson): void {
  const own = ctx.viewer !== null && post.author.network === 'local' && post.author.handle === ctx.viewer;
  const editable = own && post.kind !== 'boost' && Date.now() - Date.parse(post.createdAt) < ctx.editWindowMs;
  const remove = (selector: string) => item.querySelectorAll(selector).forEach((el) => el.remove());
  if (!own) remove('[data-own]');
  if (!editable) remove('[data-editable]');
  if (own || post.author.network !== 'local') remove('[data-not-self]');
  if (post.kind === 'boost') remove('[data-not-for-boost]');
}

function authorOf(ctx: RoomContext, postId: string | null): string | null {
  return itemOf(ctx, postId)?.querySelector('article')?.dataset.author ?? null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Like the server's LocalTime "time" style, in the member's zone or the browser's. */
function formatTime(ctx: RoomContext, iso: string): string {
  const zone = ctx.readerZone ?? '';
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short', ...(zone ? { timeZone: zone } : {}) });
    formatters.set(zone, format);
  }
  return format.format(new Date(iso));
}

function setText(el: Element | null, text: string, hidden?: boolean): void {
  if (!el) return;
  el.textContent = text;
  if (hidden !== undefined) setHidden(el, hidden);
}

function setHidden(el: Element | null, hidden: boolean): void {
  if (el instanceof HTMLElement) el.hidden = hidden;
}
