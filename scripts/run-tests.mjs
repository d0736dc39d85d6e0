// `npm test`: type-check, then every test file with Node's test runner,
// against SQLite always and PostgreSQL whenever one answers. With CI=true
// PostgreSQL, Redis and Chromium are mandatory: their absence fails the run
// instead of silently skipping the suites that need them.
//
//   npm test                      everything
//   npm test -- --only unit|integration|e2e
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ci = process.env.CI === 'true';
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

// 1. Types: a type error is a failing test.
if (!only) {
  console.log('› type-checking');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) fail('type-check failed');
}

// 1b. The browser bundles, so browser tests never run against a stale build.
const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-client.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) fail('building the client bundles failed');

// 2. PostgreSQL.
const postgresUrl = process.env.MUSESOCIAL_TEST_POSTGRES_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
let postgresReachable = false;
try {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.query('select 1');
  await client.end();
  postgresReachable = true;
} catch (error) {
  if (ci && only !== 'unit') fail(`PostgreSQL is required when CI=true but ${postgresUrl} did not answer: ${error.message}`);
  console.log(`› PostgreSQL not reachable at ${postgresUrl} (${error.message}); its suites will be skipped`);
}
if (postgresReachable) console.log(`› PostgreSQL suites run against ${postgresUrl.replace(/:[^:@/]*@/, ':***@')}`);

// 2b. Redis, for the multi-process live tests.
const redisUrl = process.env.MUSESOCIAL_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
let redisReachable = false;
try {
  redisReachable = await pingRedis(redisUrl);
} catch (error) {
  if (ci && only !== 'unit') fail(`Redis is required when CI=true but ${redisUrl} did not answer: ${error.message}`);
  console.log(`› Redis not reachable at ${redisUrl} (${error.message}); multi-process suites will be skipped`);
}
if (redisReachable) console.log(`› multi-process suites use Redis at ${redisUrl}`);

// 3. Chromium for end-to-end tests.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const chromiumPresent = existsSync(chromium);
if (!chromiumPresent) {
  if (ci && (!only || only === 'e2e')) fail(`Chromium is required when CI=true but ${chromium} does not exist (apt-get install chromium)`);
  console.log(`› ${chromium} not found; browser suites will be skipped (apt-get install chromium)`);
}

// 4. The tests themselves.
const tapFile = path.join(root, 'test-artifacts', 'results.tap');
mkdirSync(path.dirname(tapFile), { recursive: true });
const dirs = { unit: ['src'], integration: ['test/integration'], e2e: ['test/e2e'] };
const roots = only ? dirs[only] ?? fail(`unknown --only ${only}`) : Object.values(dirs).flat();
const files = roots.flatMap((dir) => findTests(path.join(root, dir))).sort();
if (files.length === 0) fail('no test files found');

const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files.map((f) => path.relative(root, f)),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      TZ: 'UTC',
      MUSESOCIAL_TEST_POSTGRES_URL: postgresReachable ? postgresUrl : '',
      MUSESOCIAL_TEST_CHROMIUM: chromiumPresent ? chromium : '',
      MUSESOCIAL_TEST_REDIS_URL: redisReachable ? redisUrl : '',
    },
  },
);
printTotals();
process.exit(result.status ?? 1);

/** One plain closing line, whatever the reporter printed above. */
function printTotals() {
  if (!existsSync(tapFile)) return;
  const tap = readFileSync(tapFile, 'utf8');
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  console.log(`\ntests: ${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`);
}

/** PING over a plain socket: no client library needed to ask one question. */
function pingRedis(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('timed out'))), 3000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      clearTimeout(timer);
      socket.end();
      if (data.toString().startsWith('+PONG')) resolve(true);
      else reject(new Error(data.toString().trim()));
    });
    socket.on('error', (error) => (clearTimeout(timer), reject(error)));
  });
}

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return findTests(full);
    return /\.test\.tsx?$/.test(name) ? [full] : [];
  });
}
