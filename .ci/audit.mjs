// Dependency audit for CI: `npm audit --omit=dev --audit-level=high`, with an
// allow-list for advisories that do not affect us (.ci/audit-allowlist.json).
//
//   node .ci/audit.mjs            exit 1 when a high/critical advisory is not allowed
//   AUDIT_REPORT_FILE=report.json read that `npm audit --json` report instead of running npm (tests)
//   AUDIT_ALLOWLIST_FILE=list.json another allow-list (tests)
//   AUDIT_STRICT=true             also fail when the advisory endpoint cannot be reached
//
// When the registry's advisory endpoint cannot be reached (no network, or a
// mirror that does not serve it), the audit is reported as skipped and does
// not fail the build: a dependency audit must fail on advisories, not on
// the network.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BLOCKING = new Set(['high', 'critical']);

function readReport() {
  if (process.env.AUDIT_REPORT_FILE) return readFileSync(process.env.AUDIT_REPORT_FILE, 'utf8');
  const npm = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { cwd: path.resolve(here, '..'), encoding: 'utf8', timeout: 120_000 });
  return npm.stdout || JSON.stringify({ error: { summary: npm.error?.message ?? npm.stderr.trim() ?? 'npm audit printed nothing' } });
}

/** Every high or critical advisory in an npm audit (report version 2), once each. */
export function blockingAdvisories(report) {
  const found = new Map();
  for (const vulnerability of Object.values(report.vulnerabilities ?? {})) {
    for (const via of vulnerability.via ?? []) {
      if (typeof via !== 'object' || !BLOCKING.has(via.severity)) continue;
      const ghsa = /GHSA-[\w-]+/.exec(via.url ?? '')?.[0];
      const id = ghsa ?? String(via.source);
      if (!found.has(id)) found.set(id, { id, source: String(via.source), package: via.name, severity: via.severity, title: via.title, url: via.url, range: via.range });
    }
  }
  return [...found.values()];
}

/** Splits advisories into allowed (by a current allow-list entry) and blocking; also returns entries that have expired. */
export function applyAllowlist(advisories, allowlist, today = new Date().toISOString().slice(0, 10)) {
  const entries = allowlist.advisories ?? [];
  const problems = entries.filter((e) => !e.id || !e.package || !e.reason || !/^\d{4}-\d{2}-\d{2}$/.test(e.expires ?? '')).map((e) => `allow-list entry ${JSON.stringify(e)} needs id, package, reason and expires (YYYY-MM-DD)`);
  const current = entries.filter((e) => e.expires >= today);
  const expired = entries.filter((e) => e.expires < today);
  const allowed = [];
  const blocking = [];
  for (const advisory of advisories) {
    const entry = current.find((e) => e.id === advisory.id || e.id === advisory.source);
    (entry ? allowed : blocking).push(entry ? { ...advisory, reason: entry.reason } : advisory);
  }
  return { allowed, blocking, expired, problems };
}

function main() {
  const raw = readReport();
  let report;
  try {
    report = JSON.parse(raw);
  } catch {
    report = { error: { summary: `npm audit did not print JSON: ${raw.slice(0, 200)}` } };
  }
  if (!report.vulnerabilities) {
    const why = report.message ?? report.error?.summary ?? report.error?.code ?? 'no report';
    console.log(`⚠ dependency audit skipped: the advisory endpoint could not be used (${why})`);
    process.exit(process.env.AUDIT_STRICT === 'true' ? 1 : 0);
  }
  const allowlist = JSON.parse(readFileSync(process.env.AUDIT_ALLOWLIST_FILE || path.join(here, 'audit-allowlist.json'), 'utf8'));
  const { allowed, blocking, expired, problems } = applyAllowlist(blockingAdvisories(report), allowlist);
  for (const a of allowed) console.log(`allowed ${a.severity} ${a.id} in ${a.package}: ${a.reason}`);
  for (const e of expired) console.log(`note: allow-list entry ${e.id} (${e.package}) expired on ${e.expires}; it no longer applies`);
  for (const p of problems) console.log(`✖ ${p}`);
  for (const a of blocking) console.log(`✖ ${a.severity} ${a.id} in ${a.package} ${a.range ?? ''}: ${a.title} ${a.url ?? ''}`);
  const total = report.metadata?.dependencies?.prod ?? report.metadata?.dependencies?.total ?? '?';
  if (blocking.length > 0 || problems.length > 0) {
    console.log(`✖ dependency audit failed: ${blocking.length} high/critical advisories in production dependencies; upgrade, or add a reasoned entry to .ci/audit-allowlist.json`);
    process.exit(1);
  }
  console.log(`✔ dependency audit: no high or critical advisories in ${total} production dependencies (${allowed.length} allowed by the allow-list)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
