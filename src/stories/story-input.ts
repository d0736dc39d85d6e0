import { invalid } from '../errors.ts';
import { checkHeading, checkText, LIMITS, putBackHidden, setAsideHidden, type DocItem, type DocSection } from './story-document.ts';
import type { UpdateStoryInput } from './stories.schema.ts';

type SectionsInput = NonNullable<UpdateStoryInput['sections']>;

/**
 * The API's whole-structure input as a document, checked against what is
 * stored: ids must be this story's, a post appears once and belongs to the
 * story's chats, every item is either a post or text. Errors name the field
 * (`sections[1].items[0].post`).
 *
 * Items whose posts are hidden now were not shown to the client, so it
 * cannot send them back: they stay at the end of their section (when that
 * section is kept) and return if a moderator unhides the post.
 */
export function documentFromInput(input: SectionsInput, stored: DocSection[], posts: Map<number, { hidden: boolean }>): DocSection[] {
  const storedSections = new Set(stored.map((s) => s.id));
  const storedItems = new Map(stored.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
  const seenItems = new Set<number>();
  const seenPosts = new Set<number>();
  let total = 0;
  const sections = input.map((section, s): DocSection => {
    const path = `sections[${s}]`;
    const id = section.id === undefined ? null : Number(section.id);
    if (id !== null && !storedSections.has(id)) throw invalid(`${path}.id`, 'no such section in this story');
    const items = section.items.map((item, i): DocItem => {
      const itemPath = `${path}.items[${i}]`;
      total++;
      const itemId = item.id === undefined ? null : Number(item.id);
      const existing = itemId === null ? undefined : storedItems.get(itemId);
      if (itemId !== null && !existing) throw invalid(`${itemPath}.id`, 'no such item in this story');
      if (itemId !== null && seenItems.has(itemId)) throw invalid(`${itemPath}.id`, 'this item appears twice');
      if (itemId !== null) seenItems.add(itemId);
      const kind = existing?.kind ?? (item.post !== undefined ? 'post' : 'text');
      if ((item.post !== undefined) === (item.text !== undefined) && !existing) throw invalid(itemPath, 'give either post or text');
      if (kind === 'text') {
        if (item.post !== undefined) throw invalid(`${itemPath}.post`, 'this item is text');
        return { id: itemId, kind, postId: null, text: item.text === undefined ? existing!.text : checkText(item.text, `${itemPath}.text`) };
      }
      if (item.text !== undefined) throw invalid(`${itemPath}.text`, 'this item is a post');
      const postId = item.post !== undefined ? Number(item.post) : existing!.postId!;
      if (existing && existing.postId !== postId) throw invalid(`${itemPath}.post`, 'an existing item keeps its post; add a new item instead');
      const post = posts.get(postId);
      if (!post || (post.hidden && !existing)) throw invalid(`${itemPath}.post`, 'no such post in this story’s chats');
      if (seenPosts.has(postId)) throw invalid(`${itemPath}.post`, 'this post is already in the story');
      seenPosts.add(postId);
      return { id: itemId, kind, postId, text: '' };
    });
    return { id, heading: checkHeading(section.heading, `${path}.heading`), items };
  });
  if (total > LIMITS.items) throw invalid('sections', `a story has at most ${LIMITS.items} items`);

  // Keep what the client could not see (see above).
  const { aside } = setAsideHidden(stored, (postId) => (posts.get(postId)?.hidden ?? false) && !seenPosts.has(postId));
  return putBackHidden(sections, aside);
}
