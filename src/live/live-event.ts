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
