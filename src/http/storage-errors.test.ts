import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { storageError } from './storage-errors.ts';

function thrown(body: () => unknown): unknown {
  try {
    body();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('storageError', () => {
  it('maps real SQLite full and read-only errors, and leaves other errors alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-storage-'));
    try {
      const file = path.join(dir, 'x.sqlite');
      const db = new DatabaseSync(file);
      db.exec('CREATE TABLE t (v TEXT); PRAGMA max_page_count = 2;');
      const full = thrown(() => db.exec(`INSERT INTO t VALUES (printf('%.*c', 20000, 'x'))`));
      assert.equal(storageError(full)?.code, 'storage_full');
      assert.equal(storageError(full)?.status, 507);
      const syntax = thrown(() => db.exec('SELEC 1'));
      assert.equal(storageError(syntax), null, 'a bug stays a 500');
      db.close();

      const readOnly = new DatabaseSync(file, { readOnly: true });
      const refused = thrown(() => readOnly.exec(`INSERT INTO t VALUES ('y')`));
      assert.equal(storageError(refused)?.code, 'storage_read_only');
      assert.equal(storageError(refused)?.status, 503);
      readOnly.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps PostgreSQL SQLSTATEs and connection failures', () => {
    assert.equal(storageError({ code: '53100', message: 'could not extend file' })?.code, 'storage_full');
    assert.equal(storageError({ code: '25006', message: 'cannot execute INSERT in a read-only transaction' })?.code, 'storage_read_only');
    for (const code of ['ECONNREFUSED', '08006', '57P01', '57P03']) assert.equal(storageError({ code })?.code, 'unavailable', code);
    assert.equal(storageError({ code: '23505' }), null, 'a unique violation is not a storage fault');
    assert.equal(storageError(new Error('plain')), null);
    assert.equal(storageError(null), null);
  });
});
