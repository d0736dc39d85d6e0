// `npm run bench:upload`: does the server keep serving while an organizer's
// upload imports in the background?
//
// 1. A fresh SQLite site (bench/lib/fixture.ts) served by `musesocial serve`.
// 2. Times pages and API reads on the idle server (the baseline).
// 3. Uploads a generated twarc1 JSONL archive through the import form (as
//    a signed-in organizer, CSRF and all) and, until its run ends, keeps
//    asking for the same pages one after another, timing each.
// 4. Prints latency idle against during the import, the longest stall, and
//    the import's own rate.
// There is no target in the issues for this; a page answered within the
// same few tens of ms as idle is what an organizer running a live chat
// next to an upload expects.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { createBenchSite } from './lib/fixture.ts';
import { profileFlags, startMusesocial } from './lib/musesocial-server.ts';
import { freePort, limitRunTime, PROFILE_DIR, sleep, stop } from './lib/processes.ts';
import { printProfileTop } from './lib/profile-top.ts';
import { finish, flags, fmtMs, printTable, summarize, verdict } from './lib/report.ts';
import { GENERATOR_VERSION, generateTweetFile } from './import/tweet-generator.ts';

const options = flags('npm run bench:upload -- [options]', {
  tweets: 50_000,
  idleSeconds: 10,
  dir: path.join(os.tmpdir(), 'musesocial-bench-upload'),
  /** Profile the server (its main thread) and print where its time went. */
  profile: false,
  /** Print every read slower than this many ms, with when it started (0: none). */
  slowMs: 0,
  /** Upload the file gzipped (.jsonl.gz), as archives are often kept: the run unpacks it after the form answers. */
  gzip: false,
});
limitRunTime(20);
const BOUNDARY = '----musesocial-bench-upload';
const T0 = performance.now();

const file = path.join(options.dir, `tweets-${options.tweets}-v${GENERATOR_VERSION}.jsonl`);
fs.mkdirSync(options.dir, { recursive: true });
if (!fs.existsSync(`${file}.done`)) {
  console.log(`Generating ${options.tweets.toLocaleString('en-US')} tweets into ${file} (once)…`);
  await generateTweetFile(file, options.tweets, () => {});
  fs.writeFileSync(`${file}.done`, '');
}
const generated = file;
if (options.gzip && !fs.existsSync(`${generated}.gz.done`)) {
  console.log(`Gzipping ${generated} (once)…`);
  await pipeline(fs.createReadStream(generated), zlib.createGzip(), fs.createWriteStream(`${generated}.gz`));
  fs.writeFileSync(`${generated}.gz.done`, '');
}
const uploaded = options.gzip ? `${generated}.gz` : generated;
const bytes = fs.statSync(uploaded).size;

const site = await createBenchSite({ posters: 0, label: 'upload' });
const port = await freePort();
const profileDir = path.join(PROFILE_DIR, `upload-${Date.now()}`);
const server = await startMusesocial({ dataDir: site.dataDir, port, nodeArgs: options.profile ? profileFlags(profileDir, 'server') : [] });
const base = `http://127.0.0.1:${port}`;
try {
  const cookie = await signIn('bench_organizer', 'bench-password-not-secret');
  const reads: Array<[string, string]> = [
    ['chat page', `/chats/${site.slug}`],
    ['transcript page', `/chats/${site.slug}/transcript`],
    ['posts API', `/api/v1/chats/${site.slug}/posts`],
  ];

  console.log(`Idle: reading ${reads.map(([, url]) => url).join(', ')} in turn for ${options.idleSeconds} s…`);
  const idle = await readWhile(reads, cookie, sleep(options.idleSeconds * 1000));

  console.log(`Uploading ${uploaded} (${(bytes / 1e6).toFixed(0)} MB, ${options.tweets.toLocaleString('en-US')} tweets)…`);
  const { token } = await csrfOf(`/chats/${site.slug}/import`, cookie);
  const uploadStarted = performance.now();
  const bodyFile = path.join(options.dir, 'upload-body.bin');
  fs.writeFileSync(bodyFile, multipartFile(token, path.basename(uploaded), fs.readFileSync(uploaded)));
  // Sent from a process of its own (upload/post-file.mjs): sending it from this one held the event
  // loop the timed reads run on.
  const posting = postFile(`${base}/chats/${site.slug}/import`, bodyFile, `multipart/form-data; boundary=${BOUNDARY}`, cookie);
  // The server receives the file (and writes it to disk) meanwhile.
  const uploading = await readWhile(reads, cookie, posting);
  const answer = await posting;
  fs.rmSync(bodyFile, { force: true });
  const answeredMs = performance.now() - uploadStarted;
  if (answer.status !== 303 || !answer.location) throw new Error(`the upload answered ${answer.status}`);
  const runUrl = answer.location;
  const importStarted = performance.now();
  if (options.slowMs > 0) console.log(`  (the upload was sent from ${((uploadStarted - T0) / 1000).toFixed(2)} s, its import ran from ${((importStarted - T0) / 1000).toFixed(2)} s)`);
  let run: { status: string; totals: { imported: number } } = { status: 'running', totals: { imported: 0 } };
  const ended = (async () => {
    while (run.status === 'running') {
      await sleep(500);
      run = (await (await fetch(`${base}${runUrl}.json`, { headers: { cookie } })).json()) as typeof run;
    }
  })();
  const during = await readWhile(reads, cookie, ended);
  const importSeconds = (performance.now() - importStarted) / 1000;
  if (run.status !== 'finished') throw new Error(`the run ended ${run.status}`);

  const rows = ([['idle', idle], ['receiving the upload', uploading], ['importing it', during]] as const).flatMap(([phase, times]) =>
    reads.map(([name]) => {
      const summary = summarize(times.get(name)!);
      return [`${phase}: ${name}`, summary.count, summary.p50, summary.p99, summary.max];
    }),
  );
  printTable('Reads, one after another: idle, while the server receives an upload, while it imports it (ms)', ['phase: read', 'n', 'p50', 'p99', 'max'], rows);
  const busy = summarize([...uploading.values(), ...during.values()].flat());
  console.log(
    `\nUpload: answered 303 after ${fmtMs(answeredMs)} (the file's ${(bytes / 1e6).toFixed(0)} MB sent and written to disk); ` +
      `the run imported ${run.totals.imported.toLocaleString('en-US')} posts in ${importSeconds.toFixed(1)} s (${(options.tweets / importSeconds).toFixed(0)} tweets/s, ${(bytes / 1e6 / importSeconds).toFixed(1)} MB/s).`,
  );
  verdict('while an upload is received and imported, reads answer within 100 ms (p99)', busy.p99 <= 100, fmtMs(busy.p99));
  verdict('while an upload is received and imported, no read waits 250 ms or more', busy.max < 250, fmtMs(busy.max));
} finally {
  await stop(server);
  fs.rmSync(site.dataDir, { recursive: true, force: true });
}
if (options.profile) printProfileTop(profileDir, 20);
finish();

/** Reads `reads` one after another, round and round, until `until` settles; latencies by name. */
async function readWhile(reads: Array<[string, string]>, cookie: string, until: Promise<unknown>): Promise<Map<string, number[]>> {
  const times = new Map(reads.map(([name]) => [name, [] as number[]]));
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    for (const [name, url] of reads) {
      const started = performance.now();
      const response = await fetch(`${base}${url}`, { headers: { cookie, accept: url.startsWith('/api/') ? 'application/json' : 'text/html' } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      const ms = performance.now() - started;
      times.get(name)!.push(ms);
      if (options.slowMs > 0 && ms > options.slowMs) console.log(`  slow: ${name} ${ms.toFixed(0)} ms, from ${((started - T0) / 1000).toFixed(2)} s`);
    }
  }
  await until;
  return times;
}

function postFile(url: string, bodyFile: string, contentType: string, cookie: string): Promise<{ status: number; location: string | null }> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [path.join(import.meta.dirname, 'upload/post-file.mjs'), url, bodyFile, contentType, cookie], (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as { status: number; location: string | null }),
    ),
  );
}

async function signIn(handle: string, password: string): Promise<string> {
  const { token, cookie } = await csrfOf('/login', '');
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: token, handle, password }),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  const session = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
  if (response.status !== 303 || session.length === 0) throw new Error(`sign-in answered ${response.status}`);
  return [cookie, ...session].join('; ');
}

async function csrfOf(url: string, cookie: string): Promise<{ token: string; cookie: string }> {
  const response = await fetch(`${base}${url}`, { headers: { cookie, accept: 'text/html' } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
  if (!token) throw new Error(`no CSRF token on ${url} (${response.status})`);
  const fresh = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return { token, cookie: [cookie, ...fresh].filter(Boolean).join('; ') };
}

function multipartFile(csrf: string, name: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="format"\r\n\r\n\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}
