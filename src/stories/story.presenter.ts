import { presentPost } from '../posts/post.presenter.ts';
import { renderMarkdown } from '../web/markdown.ts';
import type { StoryDetails, StoryView } from './story-view.ts';

const iso = (ms: number) => new Date(ms).toISOString();
export const storyPath = (id: number) => `/stories/${id}`;

/** The one JSON shape of a story: the API and the `.json` export. Hidden posts are already left out. */
export function presentStory(view: StoryView, baseUrl: string) {
  const { story } = view;
  return {
    ...presentStoryHead(story, baseUrl),
    introduction: story.introduction,
    version: story.updatedAt,
    chats: story.chats.map((c) => ({ slug: c.slug, title: c.title, url: `${baseUrl}/chats/${c.slug}` })),
    curators: story.curators.map((c) => c.handle),
    createdAt: iso(story.createdAt),
    sections: view.sections.map((section) => ({
      id: String(section.id),
      heading: section.heading,
      items: section.items.map((item) =>
        item.kind === 'post' ? { id: String(item.id), kind: 'post' as const, post: presentPost(item.post) } : { id: String(item.id), kind: 'text' as const, text: item.text, html: renderMarkdown(item.text) },
      ),
    })),
  };
}

/** The short form for lists. */
export function presentStoryHead(story: StoryDetails, baseUrl: string) {
  return {
    id: String(story.id),
    url: `${baseUrl}${storyPath(story.id)}`,
    title: story.title,
    status: story.status,
    updatedAt: iso(story.updatedAt),
    publishedAt: story.publishedAt === null ? null : iso(story.publishedAt),
  };
}

export function presentStoryListItem(story: StoryDetails, baseUrl: string) {
  return { ...presentStoryHead(story, baseUrl), chats: story.chats.map((c) => c.slug) };
}

export type StoryJson = ReturnType<typeof presentStory>;
