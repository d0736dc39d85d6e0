import { renderToString } from 'preact-render-to-string';
import type { ChatDetails } from '../../chats/chats.repository.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import { groupAnchor, groupTitle, type Thread } from '../transcript/transcript-groups.ts';
import type { ExportWriter } from './export-job.ts';
import { permalinkUrl } from './post-origin.ts';
import { chatTime, countsText, postsAndBoosts, postTime, writeReadable, type ReadableRenderer } from './readable-export.ts';
import { isAnonymousAuthor } from '../../consent/anonymous-author.ts';
import { LinkedText } from '../../posts/views/post-text.tsx';
import { plural } from '../../web/plural.ts';

/**
 * A standalone web page of the transcript: one file that opens offline, no
 * scripts, no external resources, minimal inline CSS. Everything from the
 * archive goes through Preact, which escapes it.
 */
const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{max-width:48rem;margin:0 auto;padding:1rem}
h2{margin-top:2rem;border-bottom:1px solid #8888}
ol{list-style:none;padding-left:0}ol ol{padding-left:1.25rem;border-left:2px solid #8886}
article{margin:.5rem 0;padding:.5rem 0}
.who{font-weight:600}.meta,.counts{color:GrayText;font-size:.9em}
.text{white-space:pre-line;margin:.25rem 0}
.question{background:#8881;padding:.5rem;border-radius:.5rem}
`;

function Post({ post, baseUrl, chat, question }: { post: PostView; baseUrl: string; chat: ChatDetails; question?: boolean }) {
  return (
    <article id={`post-${post.id}`} class={question ? 'question' : undefined}>
      <p class="meta">
        <span class="who">{post.authorDisplayName}</span>{isAnonymousAuthor({ handle: post.authorHandle }) ? '' : ` @${post.authorHandle}`}
        {post.authorNetwork === 'local' ? '' : ` (${post.authorNetwork})`} · <time datetime={new Date(post.createdAt).toISOString()}>{postTime(post, chat)}</time> ·{' '}
        <a href={permalinkUrl(baseUrl, post.chatSlug, post.id)}>permalink</a>
      </p>
      <p class="text">
        <LinkedText text={post.text} baseUrl={baseUrl} />
      </p>
      <p class="counts">{countsText(post)}</p>
    </article>
  );
}

function ThreadList({ threads, baseUrl, chat }: { threads: Thread[]; baseUrl: string; chat: ChatDetails }) {
  return (
    <ol>
      {threads.map((thread) => (
        <li>
          <Post post={thread.post} baseUrl={baseUrl} chat={chat} />
          {thread.replies.length > 0 ? <ThreadList threads={thread.replies} baseUrl={baseUrl} chat={chat} /> : null}
        </li>
      ))}
    </ol>
  );
}

const html: ReadableRenderer = {
  start(job, totals) {
    const { chat } = job;
    const head = renderToString(
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Transcript: {chat.title}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>,
    );
    const intro = renderToString(
      <header>
        <h1>Transcript: {chat.title}</h1>
        <p>
          {chat.hashtags.map((h) => `#${h.display}`).join(' ')} · {chatTime(chat.startsAt, chat.timeZone)} · {postsAndBoosts(totals)}
        </p>
        <p>
          Exported from <a href={`${job.baseUrl}/chats/${chat.slug}/transcript`}>{`${job.baseUrl}/chats/${chat.slug}/transcript`}</a> on {new Date(job.now).toISOString()}. Boosts are counted under the posts they
          boost.
        </p>
        {totals.questions.length > 1 ? (
          <nav aria-label="Questions">
            <ul>
              {totals.questions.map((q) => (
                <li>
                  {q.text ? `${q.title} ${q.text}` : q.title} ({plural(q.posts, 'post', 'posts')})
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>,
    );
    return `<!doctype html>\n<html lang="en">${head}<body><main>${intro}\n`;
  },
  section(job, section) {
    const title = `${groupTitle(section.key)}${section.question ? ` ${section.question.text}` : ''}`;
    return `${renderToString(
      <section id={section.continued ? undefined : groupAnchor(section.key)} aria-label={section.continued ? `${title} (continued)` : undefined}>
        {section.continued ? null : <h2>{title}</h2>}
        {section.heads.map((head) => (
          <Post post={head} baseUrl={job.baseUrl} chat={job.chat} question />
        ))}
        {section.threads.length > 0 ? <ThreadList threads={section.threads} baseUrl={job.baseUrl} chat={job.chat} /> : null}
        {!section.continued && section.heads.length === 0 && section.threads.length === 0 ? <p>No posts in the archive.</p> : null}
      </section>,
    )}\n`;
  },
  end() {
    return '</main></body></html>\n';
  },
};

export const writeHtml: ExportWriter = (job, out) => writeReadable(job, out, html);
