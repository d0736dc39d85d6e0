/**
 * What the server told the client about this room and viewer, read once
 * from the room element's `data-*` attributes, plus the client's own
 * reading state (order, filter) that several modules share.
 */
export type Order = 'oldest-first' | 'newest-first';

export interface RoomContext {
  root: HTMLElement;
  slug: string;
  lastEventId: number;
  viewer: string | null;
  canPost: boolean;
  canModerate: boolean;
  editWindowMs: number;
  /** The member's chosen zone; null means the browser's own. */
  readerZone: string | null;
  postTemplate: HTMLTemplateElement;
  groupTemplate: HTMLTemplateElement;
  order: Order;
  filter: string | null;
}

export function readRoom(root: HTMLElement): RoomContext | null {
  const postTemplate = document.getElementById('room-post-template');
  const groupTemplate = document.getElementById('room-group-template');
  if (!(postTemplate instanceof HTMLTemplateElement) || !(groupTemplate instanceof HTMLTemplateElement)) return null;
  const data = root.dataset;
  return {
    root,
    slug: data.slug ?? '',
    lastEventId: Number(data.lastEventId ?? '0') || 0,
    viewer: data.viewer || null,
    canPost: data.canPost === '1',
    canModerate: data.canModerate === '1',
    editWindowMs: Number(data.editWindowMs ?? '0') || 0,
    readerZone: data.memberZone || null,
    postTemplate,
    groupTemplate,
    order: 'oldest-first',
    filter: data.filter || null,
  };
}

/** The element of one slot inside `scope`. */
export function slot<T extends HTMLElement = HTMLElement>(scope: ParentNode, name: string): T | null {
  return scope.querySelector<T>(`[data-slot="${name}"]`);
}

/** The thread item (li, or the question head) of a post on this page. */
export function itemOf(ctx: RoomContext, postId: string | null): HTMLElement | null {
  if (!postId || !/^\d+$/.test(postId)) return null;
  return ctx.root.querySelector<HTMLElement>(`.room-item[data-post-id="${postId}"]`);
}

export const apiBase = (ctx: RoomContext) => `/api/v1/chats/${encodeURIComponent(ctx.slug)}`;
