import http from 'node:http';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * A minimal Server-Sent Events client over a real HTTP connection, parsing
 * the wire format itself (no EventSource polyfill whose own reconnect logic
 * would hide what the server sends).
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  #request: http.ClientRequest | null = null;
  #buffer = '';
  #waiters: Array<() => void> = [];

  static async connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    await new Promise<void>((resolve, reject) => {
      const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (response) => {
        client.status = response.statusCode ?? 0;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => client.#feed(chunk));
        response.on('error', () => {});
        resolve();
      });
      request.on('error', reject);
      client.#request = request;
    });
    return client;
  }

  /** Resolves when at least `count` events arrived (rejects after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 5000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} events, got ${this.events.length}: ${JSON.stringify(this.events.map((e) => e.id))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events;
  }

  close(): void {
    this.#request?.destroy();
  }

  #feed(chunk: string): void {
    this.#buffer += chunk;
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let id: string | null = null;
      let event = 'message';
      const data: string[] = [];
      let isEvent = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1));
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('event: ')) ((event = line.slice(7)), (isEvent = true));
        else if (line.startsWith('data: ')) ((data.push(line.slice(6)), (isEvent = true)));
      }
      if (isEvent) this.events.push({ id, event, data: data.join('\n') });
    }
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
