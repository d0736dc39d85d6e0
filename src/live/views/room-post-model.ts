import type { Network, PostKind } from '../../db/schema.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import { EDIT_WINDOW_MS } from '../../posts/post-actions.service.ts';
import type { Room } from '../room.pages.ts';
import { shownHandle } from '../../consent/anonymous-author.ts';

/**
 * A post as the room shows it: the post plus what the room knows around it
 * (whom it replies to, what it quotes or boosts). The browser client fills
 * the same fields from the API's post JSON and the posts already on the page.
 */
export interface RoomPostModel {
  id: string;
  kind: PostKind;
  author: { handle: string; displayName: string; network: Network };
  createdAt: number;
  edited: boolean;
  text: string;
  questionNumber: number | null;
  replyToHandle: string | null;
  boostOfHandle: string | null;
  quoted: { handle: string; text: string } | null;
  counts: { likes: number; boosts: number; replies: number };
  hidden: boolean;
}

/** The viewer's own relation to a post, which decides its buttons. */
export interface PostControls {
  own: boolean;
  editable: boolean;
  liked: boolean;
  boosted: boolean;
}

function handleOf(post: PostView | undefined): string | null {
  return post ? shownHandle(post.authorHandle) || null : null;
}

export function toPostModel(post: PostView, room: Pick<Room, 'posts'>): RoomPostModel {
  const related = (id: number | null) => (id === null ? undefined : room.posts.get(id));
  const quoted = related(post.quoteOfId);
  return {
    id: String(post.id),
    kind: post.kind,
    author: { handle: post.authorHandle, displayName: post.authorDisplayName, network: post.authorNetwork },
    createdAt: post.createdAt,
    edited: post.editedAt !== null,
    text: post.text,
    questionNumber: post.questionNumber,
    // Anonymised authors (consent) have no handle to show: '' reads as "Anonymous".
    replyToHandle: handleOf(related(post.replyToId)),
    boostOfHandle: handleOf(related(post.boostOfId)),
    quoted: quoted ? { handle: shownHandle(quoted.authorHandle), text: quoted.text } : null,
    counts: { likes: post.likeCount, boosts: post.boostCount, replies: post.replyCount },
    hidden: post.hiddenAt !== null,
  };
}

export function controlsFor(post: PostView, room: Pick<Room, 'viewer'>, now: number): PostControls {
  const viewer = room.viewer;
  const own = viewer !== null && post.authorNetwork === 'local' && post.authorHandle === viewer.user.handle;
  return {
    own,
    editable: own && post.kind !== 'boost' && now - post.createdAt < EDIT_WINDOW_MS,
    liked: viewer?.liked.has(post.id) ?? false,
    boosted: viewer?.boosted.has(post.id) ?? false,
  };
}

/** The stand-in the `<template>` is rendered from; the client replaces these markers. */
export const TEMPLATE_POST_ID = '__POST__';
export const TEMPLATE_HANDLE = '__HANDLE__';

export const templatePost: RoomPostModel = {
  id: TEMPLATE_POST_ID,
  kind: 'original',
  author: { handle: TEMPLATE_HANDLE, displayName: '', network: 'local' },
  createdAt: 0,
  edited: false,
  text: '',
  questionNumber: null,
  replyToHandle: null,
  boostOfHandle: null,
  quoted: null,
  counts: { likes: 0, boosts: 0, replies: 0 },
  hidden: false,
};
