import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { AppError } from '../errors.ts';
import { sendPage } from '../web/render.ts';
import type { LiveEvent } from './live-event.ts';
import { publishAll } from './live.api.ts';
import { loadRoom, type Room } from './room.pages.ts';
import { OTHER_GROUP } from './room-threads.pages.ts';
import { RoomPage } from './views/room.page.tsx';
import { emptyCompose, type RoomUi } from './views/room-render.ts';
import { roomUrls } from './views/room-urls.ts';

/** The room page's query: a question filter and the no-JavaScript reply/quote/edit links. Loose on purpose: unknown values are ignored. */
export const RoomQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 10 })),
  reply: Type.Optional(Type.String({ maxLength: 20 })),
  quote: Type.Optional(Type.String({ maxLength: 20 })),
  edit: Type.Optional(Type.String({ maxLength: 20 })),
});
export type RoomQuery = Static<typeof RoomQuery>;

export const CsrfOnly = Type.Object({ _csrf: Type.Optional(Type.String()) });

/** Renders the room for this request, with whatever a failed form needs shown. */
export async function renderRoom(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  options: { query?: RoomQuery; ui?: Partial<RoomUi>; status?: number } = {},
): Promise<FastifyReply> {
  const now = Date.now();
  const room = await loadRoom(app, request.user, slug, now);
  const query = options.query ?? {};
  const ui: RoomUi = {
    filter: filterOf(room, query.q),
    replyTo: shownPost(room, query.reply),
    quoteOf: query.reply ? null : shownPost(room, query.quote),
    editing: null,
    compose: emptyCompose(),
    notice: null,
    ...options.ui,
  };
  if (!options.ui?.editing && query.edit) {
    const post = shownPost(room, query.edit);
    if (post && room.viewer && post.authorNetwork === 'local' && post.authorHandle === room.viewer.user.handle) ui.editing = { postId: post.id, text: post.text, error: null };
  }
  const urls = roomUrls(room.chat.slug);
  return sendPage(
    request,
    reply,
    (ctx) => ({ meta: { title: `Live: ${room.chat.title}`, description: `The live room of ${room.chat.title}` }, body: h(RoomPage, { r: { ctx, room, ui, urls, now } }) }),
    options.status ?? 200,
  );
}

function filterOf(room: Room, q: string | undefined): string | null {
  if (!q) return null;
  const key = /^\d{1,2}$/.test(q) ? `q${q}` : q;
  return key === OTHER_GROUP || room.groups.some((g) => g.key === key) ? key : null;
}

function shownPost(room: Room, id: string | undefined) {
  if (!id || !/^\d{1,15}$/.test(id)) return null;
  const post = room.posts.get(Number(id));
  return post && post.hiddenAt === null ? post : null;
}

/**
 * Errors a room form shows on the room itself (with their status), rather
 * than on the generic error page: refusals a member can act on. Not signed
 * in, not found and expired forms keep the error page, which says so.
 */
export function roomProblem(error: unknown): AppError | null {
  if (!(error instanceof AppError)) return null;
  return ['validation_failed', 'conflict', 'chat_not_live', 'muted', 'slow_mode', 'rate_limited', 'forbidden'].includes(error.code) ? error : null;
}

/**
 * Runs one room action for an HTML form: publishes its live events after
 * commit and goes back to the room (303), or shows the refusal on the room.
 */
export async function roomAction(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  run: () => Promise<LiveEvent[] | void>,
  anchor = '',
): Promise<FastifyReply> {
  try {
    const events = await run();
    if (events) await publishAll(app, events);
    return reply.redirect(`${roomUrls(slug).room}${anchor}`, 303);
  } catch (error) {
    const problem = roomProblem(error);
    if (!problem) throw error;
    return renderRoom(app, request, reply, slug, { ui: { notice: { kind: 'error', message: sentence(problem.message) } }, status: problem.status });
  }
}

const sentence = (message: string) => {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return text.endsWith('.') ? text : `${text}.`;
};
