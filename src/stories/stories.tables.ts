import type { Generated, Selectable } from 'kysely';

export type StoryStatus = 'draft' | 'published';
export type StoryItemKind = 'post' | 'text';

export interface StoriesTable {
  id: Generated<number>;
  title: string;
  /** Markdown, rendered only through web/markdown.ts. */
  introduction: string;
  status: StoryStatus;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
}

export interface StoryChatsTable {
  storyId: number;
  chatId: number;
  position: number;
}

export interface StoryCuratorsTable {
  storyId: number;
  userId: number;
  addedBy: number | null;
  createdAt: number;
}

export interface StorySectionsTable {
  id: Generated<number>;
  storyId: number;
  position: number;
  heading: string;
}

export interface StoryItemsTable {
  id: Generated<number>;
  storyId: number;
  sectionId: number;
  position: number;
  kind: StoryItemKind;
  postId: number | null;
  /** The curator's Markdown (text items); '' for posts. */
  text: Generated<string>;
}

/** Row types of the stories tables (registered in db/schema.ts). */
export interface StoriesTables {
  stories: StoriesTable;
  storyChats: StoryChatsTable;
  storyCurators: StoryCuratorsTable;
  storySections: StorySectionsTable;
  storyItems: StoryItemsTable;
}

export type StoryRow = Selectable<StoriesTable>;
