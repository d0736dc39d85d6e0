// Tuning aid for postgres-plan.ts: for each query, PostgreSQL's estimates,
// the plan choosePgPlan picks, and the time every walk takes on a schema
// kept by `npm run bench:search -- --only postgres --keep`.
// Usage (inside flock /tmp/musesocial-bench.lock):
//   node --import tsx bench/lib/pg-plan-probe.ts SCHEMA WANTED QUERY…
// WANTED 21 is a newest-first page; more (10000) are relevance candidates, walked within the budget.
import { openPostgres } from '../../src/db/database.ts';
import { parseSearchQuery } from '../../src/search/search-query.ts';
import { searchFilterFor } from '../../src/search/search.service.ts';
import { pgPlanInputs, newestIdsWithPgPlan } from '../../src/search/search-postgres.ts';
import { choosePgPlan, type PgPlan } from '../../src/search/postgres-plan.ts';
const database = openPostgres('postgres://postgres@127.0.0.1:5432/test', { searchPath: process.argv[2]!, poolSize: 2 });
const wanted = Number(process.argv[3]);
for (const q of process.argv.slice(4)) {
  const filter = (await searchFilterFor(database, null, parseSearchQuery(q)))!;
  const inputs = await pgPlanInputs(database.db, filter, wanted);
  const budgeted = wanted > 21;
  const chosen = choosePgPlan({ ...inputs, budgeted });
  const plans: PgPlan[] = [{ kind: 'time' }, { kind: 'gin' }, ...inputs.drivers.map((driver) => ({ kind: 'driver' as const, driver }))];
  const out: string[] = [];
  for (const plan of plans) {
    const t0 = performance.now();
    const ids = await newestIdsWithPgPlan(database.db, filter, plan, wanted, budgeted);
    out.push(`${plan.kind === 'driver' ? plan.driver.kind : plan.kind}=${(performance.now() - t0).toFixed(0)}ms/${ids?.length}`);
  }
  console.log(JSON.stringify(q), 'chosen', chosen.kind === 'driver' ? chosen.driver.kind : chosen.kind, 'est', JSON.stringify({ text: inputs.textRows, gin: inputs.ginRows, drivers: inputs.drivers.map((d) => d.rows) }), out.join(' '));
}
await database.close();
