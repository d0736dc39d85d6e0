import type { Kysely } from 'kysely';
import type { DB, PostKind, User } from '../db/schema.ts';
import { AppError, invalid, notFound, unauthenticated } from '../errors.ts';
import { policies } from '../accounts/policies.ts';
import { accessOf, getChatToPostIn, getVisibleChat } from '../chats/chats.service.ts';
import { answeredQuestion, extractHashtags, withHashtags } from './post-text.ts';
import { findPost, insertPostRowIn, listChatPosts, localAuthorId, type PostView } from './posts.repository.ts';
import { presentPost } from './post.presenter.ts';
import { appendEvent } from '../live/events.repository.ts';
import type { LiveEvent } from '../live/live-event.ts';
import { checkPostingAllowed } from '../live/posting-rules.ts';
import { groupCommitOf } from '../live/group-commit.ts';
import type { PostingLimiter } from '../live/rate-limiter.ts';
import { postsCreated } from '../ops/counters.ts';

export const POST_MAX_LENGTH = 500;

export interface NewPostInput {
  text: string;
  replyTo?: string | null;
  quoteOf?: string | null;
  /** Leave the chat's hashtags off, for an aside that should not reach the tag's followers. */
  omitHashtags?: boolean;
}

export interface PostingOptions {
  now?: number;
  /** The per-account posting limit; absent for trusted callers (imports, demo). */
  limiter?: PostingLimiter;
}

export async function createPost(db: Kysely<DB>, user: User | null, slug: string, input: NewPostInput, options: PostingOptions = {}): Promise<{ post: PostView; event: LiveEvent }> {
  const now = options.now ?? Date.now();
  if (!user) throw unauthenticated();
  const chat = await getChatToPostIn(db, slug, user);

  const body = input.text.trim();
  if (body.length === 0) throw invalid('text', 'must not be empty');
  const text = input.omitHashtags ? body : withHashtags(body, chat.hashtags.map((h) => h.display));
  if ([...text].length > POST_MAX_LENGTH) throw invalid('text', `must be at most ${POST_MAX_LENGTH} characters including the hashtags`);

  await checkPostingAllowed(db, chat, user, now, options.limiter);

  const replyTo = input.replyTo ? await referencedPost(db, input.replyTo, chat.id, 'replyTo') : null;
  const quoteOf = input.quoteOf ? await referencedPost(db, input.quoteOf, chat.id, 'quoteOf') : null;
  const kind: PostKind = replyTo ? 'reply' : quoteOf ? 'quote' : 'original';
  // A reply under a question (or under an answer to it) answers that question; otherwise the text decides.
  const answersQuestion = replyTo ? (replyTo.questionNumber ?? replyTo.answersQuestion ?? answeredQuestion(body)) : answeredQuestion(body);

  // The post and its live event commit together: a viewer can never see an
  // event for a post that was rolled back, nor miss one that was stored.
  // Posts arriving together share a commit (see GroupCommit): at hundreds
  // of posts a second the commits, not the rows, were most of the cost.
  const created = await groupCommitOf(db).run(async (trx) => {
    const authorId = await localAuthorId(trx, user, now);
    const row = {
      chatId: chat.id,
      authorId,
      text,
      kind,
      createdAt: now,
      replyToId: replyTo?.id ?? null,
      quoteOfId: quoteOf?.id ?? null,
      answersQuestion,
    };
    const hashtags = extractHashtags(text);
    const stored = await insertPostRowIn(trx, row, hashtags);
    // What findPost would read back, without reading: this author row is the user's own (localAuthorId),
    // and a post's hashtags come back in the order of their index (post_id, tag).
    const post: PostView = {
      ...stored,
      chatSlug: chat.slug,
      authorHandle: user.handle,
      authorDisplayName: user.displayName,
      authorNetwork: 'local',
      hashtags: [...hashtags].sort(),
    };
    const event = await appendEvent(trx, chat.id, 'post.created', { post: presentPost(post) }, now);
    return { post, event };
  });
  postsCreated.inc({ kind });
  return created;
}

async function referencedPost(db: Kysely<DB>, rawId: string, chatId: number, field: string): Promise<PostView> {
  if (!/^\d{1,15}$/.test(rawId)) throw invalid(field, 'must be a post id');
  const post = await findPost(db, Number(rawId));
  if (!post || post.hiddenAt !== null) throw invalid(field, `post ${rawId} does not exist`);
  if (post.chatId !== chatId) throw invalid(field, `post ${rawId} belongs to another chat`);
  return post;
}

export async function pageOfPosts(db: Kysely<DB>, viewer: User | null, slug: string, options: { limit: number; cursor?: string }) {
  const chat = await getVisibleChat(db, slug, viewer);
  const includeHidden = policies.moderateChat(viewer, accessOf(chat));
  const rows = await listChatPosts(db, {
    chatId: chat.id,
    limit: options.limit + 1,
    includeHidden,
    ...(options.cursor ? { after: decodePostCursor(options.cursor) } : {}),
  });
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return { chat, posts: page, nextCursor: rows.length > options.limit && last ? encodePostCursor(last) : null };
}

export function encodePostCursor(post: { createdAt: number; id: number }): string {
  return Buffer.from(`${post.createdAt}:${post.id}`).toString('base64url');
}

function decodePostCursor(cursor: string): { createdAt: number; id: number } {
  const match = /^(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new AppError('validation_failed', 'cursor: is not a cursor this server issued', 'cursor');
  return { createdAt: Number(match[1]), id: Number(match[2]) };
}

export { notFound };
