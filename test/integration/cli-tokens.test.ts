import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { userForApiToken } from '../../src/accounts/accounts.service.ts';

/** `musesocial token list` and `token revoke`: an administrator takes a leaked token out of use. SQLite only (the command is the same on both). */
const BIN = path.resolve(import.meta.dirname, '../../bin/musesocial.mjs');

describe('musesocial token list / revoke', () => {
  let dataDir: string;
  const run = (args: string[], input = '') => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', MUSESOCIAL_DATA_DIR: dataDir, DATABASE_URL: '' }, input, encoding: 'utf8', timeout: 60_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-cli-tokens-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('lists an account’s tokens without the secret and revokes one by id, for that account only', async () => {
    assert.equal(run(['user', 'add', 'dana'], 'a long password here\n').code, 0);
    assert.equal(run(['user', 'add', 'sam'], 'a long password here\n').code, 0);
    const leaked = run(['token', 'create', 'dana', '--name', 'leaked']).stdout.trim();
    const kept = run(['token', 'create', 'dana', '--name', 'kept']).stdout.trim();
    assert.match(leaked, /^mst_/);

    const list = run(['token', 'list', '@dana']);
    assert.equal(list.code, 0, list.stderr);
    assert.ok(!list.stdout.includes(leaked) && list.stdout.includes(leaked.slice(0, 10)), list.stdout);
    const id = /^(\d+)\t\S+\tleaked\t/m.exec(list.stdout)?.[1];
    assert.ok(id, list.stdout);

    const wrongOwner = run(['token', 'revoke', 'sam', id]);
    assert.notEqual(wrongOwner.code, 0);
    assert.match(wrongOwner.stderr, /not found/i);
    assert.match(run(['token', 'revoke', 'dana', 'abc']).stderr, /token id must be a number/);

    const revoked = run(['token', 'revoke', 'dana', id]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`Revoked token ${id} of @dana`));
    assert.doesNotMatch(run(['token', 'list', 'dana']).stdout, /leaked/);

    const database = await openDatabase(loadConfig({ MUSESOCIAL_DATA_DIR: dataDir }).database);
    try {
      assert.equal(await userForApiToken(database.db, leaked), null, 'the revoked token no longer signs in');
      assert.equal((await userForApiToken(database.db, kept))?.handle, 'dana');
    } finally {
      await database.close();
    }
  });
});
