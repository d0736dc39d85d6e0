import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { renderToString } from 'preact-render-to-string';
import { escapeMarkdown } from '../archive/export/markdown-export.ts';
import { renderMarkdown } from '../web/markdown.ts';
import type { PostView } from '../posts/posts.repository.ts';
import { permalinkPath } from '../archive/transcript/transcript-urls.ts';
import type { StoryView } from './story-view.ts';
import { presentStory } from './story.presenter.ts';
import { LinkedText } from '../posts/views/post-text.tsx';

export type StoryExportFormat = 'html' | 'md' | 'json';
export const EXPORT_TYPES: Record<StoryExportFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export function exportStory(view: StoryView, format: StoryExportFormat, baseUrl: string): string {
  if (format === 'json') return `${JSON.stringify(presentStory(view, baseUrl), null, 2)}\n`;
  if (format === 'md') return storyMarkdown(view, baseUrl);
  return storyHtml(view, baseUrl);
}

/** Links to originals come from imported data: only plain http(s) addresses become links. */
const originalUrl = (post: PostView): string | null => (post.sourceUrl && /^https?:\/\/[^\s<>"]+$/.test(post.sourceUrl) ? post.sourceUrl : null);

const zoneOf = (view: StoryView, post: PostView) => view.story.chats.find((c) => c.slug === post.chatSlug)?.timeZone ?? 'UTC';
const postTime = (view: StoryView, post: PostView) => DateTime.fromMillis(post.createdAt, { zone: zoneOf(view, post) }).toFormat('d LLL yyyy, h:mm a ZZZZ');

/**
 * Markdown: the curator's own text as written (it is Markdown already),
 * archived posts as quotes with every Markdown character escaped, so a post
 * cannot format the file.
 */
export function storyMarkdown(view: StoryView, baseUrl: string): string {
  const { story } = view;
  const lines = [`# ${escapeMarkdown(story.title)}`, ''];
  const main = story.chats[0];
  if (main) lines.push(`A story of the chat [${escapeMarkdown(main.title)}](<${baseUrl}/chats/${main.slug}>). Read it online: <${baseUrl}/stories/${story.id}>`, '');
  if (story.introduction) lines.push(story.introduction, '');
  for (const section of view.sections) {
    lines.push(`## ${escapeMarkdown(section.heading)}`, '');
    for (const item of section.items) {
      if (item.kind === 'text') {
        lines.push(item.text, '');
        continue;
      }
      const post = item.post;
      lines.push(...escapeMarkdown(post.text).split('\n').map((line) => `> ${line}`.trimEnd()));
      const source = originalUrl(post);
      const original = source ? ` · [original](<${source}>)` : '';
      lines.push('>', `> — **${escapeMarkdown(post.authorDisplayName)}** (@${escapeMarkdown(post.authorHandle)}), [${postTime(view, post)}](<${baseUrl}${permalinkPath(post.chatSlug, post.id)}>)${original}`, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

const STYLE = `
:root{color-scheme:light dark;font-family:Georgia,serif;line-height:1.55}
body{max-width:44rem;margin:0 auto;padding:1rem}
h2{margin-top:2rem;border-bottom:1px solid #8888}
blockquote{margin:1rem 0;padding:.5rem 1rem;border-left:3px solid #8888}
.who{font-weight:600;font-family:system-ui,sans-serif}.meta{color:GrayText;font-size:.9em;font-family:system-ui,sans-serif}
.text{white-space:pre-line;margin:.25rem 0}
`;
/** The export's only inline CSS; its hash is what the response's CSP allows. */
export const EXPORT_STYLE_HASH = `'sha256-${crypto.createHash('sha256').update(STYLE).digest('base64')}'`;

/** A standalone page: one file that opens offline, no scripts, no external resources. */
export function storyHtml(view: StoryView, baseUrl: string): string {
  const { story } = view;
  return (
    '<!doctype html>' +
    renderToString(
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{story.title}</title>
          <style dangerouslySetInnerHTML={{ __html: STYLE }} />
        </head>
        <body>
          <h1>{story.title}</h1>
          <p class="meta">
            <a href={`${baseUrl}/stories/${story.id}`}>{`${baseUrl}/stories/${story.id}`}</a>
          </p>
          {story.introduction ? <div dangerouslySetInnerHTML={{ __html: renderMarkdown(story.introduction) }} /> : null}
          {view.sections.map((section) => (
            <section>
              <h2>{section.heading}</h2>
              {section.items.map((item) =>
                item.kind === 'text' ? (
                  <div dangerouslySetInnerHTML={{ __html: renderMarkdown(item.text) }} />
                ) : (
                  <blockquote id={`post-${item.post.id}`}>
                    <p class="text">
                      <LinkedText text={item.post.text} baseUrl={baseUrl} />
                    </p>
                    <p class="meta">
                      <span class="who">{item.post.authorDisplayName}</span> @{item.post.authorHandle} ·{' '}
                      <a href={`${baseUrl}${permalinkPath(item.post.chatSlug, item.post.id)}`}>{postTime(view, item.post)}</a>
                      {originalUrl(item.post) ? (
                        <>
                          {' · '}
                          <a href={originalUrl(item.post)!}>original</a>
                        </>
                      ) : null}
                    </p>
                  </blockquote>
                ),
              )}
            </section>
          ))}
        </body>
      </html>,
    )
  );
}
