/**
 * What flows to live viewers. `seq` orders one chat's events and is the SSE
 * `id:`; `wire` is the event already serialized in SSE format, built once and
 * written to every connection as is.
 */
export type LiveEventType =
  | 'post.created'
  | 'post.updated'
  | 'post.hidden'
  | 'post.unhidden'
  | 'post.deleted'
  | 'question.released'
  | 'question.pinned'
  | 'chat.status'
  | 'presence';

export interface LiveEvent {
  chatId: number;
  seq: number;
  type: LiveEventType;
  /** JSON text of the event's data. */
  payload: string;
}

export interface WireEvent extends LiveEvent {
  wire: string;
}

export function toWire(event: LiveEvent): WireEvent {
  return { ...event, wire: `id: ${event.seq}\nevent: ${event.type}\ndata: ${event.payload}\n\n` };
}

/**
 * Events of one chat that reached this process together (while it was busy
 * writing earlier ones), encoded once as one block of bytes: a viewer that
 * is up to date gets the whole batch with a single write. Under load this
 * is what keeps fan-out affordable, since the cost of a write is mostly the
 * system call, not the bytes.
 */
export interface WireBatch {
  events: WireEvent[];
  /** Every event's `wire`, in order, as UTF-8 bytes. */
  bytes: Buffer;
  /**
   * The same bytes framed as one HTTP/1.1 chunk (`<hex length>\r\n…\r\n`),
   * `bytes` being a view into it: a stream on a chunked response can write
   * this to its socket as is (see StreamConnection), framed once per batch
   * rather than once per viewer by Node's http layer.
   */
  chunk: Buffer;
  /** Each event's seq is the previous one's plus one. */
  contiguous: boolean;
}

export function toBatch(events: WireEvent[]): WireBatch {
  const contiguous = events.every((event, i) => i === 0 || event.seq === events[i - 1]!.seq + 1);
  const text = events.map((event) => event.wire).join('');
  const head = `${Buffer.byteLength(text).toString(16)}\r\n`;
  const chunk = Buffer.from(`${head}${text}\r\n`);
  return { events, bytes: chunk.subarray(head.length, chunk.length - 2), chunk, contiguous };
}

/** The pub/sub message: compact and self-describing. */
export function encodeMessage(event: LiveEvent): string {
  return JSON.stringify([event.chatId, event.seq, event.type, event.payload]);
}

export function decodeMessage(message: string): LiveEvent | null {
  try {
    const [chatId, seq, type, payload] = JSON.parse(message) as [number, number, LiveEventType, string];
    if (typeof chatId !== 'number' || typeof seq !== 'number' || typeof payload !== 'string') return null;
    return { chatId, seq, type, payload };
  } catch {
    return null;
  }
}

/** Channels carry the site's address: several sites may share one Redis. */
export const chatChannel = (site: string, chatId: number) => `musesocial:${site}:chat:${chatId}`;
