import type { StreamConnection } from './stream-connection.ts';

const HEARTBEAT_MS = 15_000;

/**
 * Every open stream of this process: one timer sends heartbeats to all of
 * them, and shutdown ends them all so viewers reconnect to another process.
 */
export class StreamRegistry {
  readonly #connections = new Set<StreamConnection>();
  #timer: NodeJS.Timeout | null = null;

  add(connection: StreamConnection): void {
    this.#connections.add(connection);
    this.#timer ??= setInterval(() => {
      for (const c of this.#connections) c.heartbeat();
    }, HEARTBEAT_MS).unref();
  }

  remove(connection: StreamConnection): void {
    this.#connections.delete(connection);
  }

  get size(): number {
    return this.#connections.size;
  }

  closeAll(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (const connection of [...this.#connections]) connection.close();
  }
}
