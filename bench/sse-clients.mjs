// A load process holding many SSE viewers, driven over IPC by a bench script
// (bench/fanout.ts, memory.ts, resume.ts). Plain sockets, not http.get: one
// process must read hundreds of thousands of events a second, so each read
// is scanned for "\nid: N" lines in place (no string decoding, no per-event
// objects) to check that ids arrive consecutively, once. A sample of viewers
// also parses the whole event to read the poster's send timestamp
// ("sent@<epoch ms>" in the post text) and record publish-to-receive latency.
//
//   node bench/sse-clients.mjs '{"port":3000,"path":"/api/v1/chats/x/stream","connections":1000}'
//
// Config: host, port, path, connections, sampleEvery (1 in N viewers measures
// latency), concurrency (connects in flight), reconnect (resume with
// Last-Event-ID after jittered back-off), startAfter (an id every viewer
// already has: sent as Last-Event-ID from the first connect, so the first id
// must be startAfter + 1), maxSeconds (the process exits by itself after it).
// Commands on IPC: status, mark (rates and latencies count from here), report, stop.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const config = {
  host: '127.0.0.1',
  sampleEvery: 100,
  concurrency: 200,
  reconnect: false,
  startAfter: null,
  maxSeconds: 600,
  ...JSON.parse(process.argv[2] ?? '{}'),
};

const ID_LINE = Buffer.from('\nid: ');
const HEADER_END = Buffer.from('\r\n\r\n');
const EVENT_END = Buffer.from('\n\n');
const SENT = /\nid: (\d+)\n[^\n]*\ndata: [^\n]*?sent@(\d+(?:\.\d+)?)[^\n]*\n/g;
const now = () => performance.timeOrigin + performance.now();
/** Every socket's reads land here (see Viewer.connect): each is handled before the next read. */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

let stopping = false;
let delivered = 0;
let firstDeliveryAt = 0;
let lastDeliveryAt = 0;
/** Deliveries per whole second since the first one: shows whether the rate held or sagged. */
const perSecond = [];
const latencies = [];
/** The second (since the first delivery) each latency sample was taken in. */
const latencySeconds = [];
/** Which viewer took each latency sample: tells a slow tail spread over all viewers from a few stuck ones. */
const latencyViewers = [];
let connectFailures = 0;

class Viewer {
  constructor(index) {
    this.index = index;
    this.sample = index % config.sampleEvery === 0;
    this.socket = null;
    this.head = null;
    this.open = false;
    this.carry = null;
    this.parsed = 0;
    this.text = '';
    this.first = -1;
    this.last = config.startAfter ?? -1;
    this.count = 0;
    this.gaps = 0;
    this.dups = 0;
    this.opens = 0;
    this.lastOpenAt = 0;
    this.attempt = 0;
    this.onOpen = null;
    this.onFail = null;
  }

  connect() {
    if (stopping) return;
    this.head = Buffer.alloc(0);
    this.open = false;
    this.carry = null;
    this.text = '';
    // onread: the kernel's bytes land in one buffer shared by every viewer and go straight to this
    // callback, with no Buffer allocated and no stream 'data' event per read (what follows copies
    // anything it keeps). Reads are most of this process's work, and it shares the machine's two
    // cores with the server it measures.
    const socket = net.connect({
      host: config.host,
      port: config.port,
      onread: { buffer: READ_BUFFER, callback: (n, buffer) => void (this.open ? this.body(buffer.subarray(0, n)) : this.header(buffer.subarray(0, n))) },
    });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      const resume = this.last >= 0 && (config.reconnect || config.startAfter !== null) ? `Last-Event-ID: ${this.last}\r\n` : '';
      socket.write(`GET ${config.path} HTTP/1.1\r\nHost: ${config.host}:${config.port}\r\nAccept: text/event-stream\r\n${resume}\r\n`);
    });
    socket.on('error', () => {});
    socket.on('close', () => this.closed(socket));
  }

  header(chunk) {
    this.head = Buffer.concat([this.head, chunk]);
    const end = this.head.indexOf(HEADER_END);
    if (end === -1) return;
    const status = this.head.toString('latin1', 9, 12);
    if (status !== '200') {
      connectFailures += 1;
      this.socket.destroy();
      return;
    }
    this.open = true;
    this.opens += 1;
    this.attempt = 0;
    this.lastOpenAt = now();
    const rest = this.head.subarray(end + 2); // keep the "\r\n" before the body: ids at its very start follow a newline
    this.head = null;
    this.onOpen?.();
    if (rest.length > 0) this.body(rest);
  }

  body(chunk) {
    const at = now();
    let buffer = chunk;
    let start = 0;
    if (this.carry !== null) {
      const carry = this.carry;
      this.carry = null;
      let join = true;
      if (!config.reconnect && chunk.length >= 64) {
        // Only a match that began in the carried bytes needs joining: look at a short head, then scan the chunk itself.
        const head = Buffer.concat([carry, chunk.subarray(0, 48)]);
        const i = head.indexOf(ID_LINE);
        if (i === -1 || i >= carry.length) {
          join = false;
        } else {
          const end = this.number(head, i + ID_LINE.length);
          if (end !== -1) {
            this.record(this.parsed, at);
            start = end - carry.length;
            join = false;
          }
        }
      }
      if (join) buffer = Buffer.concat([carry, chunk]);
    }
    let i = start;
    while ((i = buffer.indexOf(ID_LINE, i)) !== -1) {
      let end = this.number(buffer, i + ID_LINE.length);
      // Reconnecting viewers count an event only once it is complete (its blank line arrived): a
      // connection cut in the middle of one must get it again, as EventSource would.
      if (end !== -1 && config.reconnect) end = buffer.indexOf(EVENT_END, end);
      if (end === -1) {
        this.carry = Buffer.from(buffer.subarray(i));
        break;
      }
      this.record(this.parsed, at);
      i = end;
    }
    if (this.carry === null) {
      const k = buffer.lastIndexOf(10);
      if (k !== -1 && buffer.length - k < ID_LINE.length) this.carry = Buffer.from(buffer.subarray(k));
    }
    if (this.sample) this.timestamps(chunk.toString('latin1'), at);
  }

  /** Reads the digits at `from` into this.parsed; returns the index after them, or -1 when the line is not complete yet. */
  number(buffer, from) {
    let j = from;
    let n = 0;
    for (; j < buffer.length; j += 1) {
      const c = buffer[j];
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
    }
    if (j >= buffer.length) return -1;
    this.parsed = n;
    return j;
  }

  record(id, at) {
    if (this.last >= 0 && id <= this.last) {
      this.dups += 1;
      return;
    }
    if (this.first === -1) this.first = id;
    if (this.last >= 0 && id > this.last + 1) this.gaps += id - this.last - 1;
    this.last = id;
    this.count += 1;
    delivered += 1;
    if (firstDeliveryAt === 0) firstDeliveryAt = at;
    lastDeliveryAt = at;
    const second = Math.floor((at - firstDeliveryAt) / 1000);
    perSecond[second] = (perSecond[second] ?? 0) + 1;
  }

  timestamps(text, at) {
    this.text += text;
    SENT.lastIndex = 0;
    let consumed = 0;
    let match;
    while ((match = SENT.exec(this.text)) !== null) {
      latencies.push(at - Number(match[2]));
      latencySeconds.push(Math.floor((at - firstDeliveryAt) / 1000));
      latencyViewers.push(this.index);
      consumed = SENT.lastIndex - 1; // keep the final "\n": it starts the next id line
    }
    this.text = this.text.slice(consumed);
    if (this.text.length > 65536) this.text = this.text.slice(-4096);
  }

  closed(socket) {
    if (socket !== this.socket) return;
    this.open = false;
    if (stopping) return;
    if (this.onFail) return void this.onFail();
    if (!config.reconnect) return;
    // Jittered exponential back-off, so a restarted server is not hit by every viewer in the same millisecond.
    const delay = Math.min(3000, 250 * 2 ** this.attempt) * (0.5 + Math.random());
    this.attempt = Math.min(this.attempt + 1, 10);
    setTimeout(() => this.connect(), delay);
  }
}

const viewers = Array.from({ length: config.connections }, (_, i) => new Viewer(i));

/** Connects everyone, `concurrency` at a time; a viewer counts once its 200 header arrived (or after 5 failed tries). */
async function connectAll() {
  const started = now();
  let next = 0;
  const worker = async () => {
    while (next < viewers.length && !stopping) await openOnce(viewers[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, viewers.length) }, worker));
  process.send?.({ type: 'connected', open: openCount(), failures: connectFailures, ms: now() - started });
}

function openOnce(viewer) {
  return new Promise((resolve) => {
    let failures = 0;
    const done = () => {
      clearTimeout(timer);
      viewer.onOpen = null;
      viewer.onFail = null;
      resolve();
    };
    const timer = setTimeout(done, 30_000);
    viewer.onOpen = done;
    viewer.onFail = () => {
      failures += 1;
      if (failures >= 5) done();
      else setTimeout(() => viewer.connect(), 200 * failures);
    };
    viewer.connect();
  });
}

function openCount() {
  let open = 0;
  for (const viewer of viewers) if (viewer.open) open += 1;
  return open;
}

/** `since`: also count the viewers that are open on a connection made after that instant (reconnected). */
function status(since = Infinity) {
  let minLast = Infinity;
  let maxLastOpenAt = 0;
  let reopened = 0;
  for (const viewer of viewers) {
    minLast = Math.min(minLast, viewer.last);
    maxLastOpenAt = Math.max(maxLastOpenAt, viewer.lastOpenAt);
    if (viewer.open && viewer.lastOpenAt > since) reopened += 1;
  }
  return { type: 'status', open: openCount(), reopened, delivered, minLast, maxLastOpenAt, lastDeliveryAt };
}

function report() {
  const pick = (key) => viewers.map((viewer) => viewer[key]);
  return {
    type: 'report',
    connections: viewers.length,
    open: openCount(),
    delivered,
    firstDeliveryAt,
    lastDeliveryAt,
    perSecond: Array.from(perSecond, (n) => n ?? 0),
    latencies,
    latencySeconds,
    latencyViewers,
    connectFailures,
    first: pick('first'),
    last: pick('last'),
    count: pick('count'),
    gaps: pick('gaps'),
    dups: pick('dups'),
    opens: pick('opens'),
    lastOpenAt: pick('lastOpenAt'),
  };
}

/** Starts the measured phase: rates and latencies count from here; id checks keep covering everything. */
function mark() {
  delivered = 0;
  firstDeliveryAt = 0;
  lastDeliveryAt = 0;
  perSecond.length = 0;
  latencies.length = 0;
  latencySeconds.length = 0;
  latencyViewers.length = 0;
  process.send({ type: 'marked' });
}

function shutdown() {
  stopping = true;
  for (const viewer of viewers) viewer.socket?.destroy();
  setTimeout(() => process.exit(0), 50);
}

process.on('message', (message) => {
  if (message.cmd === 'status') process.send({ ...status(message.since ?? Infinity), at: now() });
  else if (message.cmd === 'report') process.send(report());
  else if (message.cmd === 'mark') mark();
  else if (message.cmd === 'stop') shutdown();
});
process.on('disconnect', shutdown);
process.on('SIGTERM', shutdown);
setTimeout(() => {
  console.error(`sse-clients: stopping after ${config.maxSeconds} s`);
  shutdown();
}, config.maxSeconds * 1000).unref();

connectAll();
