import { plural } from '../../web/plural.ts';

/**
 * Posts of a file already archived in other chats. A post is archived in
 * one chat (posts are unique by network and source id), so importing a
 * file into a second chat leaves them where they are: counted as already
 * archived, and said where, or "imported 0 posts" would read as a failure.
 * Pure, so that the command line, the run's page and its script share it.
 */
export interface InOtherChat {
  slug: string;
  title: string;
  posts: number;
}

/** "All 10 already archived are in another chat, where they stay (…): …", each chat named by `name`. */
export function inOtherChatsText(chats: InOtherChat[], duplicates: number, name: (chat: InOtherChat) => string): string {
  const posts = chats.reduce((sum, c) => sum + c.posts, 0);
  const other = chats.length === 1 ? 'another chat' : 'other chats';
  const n = (value: number) => value.toLocaleString('en-US');
  const which = posts === duplicates ? (posts === 1 ? 'The one already archived is' : `All ${n(posts)} already archived are`) : `${n(posts)} of the ${n(duplicates)} already archived are`;
  return `${which} in ${other}, where ${posts === 1 ? 'it stays' : 'they stay'} (a post is archived in one chat only): ${chats.map((c) => `${name(c)} (${plural(c.posts, 'post')})`).join(', ')}`;
}

/** The chats of several files together, most posts first. */
export function mergeInOtherChats(lists: InOtherChat[][]): InOtherChat[] {
  const bySlug = new Map<string, InOtherChat>();
  for (const chat of lists.flat()) {
    const known = bySlug.get(chat.slug);
    bySlug.set(chat.slug, known ? { ...known, posts: known.posts + chat.posts } : { ...chat });
  }
  return [...bySlug.values()].sort((a, b) => b.posts - a.posts || a.slug.localeCompare(b.slug));
}
