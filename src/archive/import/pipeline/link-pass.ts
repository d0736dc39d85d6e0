import type { Database } from '../../../db/database.ts';
import { findLinkablePosts, inheritQuestion, setLinks, unlinkedPostIds } from './imports.repository.ts';
import { writeTransaction } from './write-transaction.ts';

/** Replies deeper than this under one question are not followed further (a guard, not a limit real chats reach). */
const MAX_DEPTH = 100;

/** Posts whose links are looked up and set together. */
const POSTS_PER_ROUND = 5000;

/**
 * After an import: posts whose reply, quote or boost target was not
 * archived when they were stored (it came later in the file, or in this
 * later import) are linked to it, and threads that now hang under a
 * question take that question, down to the last reply.
 */
export async function linkLatePosts(database: Database, chatId: number, postsPerRound = POSTS_PER_ROUND): Promise<{ linked: number; threaded: number }> {
  // Every link is to a post found in this transaction, which holds the write lock: on SQLite its own
  // foreign key checks are skipped (write-transaction.ts), a random read of the target's row per link
  // (19,187 replies of a 200,000-tweet file saved newest first, linked: 1.6 s with them, 0.3 s without).
  return writeTransaction(database, async (trx) => {
    // A few thousand posts at a time: a timeline saved newest first has a late link for every reply in it.
    const ids = await unlinkedPostIds(trx, chatId);
    let linked = 0;
    let frontier: Array<{ id: number; question: number }> = [];
    for (let start = 0; start < ids.length; start += postsPerRound) {
      const links = await findLinkablePosts(trx, chatId, { from: ids[start]!, to: ids[Math.min(start + postsPerRound, ids.length) - 1]! });
      const answers = new Map<number, number | null>();
      for (const link of links) {
        // A post can gain several links at once (a reply that quotes); its question is decided once.
        const current = answers.has(link.id) ? answers.get(link.id)! : link.answersQuestion;
        // As when posting live: the question of the post replied to (or boosted) comes before the post's own "A2".
        const question = link.questionNumber === null && link.targetQuestion !== null ? link.targetQuestion : current;
        answers.set(link.id, question);
        if (question !== null && question !== current) frontier.push({ id: link.id, question });
      }
      // A post with several links (a reply that quotes) answers what its last one decided.
      await setLinks(trx, links.map((link) => ({ id: link.id, field: link.field, targetId: link.targetId, answersQuestion: answers.get(link.id) ?? null })));
      linked += links.length;
    }
    let threaded = frontier.length;
    for (let depth = 0; frontier.length > 0 && depth < MAX_DEPTH; depth++) {
      frontier = await inheritQuestion(trx, frontier);
      threaded += frontier.length;
    }
    return { linked, threaded };
  });
}
