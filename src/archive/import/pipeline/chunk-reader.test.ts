import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { ChunkReader, type Chunk } from './chunk-reader.ts';

async function chunksOf(file: string, options: { chunkBytes: number; maxLine?: number }): Promise<Chunk[]> {
  const reader = await ChunkReader.open(file, options);
  const chunks: Chunk[] = [];
  try {
    for (let chunk = await reader.next(); chunk; chunk = await reader.next()) chunks.push(chunk);
  } finally {
    await reader.close();
  }
  return chunks;
}

const text = (chunk: Chunk) => (chunk.kind === 'lines' ? Buffer.from(chunk.bytes).toString('utf8') : `<${chunk.bytes} skipped>`);

describe('reading JSONL in chunks of whole lines', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-chunks-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };

  it('ends every chunk at a line end and loses no byte', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `{"n":${i},"pad":"${'x'.repeat(i % 7)}"}`);
    const content = lines.join('\r\n') + '\r\n';
    const chunks = await chunksOf(file('a.jsonl', content), { chunkBytes: 64 });
    assert.ok(chunks.length > 10);
    for (const chunk of chunks) assert.ok(text(chunk).endsWith('\n'), text(chunk));
    assert.equal(chunks.map(text).join(''), content);
  });

  it('keeps a last line without its newline, and grows for a line longer than a chunk', async () => {
    const long = `{"long":"${'y'.repeat(300)}"}`;
    const content = `{"a":1}\n${long}\n{"b":2}`;
    const chunks = await chunksOf(file('b.jsonl', content), { chunkBytes: 32 });
    assert.equal(chunks.map(text).join(''), content);
    assert.ok(chunks.some((c) => text(c).includes(long)));
  });

  it('skips a line longer than the limit, and goes on after it', async () => {
    const content = `{"a":1}\n{"huge":"${'z'.repeat(500)}"}\n{"b":2}\n`;
    const chunks = await chunksOf(file('c.jsonl', content), { chunkBytes: 16, maxLine: 64 });
    const oversize = chunks.find((c) => c.kind === 'oversize');
    assert.ok(oversize);
    assert.equal(chunks.filter((c) => c.kind === 'lines').map(text).join(''), '{"a":1}\n{"b":2}\n');
  });

  it('gives buffers that can be handed to a worker without copying', async () => {
    const [chunk] = await chunksOf(file('d.jsonl', '{"a":1}\n'), { chunkBytes: 1024 });
    assert.equal(chunk?.kind, 'lines');
    const { port1, port2 } = new MessageChannel();
    const bytes = (chunk as { bytes: Uint8Array }).bytes;
    port1.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
    assert.equal(bytes.byteLength, 0, 'transferred, not copied');
    port1.close();
    port2.close();
  });

  it('frees its spare buffers when closed, without waiting for a garbage collection', async () => {
    const reader = await ChunkReader.open(file('spare.jsonl', '{"a":1}\n{"b":2}\n'), { chunkBytes: 8 });
    const chunk = await reader.next();
    assert.equal(chunk?.kind, 'lines');
    const buffer = (chunk as { bytes: Uint8Array }).bytes.buffer as ArrayBuffer;
    reader.recycle(buffer);
    await reader.close();
    assert.equal(buffer.byteLength, 0, 'detached: its memory went with it');
  });
});
