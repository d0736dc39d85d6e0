import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { POSTGRES_URL } from '../support/databases.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/musesocial.mjs');

function run(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `musesocial serve`, resolves with the URL it prints. */
function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, LOG_LEVEL: 'silent', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited, output: () => output };
}

describe('musesocial CLI', () => {
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-cli-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = () => ({ MUSESOCIAL_DATA_DIR: dataDir });

  it('lists its commands and has help for each', () => {
    const help = run(['--help'], env());
    assert.equal(help.code, 0);
    for (const command of ['serve', 'migrate', 'demo', 'user', 'token']) assert.match(help.stdout, new RegExp(`\\n  ${command}\\b`));
    for (const command of [['serve'], ['migrate'], ['demo'], ['user', 'add'], ['token', 'create']]) {
      const sub = run([...command, '--help'], env());
      assert.equal(sub.code, 0, command.join(' '));
      assert.match(sub.stdout, new RegExp(`Usage: musesocial ${command.join(' ')}`));
    }
  });

  it('migrates, then reports the database up to date', () => {
    const first = run(['migrate'], env());
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /applied: 0001_accounts/);
    const second = run(['migrate'], env());
    assert.match(second.stdout, /up to date/);
    assert.ok(fs.existsSync(path.join(dataDir, 'musesocial.sqlite')));
  });

  it('adds a user with the password from stdin and creates a working API token', async () => {
    const added = run(['user', 'add', 'Dana', '--role', 'organizer', '--name', 'Dana Okafor'], env(), 'a long password from stdin\n');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Created @dana \(organizer\)/);
    const duplicate = run(['user', 'add', 'dana'], env(), 'another long password\n');
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /@dana is already taken/);
    const weak = run(['user', 'add', 'sam'], env(), 'short\n');
    assert.match(weak.stderr, /password: must be at least 10 characters/);
    const badRole = run(['user', 'add', 'sam', '--role', 'king'], env(), 'a long password\n');
    assert.notEqual(badRole.code, 0);
    assert.match(badRole.stderr, /Allowed choices are admin, moderator, organizer, member/);

    const token = run(['token', 'create', '@dana'], env());
    assert.equal(token.code, 0, token.stderr);
    const secret = token.stdout.trim();
    assert.match(secret, /^mst_[\w-]{43}$/);
    assert.match(run(['token', 'create', 'nobody'], env()).stderr, /no account @nobody/);

    const server = serve({ ...env(), MUSESOCIAL_DEMO: 'false' });
    try {
      const url = await server.url;
      const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { handle: string }).handle, 'dana');
    } finally {
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0, 'graceful shutdown exits 0');
    }
  });

  it('refuses to load the demo into a database that has accounts', () => {
    const result = run(['demo'], env());
    assert.equal(result.code, 1);
    assert.match(result.stderr, /already has accounts/);
  });

  it('stops at start-up on a wrong setting, naming it', () => {
    const result = run(['serve'], { ...env(), PORT: 'abc' });
    assert.equal(result.code, 78);
    assert.match(result.stderr, /PORT: must be a whole number from 0 to 65535 \(got "abc"\)/);
    const db = run(['migrate'], { ...env(), DATABASE_URL: 'mysql://root@localhost/x' });
    assert.match(db.stderr, /DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('serves the demo community on a fresh data directory and finishes in-flight requests on SIGTERM', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-serve-'));
    const server = serve({ MUSESOCIAL_DATA_DIR: fresh });
    try {
      const url = await server.url;
      assert.match(server.output(), /Loaded the demo community/);
      const home = await fetch(url);
      assert.equal(home.status, 200);
      assert.match(await home.text(), /Next up/);
      const health = await fetch(`${url}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'sqlite' });
      // A request whose body is still arriving when SIGTERM comes must still get its answer.
      const request = http.request(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '40' } });
      const answered = new Promise<number>((resolve, reject) => {
        request.on('response', (response) => resolve(response.statusCode ?? 0));
        request.on('error', reject);
      });
      request.write('handle=dana&password=');
      await new Promise((resolve) => setTimeout(resolve, 300));
      server.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      request.end('x'.repeat(19));
      assert.equal(await answered, 403, 'answered (CSRF refusal), not reset');
      assert.equal(await server.exited, 0);
      await assert.rejects(fetch(url), 'no longer accepting connections');
    } finally {
      server.child.kill('SIGKILL');
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('runs the same app on PostgreSQL with DATABASE_URL', { skip: POSTGRES_URL ? false : 'no PostgreSQL reachable' }, async () => {
    const schema = `cli_${crypto.randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-pg-'));
    const server = serve({ MUSESOCIAL_DATA_DIR: fresh, DATABASE_URL: url.toString() });
    try {
      const base = await server.url;
      const health = await fetch(`${base}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'postgres' });
      const chats = (await (await fetch(`${base}/api/v1/chats?when=past`)).json()) as { chats: unknown[] };
      assert.ok(chats.chats.length >= 2, 'demo chats stored in PostgreSQL');
      const rows = await admin.query(`select count(*)::int as n from ${schema}.posts`);
      assert.ok(rows.rows[0].n > 10);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
