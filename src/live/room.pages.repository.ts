import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * What one member already did in a room, so the page can show their Like
 * and Boost buttons pressed: the posts they liked and the posts they boosted.
 */
export async function viewerReactions(db: Kysely<DB>, chatId: number, userId: number): Promise<{ liked: number[]; boosted: number[] }> {
  const [liked, boosted] = await Promise.all([
    db
      .selectFrom('postLikes')
      .innerJoin('posts', 'posts.id', 'postLikes.postId')
      .select('postLikes.postId')
      .where('posts.chatId', '=', chatId)
      .where('postLikes.userId', '=', userId)
      .execute(),
    db
      .selectFrom('posts')
      .innerJoin('authors', 'authors.id', 'posts.authorId')
      .select('posts.boostOfId')
      .where('posts.chatId', '=', chatId)
      .where('authors.userId', '=', userId)
      .where('posts.kind', '=', 'boost')
      .where('posts.deletedAt', 'is', null)
      .execute(),
  ]);
  return {
    liked: liked.map((r) => r.postId),
    boosted: boosted.map((r) => r.boostOfId).filter((id): id is number => id !== null),
  };
}
