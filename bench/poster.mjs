// A load process that posts at a fixed rate (open loop: request i is sent at
// t0 + i/rate whether or not earlier ones were answered, so a slow server
// shows up as latency instead of silently lowering the load). Each post's
// text carries "sent@<epoch ms>" so viewers can measure publish-to-receive
// latency on the same clock. Response latency is measured from the time the
// request was due, which also counts any delay in this process.
//
//   node bench/poster.mjs '{"target":"musesocial","port":3000,"slug":"bench-chat","tokensFile":"…","rate":50,"seconds":20}'
//
// target: musesocial (POST /api/v1/chats/SLUG/posts with a Bearer token per
// account, round-robin), sse-baseline (POST /publish with a body shaped like
// our post.created event), post-baseline (the bare Fastify insert route).
// Reports once over IPC ({type:'done'}) and exits.
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { closedWhileIdle } from './lib/idle-close-race.mjs';

const config = { host: '127.0.0.1', textBytes: 160, timeoutMs: 30_000, ...JSON.parse(process.argv[2] ?? '{}') };
// Enough sockets for every request that may be waiting at once: with fewer, a slow server would make
// requests queue here, unsent, and the load would quietly turn closed-loop (one answer, one new request).
config.maxSockets ??= Math.min(4096, Math.max(64, Math.ceil((config.rate * config.timeoutMs) / 1000)));
const accounts = config.accounts ?? { share: 0, of: 1 };
const tokens = config.tokensFile ? fs.readFileSync(config.tokensFile, 'utf8').split('\n').filter(Boolean).filter((_, k) => k % accounts.of === accounts.share) : ['none'];
const agent = new http.Agent({ keepAlive: true, maxSockets: config.maxSockets });
const now = () => performance.timeOrigin + performance.now();
const filler = 'What does your museum post when nobody is watching? '.repeat(8);

let total = Math.round(config.rate * config.seconds);
let stoppedEarly = false;
const latencies = [];
/** The second of the run (by due time) each latency belongs to: shows whether slow answers cluster. */
const latencySeconds = [];
const statuses = {};
const errors = {};
const errorSamples = [];
/** Posts sent again after the server closed their idle kept-alive socket as they went out (see closedWhileIdle). */
let resent = 0;
let done = 0;
let maxLag = 0;
let firstSentAt = 0;
let lastSentAt = 0;
let lastDoneAt = 0;

function request(i) {
  const sentAt = now();
  const text = `sent@${sentAt.toFixed(3)} bench post ${i}: `;
  const body = text + filler.slice(0, Math.max(0, config.textBytes - text.length));
  if (config.target === 'sse-baseline') {
    return { path: '/publish', headers: {}, body: JSON.stringify({ post: eventLike(i, body, sentAt) }), sentAt };
  }
  return {
    path: `/api/v1/chats/${config.slug}/posts`,
    headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
    body: JSON.stringify({ text: body }),
    sentAt,
  };
}

/** The shape and size of Musesocial's post.created payload, so both servers move the same bytes. */
function eventLike(i, text, sentAt) {
  const handle = `bench_${i % tokens.length}`;
  return {
    id: String(i + 1),
    chat: config.slug,
    text: `${text} #benchchat`,
    author: { handle, displayName: `Bench ${handle}`, network: 'local' },
    createdAt: new Date(sentAt).toISOString(),
    editedAt: null,
    kind: 'original',
    replyTo: null,
    quoteOf: null,
    boostOf: null,
    questionNumber: null,
    answersQuestion: null,
    hashtags: ['benchchat'],
    source: null,
    counts: { likes: 0, boosts: 0, replies: 0 },
  };
}

function fire(i, dueAt, attempt = 0) {
  const { path, headers, body, sentAt } = request(i);
  maxLag = Math.max(maxLag, sentAt - dueAt);
  firstSentAt ||= sentAt;
  lastSentAt = sentAt;
  const finish = (key, bucket, detail) => {
    bucket[key] = (bucket[key] ?? 0) + 1;
    if (detail && errorSamples.length < 5) errorSamples.push(detail);
    done += 1;
    lastDoneAt = now();
  };
  const req = http.request(
    { host: config.host, port: config.port, method: 'POST', path, agent, timeout: config.timeoutMs, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        const ok = res.statusCode === 201;
        if (ok) {
          latencies.push(now() - dueAt);
          latencySeconds.push(Math.floor((dueAt - t0) / 1000));
        }
        finish(String(res.statusCode), statuses, ok ? null : `${res.statusCode} ${text.slice(0, 200)}`);
      });
      res.on('error', (error) => finish(error.code ?? error.message, errors, error.message));
    },
  );
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (error) => {
    if (attempt === 0 && closedWhileIdle(req, error)) {
      resent += 1;
      fire(i, dueAt, 1);
      return;
    }
    finish(error.code ?? error.message, errors, error.message);
  });
  req.end(body);
}

const t0 = now() + 20;
let next = 0;
function tick() {
  const due = Math.min(total, Math.floor(((now() - t0) * config.rate) / 1000) + 1);
  for (; next < due; next += 1) fire(next, t0 + (next * 1000) / config.rate);
  if (next < total) setTimeout(tick, 1);
  else waitForAnswers(now() + config.timeoutMs + 1000);
}

function waitForAnswers(deadline) {
  if (done < total && now() < deadline) return void setTimeout(() => waitForAnswers(deadline), 20);
  const ok = statuses['201'] ?? 0;
  process.send?.({ type: 'done', total, stoppedEarly, ok, statuses, errors, errorSamples, resent, latencies, latencySeconds, maxLag, t0, firstSentAt, lastSentAt, lastDoneAt, answered: done });
  agent.destroy();
  setTimeout(() => process.exit(0), 50);
}

process.send?.({ type: 'started', t0 });
setTimeout(tick, 20);
process.on('disconnect', () => process.exit(0));
// The bench may end the load early (e.g. when viewers fall too far behind to keep memory bounded).
process.on('message', (message) => {
  if (message?.cmd === 'stop' && next < total) {
    total = next;
    stoppedEarly = true;
  }
});
