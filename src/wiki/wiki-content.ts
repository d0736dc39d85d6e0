import type { Kysely } from 'kysely';
import type { DB, User } from '../db/schema.ts';
import { listVisibleChats } from '../chats/chats.service.ts';
import type { ChatDetails } from '../chats/chats.repository.ts';
import { linkedSlugs, parseWikiMarkup, renderWikiMarkup } from './wiki-markup.ts';
import { existingSlugs } from './wiki.repository.ts';

/** A page body ready for the view: sanitized HTML pieces and the embedded chat lists between them. */
export type RenderedWiki = Array<{ kind: 'html'; html: string } | { kind: 'upcoming'; tag: string; chats: ChatDetails[] }>;

const EMBED_LIMIT = 5;

/** Looks up which linked pages exist and what each embed lists, as this viewer may see it. */
export async function renderWikiBody(db: Kysely<DB>, viewer: User | null, body: string, now = Date.now()): Promise<RenderedWiki> {
  const parsed = parseWikiMarkup(body);
  const tags = [...new Set(parsed.embeds.map((e) => e.tag))];
  const [existing, lists] = await Promise.all([
    existingSlugs(db, linkedSlugs(parsed)),
    Promise.all(tags.map((tag) => listVisibleChats(db, viewer, { when: 'upcoming', tag, limit: EMBED_LIMIT }, now))),
  ]);
  const chatsByTag = new Map(tags.map((tag, i) => [tag, lists[i]!.chats]));
  return renderWikiMarkup(parsed, (slug) => existing.has(slug)).map((segment) =>
    segment.kind === 'html' ? segment : { kind: 'upcoming', tag: segment.embed.tag, chats: chatsByTag.get(segment.embed.tag) ?? [] },
  );
}
