// A load process that fetches pages at a fixed rate (open loop, like
// bench/poster.mjs: request i is sent at t0 + i/rate whether or not earlier
// ones were answered, so a slow server shows up as latency). Targets are
// taken round-robin; latency counts from the time a request was due and
// ends when the whole body has arrived.
//
// `clients` spreads the requests over that many loopback addresses
// (127.0.X.Y; all of 127/8 reaches a server on 127.0.0.1 under Linux), so
// the server sees as many visitors as a real audience of that size, each
// within the product's anonymous read limit (300 per 5 minutes per
// address), instead of the limit being turned off for one address.
//
//   node bench/pages.mjs '{"targets":[{"port":3000,"path":"/chats"}],"rate":200,"seconds":60,"label":"pages"}'
//
// Reports once over IPC ({type:'done'}) and exits; {cmd:'stop'} ends early.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { closedWhileIdle } from './lib/idle-close-race.mjs';

const config = { host: '127.0.0.1', timeoutMs: 30_000, clients: 1, firstOctet: 1, ...JSON.parse(process.argv[2] ?? '{}') };
/** Client i's address: 127.0.<firstOctet + ⌊i/250⌋>.<1 + i mod 250>; one client keeps the system's choice. */
const addressOf = (i) => (config.clients <= 1 ? undefined : `127.0.${config.firstOctet + Math.floor(i / 250)}.${1 + (i % 250)}`);
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.min(4096, Math.max(64, Math.ceil((config.rate * config.timeoutMs) / 1000))) });
const now = () => performance.now();

let total = Math.round(config.rate * config.seconds);
const latencies = [];
const latencySeconds = [];
const statuses = {};
const errors = {};
const errorSamples = [];
/** Requests sent again after the server closed their idle kept-alive socket as they went out (see closedWhileIdle). */
let resent = 0;
let done = 0;
let bytes = 0;

/** Where the slowest requests' time went: [sent late, waiting for a socket/connection, waiting for the answer's head, reading the body] in ms. */
const phases = [];
function fetchOne(i, dueAt, t0, attempt = 0) {
  const target = config.targets[i % config.targets.length];
  const localAddress = addressOf(i % config.clients);
  const sentAt = now();
  let connectedAt = 0;
  let headAt = 0;
  const request = http.get({ host: config.host, port: target.port, path: target.path, agent, ...(localAddress ? { localAddress } : {}), headers: { accept: target.accept ?? 'text/html' }, timeout: config.timeoutMs }, (response) => {
    headAt = now();
    response.on('data', (chunk) => (bytes += chunk.length));
    response.on('end', () => {
      const end = now();
      phases.push([sentAt - dueAt, (connectedAt || sentAt) - sentAt, headAt - (connectedAt || sentAt), end - headAt, end - dueAt]);
      statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      if (response.statusCode >= 400 && errorSamples.length < 5) errorSamples.push(`${response.statusCode} ${target.path}`);
      latencies.push(end - dueAt);
      latencySeconds.push(Math.floor((dueAt - t0) / 1000));
      finishOne();
    });
  });
  request.on('socket', (socket) => {
    if (socket.connecting) socket.once('connect', () => (connectedAt = now()));
    else connectedAt = now();
  });
  request.on('timeout', () => request.destroy(new Error('timeout')));
  request.on('error', (error) => {
    if (attempt === 0 && closedWhileIdle(request, error)) {
      resent += 1;
      fetchOne(i, dueAt, t0, 1);
      return;
    }
    const key = error.code ?? error.message;
    errors[key] = (errors[key] ?? 0) + 1;
    if (errorSamples.length < 5) errorSamples.push(`${key} ${target.path}`);
    finishOne();
  });
}

function finishOne() {
  done += 1;
  if (done >= total) report();
}

let reported = false;
function report() {
  if (reported) return;
  reported = true;
  const slowest = phases.sort((a, b) => b[4] - a[4]).slice(0, Math.max(1, Math.ceil(phases.length / 100)));
  const meanOf = (k) => Math.round(slowest.reduce((sum, p) => sum + p[k], 0) / slowest.length);
  const slowestPhases = { sentLate: meanOf(0), connecting: meanOf(1), waitingForHead: meanOf(2), readingBody: meanOf(3) };
  process.send({ type: 'done', label: config.label, total, answered: latencies.length, statuses, errors, errorSamples, resent, latencies, latencySeconds, bytes, slowestPhases }, () => process.exit(0));
}

process.on('message', (message) => {
  if (message?.cmd === 'stop') total = Math.min(total, sent);
});

let sent = 0;
const t0 = now();
function tick() {
  const elapsed = now() - t0;
  while (sent < total && (sent * 1000) / config.rate <= elapsed) {
    fetchOne(sent, t0 + (sent * 1000) / config.rate, t0);
    sent += 1;
  }
  if (sent < total) setTimeout(tick, 2);
  else if (done >= total) report();
}
if (total === 0) report();
else tick();
