import type { PostKind } from '../db/schema.ts';
import { LIMITS, type DocSection } from './story-document.ts';

/**
 * The automatic draft: a section per question with its key answers, an
 * "Other conversation" section and the links shared most. Pure, so the
 * ranking is tested on its own and explained in the editor with the same
 * numbers (RANKING_WEIGHTS).
 */
export interface DraftPost {
  id: number;
  authorId: number;
  kind: PostKind;
  replyToId: number | null;
  boostOfId: number | null;
  questionNumber: number | null;
  answersQuestion: number | null;
  replyCount: number;
  boostCount: number;
  likeCount: number;
  createdAt: number;
  text: string;
}

export const RANKING_WEIGHTS = { replies: 3, boosts: 2, likes: 1, activity: 0.5, activityCap: 10 } as const;
export const KEY_POSTS_PER_SECTION = 5;
export const TOP_LINKS = 5;

/** The sentence the editor shows under "How the draft was chosen". */
export const RANKING_EXPLANATION =
  `Each answer scores ${RANKING_WEIGHTS.replies} points per reply, ${RANKING_WEIGHTS.boosts} per boost and ${RANKING_WEIGHTS.likes} per like, ` +
  `plus ${RANKING_WEIGHTS.activity} for each of the author’s other posts in the chat (counted up to ${RANKING_WEIGHTS.activityCap}), ` +
  `so answers that started conversations come first and regular voices get a small lift. ` +
  `The ${KEY_POSTS_PER_SECTION} highest-scoring answers of each question are kept, earliest first on a tie; boosts themselves are never picked.`;

export interface Engagement {
  replies: number;
  boosts: number;
  likes: number;
  /** The author's other posts in the chat. */
  otherPosts: number;
}

export function scoreOf(e: Engagement): number {
  const w = RANKING_WEIGHTS;
  return w.replies * e.replies + w.boosts * e.boosts + w.likes * e.likes + w.activity * Math.min(e.otherPosts, w.activityCap);
}

export interface RankedPost {
  post: DraftPost;
  score: number;
}

export interface Draft {
  sections: DocSection[];
  links: Array<{ url: string; posts: number }>;
}

export interface DraftQuestion {
  number: number;
  text: string;
}

export function draftStory(questions: DraftQuestion[], posts: DraftPost[]): Draft {
  return withLinks(chatSections(questions, rankPosts(posts), ''), posts);
}

export interface DraftChat {
  title: string;
  questions: DraftQuestion[];
  posts: DraftPost[];
}

/**
 * A story over several chats (a series, a season): each chat's sections in
 * the order given, headed with the chat's title, and one "Links shared" for
 * all of them. When that would pass the story's section limit, each chat
 * gets a single section of its best posts instead.
 */
export function draftChats(chats: DraftChat[]): Draft {
  if (chats.length === 1) return draftStory(chats[0]!.questions, chats[0]!.posts);
  const sectionsNeeded = chats.reduce((sum, chat) => sum + chat.questions.length + 1, 0);
  const sections: DocSection[] = [];
  for (const chat of chats) {
    const ranked = rankPosts(chat.posts);
    if (sectionsNeeded < LIMITS.sections) sections.push(...chatSections(chat.questions, ranked, `${chat.title} — `));
    else sections.push(section(heading(`${chat.title} — highlights`), ranked.filter((r) => r.post.questionNumber === null)));
  }
  return withLinks(sections, chats.flatMap((chat) => chat.posts));
}

/** A section per question with its key answers, then "Other conversation". */
function chatSections(questions: DraftQuestion[], ranked: RankedPost[], prefix: string): DocSection[] {
  const sections: DocSection[] = [];
  for (const q of [...questions].sort((a, b) => a.number - b.number)) {
    const answers = ranked.filter((r) => r.post.answersQuestion === q.number && r.post.questionNumber === null);
    sections.push(section(heading(`${prefix}Q${q.number}. ${q.text}`), answers));
  }
  const known = new Set(questions.map((q) => q.number));
  const other = ranked.filter((r) => r.post.questionNumber === null && (r.post.answersQuestion === null || !known.has(r.post.answersQuestion)));
  sections.push(section(heading(`${prefix}Other conversation`), other));
  return sections;
}

function withLinks(sections: DocSection[], posts: DraftPost[]): Draft {
  const links = topLinks(posts);
  if (links.length > 0) {
    const list = links.map((l) => `- <${l.url}> (shared in ${l.posts} ${l.posts === 1 ? 'post' : 'posts'})`).join('\n');
    sections.push({ id: null, heading: 'Links shared', items: [{ id: null, kind: 'text', postId: null, text: list }] });
  }
  return { sections, links };
}

/** Long question texts would fail the editor's own heading limit: cut them with an ellipsis. */
function heading(text: string): string {
  return text.length <= LIMITS.heading ? text : `${text.slice(0, LIMITS.heading - 1).trimEnd()}…`;
}

/** Every post that may be picked (no boosts), best first, earliest first on a tie. */
export function rankPosts(posts: DraftPost[]): RankedPost[] {
  const byAuthor = new Map<number, number>();
  const replies = new Map<number, number>();
  const boosts = new Map<number, number>();
  for (const p of posts) {
    byAuthor.set(p.authorId, (byAuthor.get(p.authorId) ?? 0) + 1);
    if (p.replyToId !== null) replies.set(p.replyToId, (replies.get(p.replyToId) ?? 0) + 1);
    if (p.boostOfId !== null) boosts.set(p.boostOfId, (boosts.get(p.boostOfId) ?? 0) + 1);
  }
  return posts
    .filter((p) => p.kind !== 'boost')
    .map((post) => ({
      post,
      // Counts imported from the network and the replies/boosts archived here may differ: take the larger.
      score: scoreOf({
        replies: Math.max(post.replyCount, replies.get(post.id) ?? 0),
        boosts: Math.max(post.boostCount, boosts.get(post.id) ?? 0),
        likes: post.likeCount,
        otherPosts: (byAuthor.get(post.authorId) ?? 1) - 1,
      }),
    }))
    .sort((a, b) => b.score - a.score || a.post.createdAt - b.post.createdAt || a.post.id - b.post.id);
}

function section(heading: string, ranked: RankedPost[]): DocSection {
  const picked = ranked.slice(0, KEY_POSTS_PER_SECTION).map((r) => r.post);
  // Shown in the order they were posted: the ranking picks, the time line tells.
  picked.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  return { id: null, heading, items: picked.map((p) => ({ id: null, kind: 'post' as const, postId: p.id, text: '' })) };
}

const URL_PATTERN = /https?:\/\/[^\s<>"'`\\]+/g;

/** http(s) URLs in a post's text, without the punctuation that ends a sentence around them. */
export function extractUrls(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0].replace(/[.,;:!?]+$/, '');
    // A closing parenthesis belongs to the URL only when it opened one (Wikipedia links).
    while (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) url = url.slice(0, -1).replace(/[.,;:!?]+$/, '');
    if (url.length > 'https://'.length) found.add(url);
  }
  return [...found];
}

/** The URLs found in the most posts (a boost shares a link again), most shared first. */
export function topLinks(posts: DraftPost[], limit = TOP_LINKS): Array<{ url: string; posts: number }> {
  const counts = new Map<string, number>();
  for (const p of posts) for (const url of extractUrls(p.text)) counts.set(url, (counts.get(url) ?? 0) + 1);
  return [...counts.entries()]
    .map(([url, n]) => ({ url, posts: n }))
    .sort((a, b) => b.posts - a.posts || a.url.localeCompare(b.url))
    .slice(0, limit);
}
