import { presentPost } from '../posts/post.presenter.ts';
import type { SearchResult } from './search.service.ts';
import { snippetHtml } from './snippet.ts';

/** A search result in JSON: the post as everywhere else, plus its snippet, chat and permalink. */
export function presentSearchResult(result: SearchResult, baseUrl: string) {
  const { post } = result;
  return {
    post: presentPost(post),
    snippet: snippetHtml(result.snippet),
    chat: { slug: post.chatSlug, title: post.chatTitle, url: `${baseUrl}/chats/${post.chatSlug}` },
    url: `${baseUrl}${permalink(post)}`,
  };
}

export function permalink(post: { chatSlug: string; id: number }): string {
  return `/chats/${post.chatSlug}/posts/${post.id}`;
}
