// Resident memory of idle live viewers: the server's RSS (/proc/PID/status
// VmRSS) idle, then with V idle SSE viewers of one room connected, after a
// forced full GC each time (through the inspector, --inspect on 127.0.0.1:
// the server's code is unchanged). The minimal broadcaster
// (bench/sse-baseline.mjs) is measured the same way in the same run, so the
// figure can be read against what Node itself needs per open response.
//
//   npm run bench:memory -- --viewers 20000
import fs from 'node:fs';
import { createBenchSite, removeBenchSite } from './lib/fixture.ts';
import { Inspector } from './lib/inspector.ts';
import { Viewers } from './lib/load.ts';
import { startMusesocial } from './lib/musesocial-server.ts';
import { freePort, limitRunTime, rssKb, sleep, startNode, stop, waitForHttp, type Child } from './lib/processes.ts';
import { finish, flags, printTable, verdict } from './lib/report.ts';

const options = flags('Usage: node --import tsx bench/memory.ts [flags]', {
  viewers: 20_000,
  /** Seconds to let things settle after connecting, before the GC and the readings. */
  settle: 5,
  only: '',
  keep: false,
});
limitRunTime(20);

const TARGET_KB = 20;
const TARGET_VIEWERS = 20_000;

interface Outcome {
  name: 'baseline' | 'musesocial';
  viewers: number;
  idleKb: number;
  withKb: number;
  perConnectionKb: number;
  heapPerConnection: number;
  externalPerConnection: number;
  capped: string | null;
}

const site = await createBenchSite({ posters: 0, label: 'memory' });
const outcomes: Outcome[] = [];
try {
  if (options.only !== 'musesocial') outcomes.push(await measure('baseline'));
  if (options.only !== 'baseline') outcomes.push(await measure('musesocial'));
} finally {
  if (!options.keep) removeBenchSite(site);
}

printTable(
  'Memory of idle SSE viewers (RSS after a full GC, median of 5 readings)',
  ['server', 'viewers', 'RSS idle', 'RSS with viewers', 'KB per viewer', 'JS heap B/viewer', 'external B/viewer'],
  outcomes.map((o) => [o.name, o.viewers, `${(o.idleKb / 1024).toFixed(1)} MB`, `${(o.withKb / 1024).toFixed(1)} MB`, o.perConnectionKb, Math.round(o.heapPerConnection), Math.round(o.externalPerConnection)]),
);
console.log('KB per viewer = (RSS with viewers − RSS idle) ÷ viewers. Kernel socket buffers are not part of RSS.');
for (const o of outcomes) if (o.capped) console.log(`${o.name}: ${o.capped}`);

const baseline = outcomes.find((o) => o.name === 'baseline');
const musesocial = outcomes.find((o) => o.name === 'musesocial');
if (baseline && musesocial) console.log(`\nMusesocial ÷ baseline memory per viewer: ${(musesocial.perConnectionKb / baseline.perConnectionKb).toFixed(2)}×`);
if (musesocial) {
  const enough = musesocial.viewers >= TARGET_VIEWERS;
  verdict(
    `${TARGET_VIEWERS.toLocaleString('en-US')} idle viewers in ≤ ${TARGET_KB} KB each${enough ? '' : ` (measured with ${musesocial.viewers.toLocaleString('en-US')}: see the note on the open-files limit)`}`,
    musesocial.perConnectionKb <= TARGET_KB && musesocial.viewers >= 0.99 * TARGET_VIEWERS,
    `${musesocial.perConnectionKb.toFixed(1)} KB per viewer with ${musesocial.viewers.toLocaleString('en-US')} viewers`,
  );
}
finish();

async function measure(name: Outcome['name']): Promise<Outcome> {
  const port = await freePort();
  let server: Child;
  if (name === 'baseline') {
    server = startNode('sse-baseline', ['--inspect=127.0.0.1:0', 'bench/sse-baseline.mjs'], { env: { PORT: String(port) } });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000, server);
  } else {
    server = await startMusesocial({ dataDir: site.dataDir, port, nodeArgs: ['--inspect=127.0.0.1:0'] });
  }
  const inspector = await Inspector.attach(server);
  const path = name === 'baseline' ? '/stream' : `/api/v1/chats/${site.slug}/stream`;
  try {
    // Warm up: the first viewers load and compile the stream code, which is not per-viewer memory.
    const warm = await Viewers.connect({ port, path, connections: 200, sampleEvery: 1_000_000 });
    await warm.viewers.close();
    await sleep(2000);
    const idle = await steadyReading(server, inspector);

    const { viewers: wanted, capped } = capacity(server, options.viewers);
    const { viewers, open } = await Viewers.connect({ port, path, connections: wanted, perProcess: 10_000, sampleEvery: 1_000_000 });
    try {
      console.log(`${name}: ${open.toLocaleString('en-US')} idle viewers connected; settling…`);
      await sleep(options.settle * 1000);
      const loaded = await steadyReading(server, inspector);
      const outcome: Outcome = {
        name,
        viewers: open,
        idleKb: idle.rssKb,
        withKb: loaded.rssKb,
        perConnectionKb: (loaded.rssKb - idle.rssKb) / open,
        heapPerConnection: (loaded.memory.heapUsed - idle.memory.heapUsed) / open,
        externalPerConnection: (loaded.memory.external - idle.memory.external) / open,
        capped,
      };
      console.log(`${name}: ${outcome.perConnectionKb.toFixed(1)} KB per viewer`);
      return outcome;
    } finally {
      await viewers.close();
    }
  } finally {
    inspector.close();
    await stop(server, 30_000);
  }
}

/** Two full collections (the second catches what finalizers of the first released), then the median of 5 readings 1 s apart. */
async function steadyReading(server: Child, inspector: Inspector): Promise<{ rssKb: number; memory: NodeJS.MemoryUsage }> {
  await inspector.collectGarbage();
  await inspector.collectGarbage();
  await sleep(1000);
  const readings: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    readings.push(rssKb(server.pid));
    await sleep(1000);
  }
  const memory = await inspector.memoryUsage();
  return { rssKb: readings.sort((a, b) => a - b)[2]!, memory };
}

/**
 * One socket is one file descriptor: a server process cannot hold more
 * viewers than its open-files limit minus what it already has open. This
 * machine's hard limit is 20,000 and cannot be raised without
 * CAP_SYS_RESOURCE, so 20,000 viewers do not fit in one process here.
 */
function capacity(server: Child, wanted: number): { viewers: number; capped: string | null } {
  const limits = fs.readFileSync(`/proc/${server.pid}/limits`, 'utf8');
  const limit = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? Infinity);
  const open = fs.readdirSync(`/proc/${server.pid}/fd`).length;
  const room = limit - open - 16;
  if (wanted <= room) return { viewers: wanted, capped: null };
  return {
    viewers: room,
    capped: `measured with ${room.toLocaleString('en-US')} viewers, not ${wanted.toLocaleString('en-US')}: the server's open-files limit is ${limit.toLocaleString('en-US')} (hard limit on this machine) and it already had ${open} files open`,
  };
}
