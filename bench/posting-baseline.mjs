// The baseline for bench/posting.ts: a bare Fastify route that stores one row
// per post in SQLite through node:sqlite, with the same pragmas as
// src/db/database.ts (WAL, synchronous NORMAL). No auth, no validation beyond
// JSON parsing, no event log: the floor for "an HTTP write into SQLite" on
// this machine, so Musesocial's figures can be read as a ratio.
//   PORT=4001 DB=/tmp/x.sqlite node bench/posting-baseline.mjs
import { DatabaseSync } from 'node:sqlite';
import Fastify from 'fastify';

const db = new DatabaseSync(process.env.DB ?? ':memory:');
db.exec(`
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  PRAGMA foreign_keys = ON;
  PRAGMA busy_timeout = 5000;
  CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY AUTOINCREMENT, chat TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL);
`);
const insert = db.prepare('INSERT INTO posts (chat, text, created_at) VALUES (?, ?, ?)');

const app = Fastify({ logger: false });
app.post('/api/v1/chats/:slug/posts', async (request, reply) => {
  const { lastInsertRowid } = insert.run(request.params.slug, String(request.body?.text ?? ''), Date.now());
  return reply.status(201).send({ id: String(lastInsertRowid) });
});
app.get('/healthz', async () => ({ status: 'ok' }));

await app.listen({ port: Number(process.env.PORT ?? 4001), host: '127.0.0.1' });
console.log(`posting-baseline listening on ${process.env.PORT ?? 4001}`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
