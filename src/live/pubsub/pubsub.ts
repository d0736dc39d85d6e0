/**
 * Message transport between app processes. One implementation per
 * deployment: in-process for a single node, Redis when several processes
 * share live rooms. Delivery is best effort: viewers fill gaps from the
 * database, so a lost message delays an event but never loses it.
 */
export interface PubSub {
  subscribe(channel: string, onMessage: (message: string) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
  close(): Promise<void>;
}
