import fs from 'node:fs';
import readline from 'node:readline';

/**
 * The generated JSONL file's tweets as one JSON array on one line, as a
 * collector writes them with `json.dump(tweets, f)`: made once beside it
 * and reused. `musesocial import` reads such a document element by element
 * (src/archive/import/pipeline/json-array-stream.ts) rather than parsing it
 * whole, which `--document` measures.
 */
export async function arrayDocumentOf(jsonl: string): Promise<string> {
  const target = jsonl.replace(/\.jsonl$/, '.array.json');
  if (fs.existsSync(`${target}.done`)) return target;
  const out = fs.createWriteStream(target);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  let first = true;
  await write('[');
  for await (const line of readline.createInterface({ input: fs.createReadStream(jsonl), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    await write(first ? line : `,${line}`);
    first = false;
  }
  await write(']\n');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  fs.writeFileSync(`${target}.done`, '');
  return target;
}
