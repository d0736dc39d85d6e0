/**
 * The live room's HTML form addresses (routes in src/live/*.pages.routes.ts).
 * Each has a JSON API twin that the browser client calls instead.
 */
export function roomUrls(slug: string) {
  const base = `/chats/${encodeURIComponent(slug)}/live`;
  return {
    room: base,
    compose: `${base}/posts`,
    postAction: (id: string | number, action: string) => `${base}/posts/${id}/${action}`,
    question: (number: number, action: 'release' | 'pin') => `${base}/questions/${number}/${action}`,
    unpin: `${base}/unpin`,
    roomState: (state: 'open' | 'close') => `${base}/${state}`,
    mute: (handle: string) => `${base}/mutes/${encodeURIComponent(handle)}`,
    unmute: (handle: string) => `${base}/mutes/${encodeURIComponent(handle)}/remove`,
    ban: (handle: string) => `${base}/bans/${encodeURIComponent(handle)}`,
    slowMode: `${base}/slow-mode`,
    /** The room with one query setting (filter, reply, quote, edit), keeping the page anchor sensible. */
    with: (params: Record<string, string | number | null | undefined>, anchor = '') => {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
      const search = query.toString();
      return `${base}${search ? `?${search}` : ''}${anchor}`;
    },
  };
}

export type RoomUrls = ReturnType<typeof roomUrls>;
