import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { sql } from 'kysely';
import { databaseTargets } from '../support/databases.ts';
import { buildChat, buildUser } from '../support/factories.ts';
import { loadDemo } from '../../src/demo/demo.ts';
import { createPost } from '../../src/posts/posts.service.ts';
import { applyMigrationsThrough, MIGRATION_NAMES } from '../../src/db/migrate.ts';
import { runBackup, runRestore } from '../../src/ops/backup.ts';
import { BackupError } from '../../src/ops/backup-format.ts';
import { configuredDatabase, contents, openMigrated, tableCount, type ConfiguredDatabase } from './ops-backup-helpers.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/musesocial.mjs');

async function withTwo(kind: 'sqlite' | 'postgres', body: (source: ConfiguredDatabase, target: ConfiguredDatabase) => Promise<void>) {
  const source = await configuredDatabase(kind);
  const target = await configuredDatabase(kind);
  try {
    await body(source, target);
  } finally {
    await source.dispose();
    await target.dispose();
  }
}

for (const target of databaseTargets()) {
  describe(`backup and restore (${target.kind})`, { skip: target.skip }, () => {
    const kind = target.kind;

    it('restores every row of every table, and the restored database keeps working', async () => {
      await withTwo(kind, async (source, restored) => {
        const db = await openMigrated(source);
        await loadDemo(db.db);
        const before = await contents(db);
        await db.close();
        const file = path.join(source.dir, 'backup');
        const summary = await runBackup(source.config, file);
        assert.equal(summary.migration, MIGRATION_NAMES.at(-1));
        assert.ok(summary.bytes > 0);

        await runRestore(restored.config, file);
        const after = await openMigrated(restored);
        try {
          assert.deepEqual(await contents(after), before);
          assert.ok(before.posts!.length > 10 && before.users!.length > 3, 'the demo filled the tables');
          // Ids continue after the restored ones (identity sequences / sqlite_sequence).
          const user = await buildUser(after.db);
          const maxId = Math.max(...(await after.db.selectFrom('users').select('id').execute()).map((u) => u.id));
          assert.equal(user.id, maxId);
          assert.ok(user.id > before.users!.length);
          if (kind === 'postgres') {
            // Planner statistics come with the restore, not minutes later from autovacuum.
            const { rows } = await sql<{ analyzed: boolean }>`select last_analyze is not null as analyzed from pg_stat_user_tables where relid = 'posts'::regclass`.execute(after.db);
            assert.deepEqual(rows, [{ analyzed: true }]);
          }
        } finally {
          await after.close();
        }
      });
    });

    it('takes a consistent backup while posts are being written', async () => {
      await withTwo(kind, async (source, restored) => {
        const db = await openMigrated(source);
        const organizer = await buildUser(db.db, { role: 'organizer' });
        const chat = await buildChat(db.db, organizer, { startsInHours: -0.1 });
        let writing = true;
        let written = 0;
        const writer = (async () => {
          while (writing) {
            await createPost(db.db, organizer, chat.slug, { text: `post ${written}` });
            written++;
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        try {
          while (written < 50) await new Promise((resolve) => setTimeout(resolve, 5));
          const atStart = written;
          const file = path.join(source.dir, 'during');
          await runBackup(source.config, file);
          const atEnd = written;
          await new Promise((resolve) => setTimeout(resolve, 50));
          writing = false;
          await writer;
          assert.ok(atEnd > atStart, 'posts were written while the backup ran');

          await runRestore(restored.config, file);
          const copy = await openMigrated(restored);
          try {
            const posts = await tableCount(copy, 'posts');
            assert.ok(posts >= atStart && posts <= atEnd, `the backup is a snapshot from its run (${atStart} ≤ ${posts} ≤ ${atEnd})`);
            // Snapshot consistency: each post committed with its live event and the counter.
            const events = await copy.db.selectFrom('chatEvents').select(({ fn }) => [fn.countAll<number>().as('n'), fn.max('seq').as('last')]).where('type', '=', 'post.created').executeTakeFirstOrThrow();
            assert.equal(Number(events.n), posts);
            const counter = await copy.db.selectFrom('chatEventCounters').select('lastSeq').where('chatId', '=', chat.id).executeTakeFirstOrThrow();
            assert.equal(Number(counter.lastSeq), Number(events.last));
            // The restored posts are exactly the source's first ones.
            const ids = (await copy.db.selectFrom('posts').select('id').orderBy('id').execute()).map((p) => p.id);
            const sourceIds = (await db.db.selectFrom('posts').select('id').orderBy('id').limit(posts).execute()).map((p) => p.id);
            assert.deepEqual(ids, sourceIds);
          } finally {
            await copy.close();
          }

          // Once writes stop, a second backup restores to an identical database.
          const quiet = path.join(source.dir, 'quiet');
          await runBackup(source.config, quiet);
          await runRestore(restored.config, quiet, { force: true });
          const again = await openMigrated(restored);
          try {
            assert.deepEqual(await contents(again), await contents(db));
          } finally {
            await again.close();
          }
        } finally {
          writing = false;
          await writer.catch(() => {});
          await db.close();
        }
      });
    });

    it('refuses to overwrite a database that holds anything unless forced, and leaves it untouched', async () => {
      await withTwo(kind, async (source, busy) => {
        const db = await openMigrated(source);
        await loadDemo(db.db);
        const wanted = await contents(db);
        await db.close();
        const file = path.join(source.dir, 'backup');
        await runBackup(source.config, file);
        await assert.rejects(runBackup(source.config, file), /already exists; choose another name or add --force/);

        const other = await openMigrated(busy);
        await buildUser(other.db, { handle: 'someone' });
        const kept = await contents(other);
        await assert.rejects(runRestore(busy.config, file), (error: unknown) => error instanceof BackupError && /not empty \(users has rows\).*--force/.test(error.message));
        assert.deepEqual(await contents(other), kept);
        await other.close();

        await runRestore(busy.config, file, { force: true });
        const after = await openMigrated(busy);
        assert.deepEqual(await contents(after), wanted);
        await after.close();
      });
    });

    it('leaves other software’s tables and functions in a shared PostgreSQL schema alone', { skip: kind !== 'postgres' }, async () => {
      await withTwo(kind, async (source, shared) => {
        const db = await openMigrated(source);
        await loadDemo(db.db);
        await sql`create table other_app_notes (id int primary key, note text)`.execute(db.db);
        await sql`insert into other_app_notes values (1, 'not Musesocial’s')`.execute(db.db);
        await db.close();
        const file = path.join(source.dir, 'backup');
        await runBackup(source.config, file);
        const tables = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter((line) => line.startsWith('{"table":')).map((line) => JSON.parse(line).table);
        assert.ok(tables.includes('posts'));
        assert.ok(!tables.includes('other_app_notes'), 'the backup holds only Musesocial’s tables');

        const other = await openMigrated(shared);
        await sql`create table other_app_notes (id int primary key, note text)`.execute(other.db);
        await sql`insert into other_app_notes values (7, 'kept')`.execute(other.db);
        await sql`create function other_app_answer() returns int language sql as 'select 42'`.execute(other.db);
        await other.close();
        await runRestore(shared.config, file, { force: true });
        const after = await openMigrated(shared);
        try {
          assert.deepEqual((await sql<{ id: number; note: string }>`select id, note from other_app_notes`.execute(after.db)).rows, [{ id: 7, note: 'kept' }]);
          assert.deepEqual((await sql<{ n: number }>`select other_app_answer() as n`.execute(after.db)).rows, [{ n: 42 }]);
          const probes = await sql<{ n: string }>`select count(*)::text as n from pg_namespace where nspname like 'musesocial_probe_%'`.execute(after.db);
          assert.equal(probes.rows[0]!.n, '0', 'the migrations probe left no schema behind');
          assert.ok((await after.db.selectFrom('posts').select('id').execute()).length > 10, 'Musesocial’s own data is restored');
        } finally {
          await after.close();
        }
      });
    });

    it('brings a backup from an older version up to date', async () => {
      await withTwo(kind, async (source, restored) => {
        const older = MIGRATION_NAMES[MIGRATION_NAMES.length - 3]!;
        const db = source.open();
        await db.db.transaction().execute(async (trx) => {
          await applyMigrationsThrough(trx, kind, older);
          for (const name of MIGRATION_NAMES.slice(0, MIGRATION_NAMES.indexOf(older) + 1)) await sql`insert into schema_migrations (name, applied_at) values (${name}, 1)`.execute(trx);
        });
        await buildUser(db.db, { handle: 'old_timer' });
        await db.close();
        const file = path.join(source.dir, 'old');
        assert.equal((await runBackup(source.config, file)).migration, older);
        const summary = await runRestore(restored.config, file);
        assert.deepEqual(summary.migrated, MIGRATION_NAMES.slice(-2));
        const after = await openMigrated(restored);
        assert.equal((await after.db.selectFrom('users').select('handle').executeTakeFirstOrThrow()).handle, 'old_timer');
        await after.close();
      });
    });

    it('checks the file before touching anything', async () => {
      await withTwo(kind, async (source, restored) => {
        const garbage = path.join(source.dir, 'garbage');
        fs.writeFileSync(garbage, 'hello, this is not a backup');
        await assert.rejects(runRestore(restored.config, garbage), /is not a Musesocial backup/);
        await assert.rejects(runRestore(restored.config, path.join(source.dir, 'missing')), /cannot read .*ENOENT/);

        const db = await openMigrated(source);
        await loadDemo(db.db);
        await db.close();
        const file = path.join(source.dir, 'backup');
        await runBackup(source.config, file);
        const future = path.join(source.dir, 'future');
        if (kind === 'sqlite') {
          fs.copyFileSync(file, future);
          const copy = new DatabaseSync(future);
          copy.exec(`insert into schema_migrations values ('9999_from_the_future', 1)`);
          copy.close();
          // A SQLite backup cannot go into PostgreSQL (nor the reverse).
          const wrongKind = { ...restored.config, database: { kind: 'postgres' as const, url: 'postgres://nobody@127.0.0.1:1/none' } };
          await assert.rejects(runRestore(wrongKind, file), /backup of a SQLite database, but DATABASE_URL points at PostgreSQL/);
        } else {
          const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
          const header = JSON.parse(lines[0]!) as { migrations: string[] };
          header.migrations.push('9999_from_the_future');
          fs.writeFileSync(future, zlib.gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n')));
          // A file cut short restores nothing at all (one transaction).
          const other = await openMigrated(restored);
          await buildUser(other.db, { handle: 'still_here' });
          const kept = await contents(other);
          const truncated = path.join(source.dir, 'truncated');
          fs.writeFileSync(truncated, zlib.gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
          await assert.rejects(runRestore(restored.config, truncated, { force: true }), /is truncated \(no end marker after \d+ of \d+ rows\); nothing was restored/);
          assert.deepEqual(await contents(other), kept);
          await other.close();
          const wrongKind = { ...restored.config, database: { kind: 'sqlite' as const, file: path.join(restored.dir, 'x.sqlite') } };
          await assert.rejects(runRestore(wrongKind, file), /backup of a PostgreSQL database, but no DATABASE_URL is set/);
        }
        await assert.rejects(runRestore(restored.config, future, { force: true }), /made by a newer Musesocial \(it has migration 9999_from_the_future/);
      });
    });

    it('works from the command line, with clear messages and exit codes', async () => {
      await withTwo(kind, async (source, restored) => {
        const db = await openMigrated(source);
        await loadDemo(db.db);
        await db.close();
        const env = (c: ConfiguredDatabase) => ({ ...process.env, LOG_LEVEL: 'silent', MUSESOCIAL_DATA_DIR: c.dir, DATABASE_URL: c.config.database.kind === 'postgres' ? c.config.database.url : '' });
        const run = (c: ConfiguredDatabase, args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: env(c), encoding: 'utf8', timeout: 60_000 });
        const file = path.join(source.dir, 'cli-backup');
        const backup = run(source, ['backup', file]);
        assert.equal(backup.status, 0, backup.stderr);
        assert.match(backup.stdout, new RegExp(`Backed up the ${kind} database \\(at migration ${MIGRATION_NAMES.at(-1)}.*\\) to .*cli-backup`));
        const restore = run(restored, ['restore', file]);
        assert.equal(restore.status, 0, restore.stderr);
        assert.match(restore.stdout, /Restored the .* database from/);
        const again = run(restored, ['restore', file]);
        assert.equal(again.status, 1);
        assert.match(again.stderr, /^musesocial: restore failed: the database is not empty .* add --force/m);
      });
    });
  });
}
