import type { ChatDetails } from '../../chats/chats.repository.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import { groupTitle, type Thread } from '../transcript/transcript-groups.ts';
import type { ExportWriter } from './export-job.ts';
import { permalinkUrl } from './post-origin.ts';
import { chatTime, countsText, postsAndBoosts, postTime, writeReadable, type ReadableRenderer } from './readable-export.ts';
import { shownHandle } from '../../consent/anonymous-author.ts';
import { plural } from '../../web/plural.ts';

/**
 * Markdown text of posts can not format anything: every character that
 * means something to Markdown is escaped (CommonMark allows a backslash
 * before any ASCII punctuation), line starts that would open a heading,
 * quote or list too.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

const markdown: ReadableRenderer = {
  start(job, totals) {
    const { chat } = job;
    const lines = [
      `# Transcript: ${escapeMarkdown(chat.title)}`,
      '',
      `${chat.hashtags.map((h) => `\\#${escapeMarkdown(h.display)}`).join(' ')} · ${chatTime(chat.startsAt, chat.timeZone)} · ${postsAndBoosts(totals)}`,
      '',
      `Exported from <${job.baseUrl}/chats/${chat.slug}/transcript> on ${new Date(job.now).toISOString()}. Boosts are counted under the posts they boost.`,
      '',
    ];
    if (totals.questions.length > 1) {
      lines.push('## Questions', '');
      for (const q of totals.questions) lines.push(`- ${q.title}${q.text ? ` ${escapeMarkdown(q.text)}` : ''} (${plural(q.posts, 'post', 'posts')})`);
      lines.push('');
    }
    return `${lines.join('\n')}\n`;
  },
  section(job, section) {
    const lines: string[] = [];
    if (!section.continued) {
      lines.push(`## ${groupTitle(section.key)}${section.question ? ` ${escapeMarkdown(section.question.text)}` : ''}`, '');
      if (section.heads.length === 0 && section.threads.length === 0) lines.push('_No posts in the archive._', '');
    }
    for (const head of section.heads) lines.push(...postLines(job.baseUrl, job.chat, head, 0), '');
    for (const thread of section.threads) lines.push(...threadLines(job.baseUrl, job.chat, thread, 0));
    if (section.threads.length > 0) lines.push('');
    return `${lines.join('\n')}\n`;
  },
  end() {
    return '';
  },
};

function threadLines(baseUrl: string, chat: ChatDetails, thread: Thread, depth: number): string[] {
  return [...postLines(baseUrl, chat, thread.post, depth), ...thread.replies.flatMap((reply) => threadLines(baseUrl, chat, reply, depth + 1))];
}

function postLines(baseUrl: string, chat: ChatDetails, post: PostView, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const body = `${indent}  `;
  const handle = shownHandle(post.authorHandle);
  const where = [handle ? `@${escapeMarkdown(handle)}` : '', post.authorNetwork === 'local' ? '' : post.authorNetwork].filter(Boolean).join(', ');
  const author = `**${escapeMarkdown(post.authorDisplayName)}**${where ? ` (${where})` : ''}`;
  const text = post.text.split(/\r?\n/).map((line) => `${body}${escapeMarkdown(line)}`);
  return [
    `${indent}- ${author} · ${postTime(post, chat)} · [permalink](${permalinkUrl(baseUrl, post.chatSlug, post.id)})  `,
    // Two trailing spaces: a line break inside the list item, so the counts stay on their own line.
    ...text.map((line) => `${line}  `),
    `${body}_${countsText(post)}_`,
  ];
}

export const writeMarkdown: ExportWriter = (job, out) => writeReadable(job, out, markdown);
