import type { PageContext } from '../../web/context.ts';
import type { PostView } from '../../posts/posts.repository.ts';
import type { Room } from '../room.pages.ts';
import type { RoomUrls } from './room-urls.ts';

/** The composer's state when the page is rendered again after a refused post. */
export interface ComposeState {
  text: string;
  /** Hashtags the member kept; null means the default (all of the chat's). */
  tags: string[] | null;
  error: string | null;
  /** True when the error is about the text itself (shown next to the field). */
  textError: boolean;
}

/** Per-request state of the room page: what the query string and a failed form asked for. */
export interface RoomUi {
  filter: string | null;
  replyTo: PostView | null;
  quoteOf: PostView | null;
  editing: { postId: number; text: string; error: string | null } | null;
  compose: ComposeState;
  notice: { kind: 'error' | 'success'; message: string } | null;
}

/** Everything a room view needs, passed down as one value. */
export interface RoomRender {
  ctx: PageContext;
  room: Room;
  ui: RoomUi;
  urls: RoomUrls;
  now: number;
}

export const emptyCompose = (): ComposeState => ({ text: '', tags: null, error: null, textError: false });
