import fs from 'node:fs';
import path from 'node:path';
import { PROFILE_DIR, ROOT } from './processes.ts';
import { printTable } from './report.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The newest `--cpu-prof` file in `dir`, summarized: where the server spent
 * its own (self) time, by function and by file, so a missed target points
 * at code rather than at a guess.
 */
export function printProfileTop(dir: string, limit = 25): void {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  const newest = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!newest) {
    console.log(`no .cpuprofile in ${dir} (the server writes it only when it exits cleanly)`);
    return;
  }
  const profile = JSON.parse(fs.readFileSync(newest, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  // Inclusive time of the project's own functions: which of our code paths the time is spent under.
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += micros;
    const file = shortUrl(node.callFrame.url);
    const key = `${node.callFrame.functionName || '(anonymous)'}  ${file}${file ? `:${node.callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    byFile.set(file || '(native/vm)', (byFile.get(file || '(native/vm)') ?? 0) + micros);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || !frame.url.includes('/src/')) continue;
      const name = `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
    }
  });
  const top = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key, micros]) => [key, Math.round(micros / 1000), `${((100 * micros) / total).toFixed(1)} %`]);
  console.log(`\nprofile ${path.relative(ROOT, newest)} (${(total / 1e6).toFixed(1)} s sampled)`);
  printTable('self time by function', ['function', 'ms', 'share'], top(byFunction));
  printTable('self time by file', ['file', 'ms', 'share'], top(byFile).slice(0, 15));
  printTable('total time under project functions (src/)', ['function', 'ms', 'share'], top(inclusive));
}

function shortUrl(url: string): string {
  return url.replace(`file://${ROOT}/`, '').replace(/^file:\/\//, '');
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  printProfileTop(process.argv[2] ?? PROFILE_DIR);
}
