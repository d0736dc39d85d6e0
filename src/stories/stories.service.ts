import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { conflict, forbidden, invalid, notFound, unauthenticated } from '../errors.ts';
import { policies } from '../accounts/policies.ts';
import { findUsersByHandles } from '../accounts/users.repository.ts';
import { accessOf } from '../chats/chats.service.ts';
import { findChatBySlug, type ChatDetails } from '../chats/chats.repository.ts';
import { escapeMarkdown } from '../archive/export/markdown-export.ts';
import type { CreateStoryInput, UpdateStoryInput } from './stories.schema.ts';
import { applyOp, LIMITS, putBackHidden, setAsideHidden, type DocSection, type StoryOp } from './story-document.ts';
import { draftChats } from './draft-ranking.ts';
import { addCurator, deleteStoryRow, draftPosts, findStory, insertStory, listStoryIds, loadDocument, postsInChats, removeCurator, saveDocument, type StoryRecord } from './stories.repository.ts';
import type { StoryDetails } from './story-view.ts';
import { documentFromInput } from './story-input.ts';

/** Two curators saving at once: the later save would silently undo the other's work. */
const changedMeanwhile = () => conflict('baseVersion', 'the story was changed (by another curator?) since you loaded it; reload to see the changes, then edit again');

const postIdsOf = (doc: DocSection[]) => doc.flatMap((s) => s.items.flatMap((i) => (i.postId === null ? [] : [i.postId])));

/** Story ids in URLs are numbers; anything else is simply not a story. */
export function parseStoryId(raw: string): number {
  const id = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw notFound('Story');
  return id;
}

async function details(db: Kysely<DB>, record: StoryRecord): Promise<StoryDetails> {
  const chats = (await Promise.all(record.chatSlugs.map((slug) => findChatBySlug(db, slug)))).filter((c): c is ChatDetails => c !== undefined);
  return {
    ...record,
    chats,
    access: {
      status: record.status,
      organizerIds: chats.flatMap((c) => (c.organizerId === null ? [] : [c.organizerId])),
      curatorIds: record.curators.map((c) => c.userId),
      chatsPublic: chats.every((c) => c.status !== 'draft'),
    },
  };
}

/** The story if this viewer may read it; drafts look missing to everyone but their curators. */
export async function findVisibleStory(db: Kysely<DB>, viewer: User | null, id: number): Promise<StoryDetails> {
  const record = await findStory(db, id);
  if (!record) throw notFound('Story');
  const story = await details(db, record);
  if (!policies.viewStory(viewer, story.access)) throw notFound('Story');
  return story;
}

export async function findEditableStory(db: Kysely<DB>, user: User | null, id: number): Promise<StoryDetails> {
  const story = await findVisibleStory(db, user, id);
  if (!user) throw unauthenticated();
  if (!policies.editStory(user, story.access)) throw forbidden('Only the chat’s organizer, the story’s co-curators or an admin can edit this story');
  return story;
}

/** Stories the viewer may read (published ones, and drafts they curate), newest first. */
export async function listStories(db: Kysely<DB>, viewer: User | null, filter: { chat?: string; /** A chat the caller already showed. */ chatId?: number; limit?: number } = {}): Promise<StoryDetails[]> {
  let chatId = filter.chatId;
  if (filter.chat !== undefined) {
    const chat = await findChatBySlug(db, filter.chat);
    if (!chat || !policies.viewChat(viewer, accessOf(chat))) throw invalid('chat', 'no such chat');
    chatId = chat.id;
  }
  const limit = filter.limit ?? 50;
  // Read a little more than asked: some may be drafts this viewer cannot see.
  const ids = await listStoryIds(db, { ...(chatId !== undefined ? { chatId } : {}), limit: limit * 4 });
  const stories: StoryDetails[] = [];
  for (const id of ids) {
    const record = await findStory(db, id);
    if (!record) continue;
    const story = await details(db, record);
    if (policies.viewStory(viewer, story.access)) stories.push(story);
    if (stories.length >= limit) break;
  }
  return stories;
}

export async function createStory(db: Kysely<DB>, user: User | null, input: CreateStoryInput, now = Date.now()): Promise<StoryDetails> {
  if (!user) throw unauthenticated();
  const slugs = [...new Set(input.chats ?? (input.chat ? [input.chat] : []))];
  if (slugs.length === 0) throw invalid('chat', 'name the chat the story tells');
  const chats: ChatDetails[] = [];
  for (const [index, slug] of slugs.entries()) {
    const chat = await findChatBySlug(db, slug);
    if (!chat || !policies.viewChat(user, accessOf(chat))) throw invalid(input.chats ? `chats[${index}]` : 'chat', `no such chat: ${slug}`);
    chats.push(chat);
  }
  if (!policies.createStory(user, chats.map(accessOf))) throw forbidden('Only the chat’s organizer or an admin can start a story');
  const main = chats[0]!;
  let sections: DocSection[] = [];
  let introduction = input.introduction ?? '';
  if (input.draft) {
    const drafted = await Promise.all(chats.map(async (chat) => ({ title: chat.title, questions: chat.questions, posts: await draftPosts(db, chat.id) })));
    sections = draftChats(drafted).sections;
    const posts = drafted.reduce((sum, chat) => sum + chat.posts.length, 0);
    if (input.introduction === undefined) introduction = chats.length === 1 ? defaultIntroduction(main, posts) : seriesIntroduction(chats, posts);
  }
  const title = checkTitle(input.title?.trim() ? input.title : input.draft ? `Highlights: ${main.title}${chats.length > 1 ? ` and ${chats.length - 1} more` : ''}` : main.title);
  if (introduction.length > LIMITS.introduction) throw invalid('introduction', `must be at most ${LIMITS.introduction} characters`);
  const id = await insertStory(db, { title, introduction, status: 'draft', createdBy: user.id, now }, chats.map((c) => c.id), sections);
  return details(db, (await findStory(db, id))!);
}

function defaultIntroduction(chat: ChatDetails, posts: number): string {
  // `#tag` inside a sentence is not a heading: it needs no escaping.
  const tag = chat.hashtags[0] ? `#${escapeMarkdown(chat.hashtags[0].display)} ` : '';
  return `Key moments of the ${tag}chat “${escapeMarkdown(chat.title)}”, drafted from its ${posts} posts: the best-received answers to each question, the rest of the conversation, and the links people shared.`;
}

function seriesIntroduction(chats: ChatDetails[], posts: number): string {
  const titles = chats.map((chat) => `“${escapeMarkdown(chat.title)}”`).join(', ');
  return `Key moments of ${chats.length} chats (${titles}), drafted from their ${posts} posts: the best-received answers to each question, the rest of the conversation, and the links people shared.`;
}

function checkTitle(title: string): string {
  const trimmed = title.trim();
  if (!trimmed) throw invalid('title', 'must not be empty');
  if (trimmed.length > LIMITS.title) throw invalid('title', `must be at most ${LIMITS.title} characters`);
  return trimmed;
}

/** The API's PATCH: any of title, introduction, status, the whole structure, the co-curators. */
export async function updateStory(db: Kysely<DB>, user: User | null, id: number, input: UpdateStoryInput, now = Date.now()): Promise<StoryDetails> {
  const story = await findEditableStory(db, user, id);
  if (input.baseVersion !== undefined && input.baseVersion !== story.updatedAt) throw changedMeanwhile();
  const stored = await loadDocument(db, id);
  let sections = stored;
  if (input.sections) {
    const storedPosts = postIdsOf(stored);
    const newPosts = input.sections.flatMap((s) => s.items.flatMap((i) => (i.post === undefined ? [] : [Number(i.post)])));
    const posts = await postsInChats(db, story.chats.map((c) => c.id), [...new Set([...storedPosts, ...newPosts])]);
    sections = documentFromInput(input.sections, stored, posts);
  }
  const fields: { title?: string; introduction?: string; status?: 'draft' | 'published'; publishedAt?: number | null } = {};
  if (input.title !== undefined) fields.title = checkTitle(input.title);
  if (input.introduction !== undefined) fields.introduction = input.introduction.trim();
  if (input.status !== undefined && input.status !== story.status) {
    fields.status = input.status;
    if (input.status === 'published') fields.publishedAt = now;
  }
  if (input.curators !== undefined) await setCurators(db, user!, story, input.curators, now);
  if (!(await saveDocument(db, id, sections, { ...fields, now, base: story.updatedAt }))) throw changedMeanwhile();
  return details(db, (await findStory(db, id))!);
}

/** One editing step from the editor's buttons (the no-JavaScript path). */
export async function applyStoryOp(db: Kysely<DB>, user: User | null, id: number, op: StoryOp, now = Date.now()): Promise<StoryDetails> {
  const story = await findEditableStory(db, user, id);
  if (op.op === 'add-post') {
    const found = await postsInChats(db, story.chats.map((c) => c.id), [op.post]);
    if (!found.has(op.post) || found.get(op.post)!.hidden) throw invalid('post', 'no such post in this story’s chats');
  }
  const stored = await loadDocument(db, id);
  const posts = await postsInChats(db, story.chats.map((c) => c.id), postIdsOf(stored));
  const { visible, aside } = setAsideHidden(stored, (postId) => posts.get(postId)?.hidden ?? false);
  if (!(await saveDocument(db, id, putBackHidden(applyOp(visible, op), aside), { now, base: story.updatedAt }))) throw changedMeanwhile();
  return story;
}

export async function inviteCurator(db: Kysely<DB>, user: User | null, id: number, handle: string, now = Date.now()): Promise<User> {
  const story = await findEditableStory(db, user, id);
  if (!policies.manageStory(user, story.access)) throw forbidden('Only the chat’s organizer or an admin can invite co-curators');
  const name = handle.trim().replace(/^@/, '');
  const [invitee] = name ? await findUsersByHandles(db, [name]) : [];
  if (!invitee) throw invalid('handle', `no member with the handle @${name}`);
  if (invitee.bannedAt !== null) throw invalid('handle', `@${invitee.handle} is banned`);
  await addCurator(db, id, invitee.id, user!.id, now);
  return invitee;
}

export async function uninviteCurator(db: Kysely<DB>, user: User | null, id: number, userId: number): Promise<void> {
  const story = await findEditableStory(db, user, id);
  if (!policies.manageStory(user, story.access)) throw forbidden('Only the chat’s organizer or an admin can remove co-curators');
  await removeCurator(db, id, userId);
}

async function setCurators(db: Kysely<DB>, user: User, story: StoryDetails, handles: string[], now: number): Promise<void> {
  if (!policies.manageStory(user, story.access)) throw forbidden('Only the chat’s organizer or an admin can change the co-curators');
  const names = handles.map((h) => h.trim().replace(/^@/, '').toLowerCase());
  const users = await findUsersByHandles(db, names);
  const byHandle = new Map(users.map((u) => [u.handle, u]));
  names.forEach((name, index) => {
    if (!byHandle.has(name)) throw invalid(`curators[${index}]`, `no member with the handle @${name}`);
  });
  for (const current of story.curators) if (!byHandle.has(current.handle)) await removeCurator(db, story.id, current.userId);
  for (const invitee of users) await addCurator(db, story.id, invitee.id, user.id, now);
}

export async function deleteStory(db: Kysely<DB>, user: User | null, id: number): Promise<void> {
  const story = await findEditableStory(db, user, id);
  if (!policies.manageStory(user, story.access)) throw forbidden('Only the chat’s organizer or an admin can delete a story');
  await deleteStoryRow(db, id);
}

