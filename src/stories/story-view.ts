import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import type { PostView } from '../posts/posts.repository.ts';
import type { StoryAccess } from '../accounts/policies.ts';
import type { DocSection } from './story-document.ts';
import { loadDocument, visiblePostsOfStory, type StoryRecord } from './stories.repository.ts';

export type ViewItem = { id: number; kind: 'post'; post: PostView } | { id: number; kind: 'text'; text: string };

export interface ViewSection {
  id: number;
  heading: string;
  items: ViewItem[];
}

/** A story with its chats and who may do what. */
export interface StoryDetails extends StoryRecord {
  chats: ChatDetails[];
  access: StoryAccess;
}

/** What readers see: the stored structure with hidden, deleted and forgotten posts left out. */
export interface StoryView {
  story: StoryDetails;
  sections: ViewSection[];
}

export async function loadStoryView(db: Kysely<DB>, story: StoryDetails, doc?: DocSection[]): Promise<StoryView> {
  const [document, posts] = await Promise.all([doc ? Promise.resolve(doc) : loadDocument(db, story.id), visiblePostsOfStory(db, story.id)]);
  return visibleView(story, document, posts);
}

/** Pure: the readable story from the stored document and the posts readers may see. */
export function visibleView(story: StoryDetails, document: DocSection[], posts: Map<number, PostView>): StoryView {
  const sections = document.map((section) => {
    const items: ViewItem[] = [];
    for (const item of section.items) {
      if (item.id === null) continue;
      if (item.kind === 'text') items.push({ id: item.id, kind: 'text', text: item.text });
      else {
        const post = item.postId === null ? undefined : posts.get(item.postId);
        if (post) items.push({ id: item.id, kind: 'post', post });
      }
    }
    return { id: section.id!, heading: section.heading, items };
  });
  return { story, sections };
}
