import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * .ci/audit.mjs, the CI dependency audit, on `npm audit --json` reports
 * shaped like npm's (report version 2): it fails on high and critical
 * advisories unless allow-listed (with a reason, until a date), and does not
 * fail when the advisory endpoint cannot be reached.
 */
const SCRIPT = path.resolve(import.meta.dirname, '../../.ci/audit.mjs');

function advisory(name: string, severity: string, ghsa: string) {
  return { source: 1100000 + name.length, name, dependency: name, title: `${name} does something bad`, url: `https://github.com/advisories/${ghsa}`, severity, cwe: [], cvss: {}, range: '<1.2.3' };
}

function report(vulnerabilities: Array<ReturnType<typeof advisory>>) {
  const entries = Object.fromEntries(
    vulnerabilities.map((v) => [v.name, { name: v.name, severity: v.severity, isDirect: false, via: [v, 'some-parent'], effects: [], range: v.range, nodes: [`node_modules/${v.name}`], fixAvailable: true }]),
  );
  return { auditReportVersion: 2, vulnerabilities: entries, metadata: { vulnerabilities: {}, dependencies: { prod: 321, total: 400 } } };
}

describe('CI dependency audit (.ci/audit.mjs)', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musesocial-audit-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function audit(reportJson: unknown, allowlist: unknown = { advisories: [] }, env: Record<string, string> = {}) {
    const reportFile = path.join(dir, 'report.json');
    const listFile = path.join(dir, 'allow.json');
    fs.writeFileSync(reportFile, typeof reportJson === 'string' ? reportJson : JSON.stringify(reportJson));
    fs.writeFileSync(listFile, JSON.stringify(allowlist));
    const result = spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, AUDIT_REPORT_FILE: reportFile, AUDIT_ALLOWLIST_FILE: listFile, ...env }, encoding: 'utf8' });
    return { code: result.status, out: result.stdout + result.stderr };
  }

  it('passes a clean report and one with only moderate advisories', () => {
    assert.equal(audit(report([])).code, 0);
    const moderate = audit(report([advisory('left-pad', 'moderate', 'GHSA-aaaa-bbbb-cccc')]));
    assert.equal(moderate.code, 0);
    assert.match(moderate.out, /no high or critical advisories in 321 production dependencies/);
  });

  it('fails on a high or critical advisory, naming it', () => {
    const result = audit(report([advisory('evil-lib', 'high', 'GHSA-1234-5678-9abc'), advisory('worse-lib', 'critical', 'GHSA-dddd-eeee-ffff')]));
    assert.equal(result.code, 1);
    assert.match(result.out, /✖ high GHSA-1234-5678-9abc in evil-lib <1\.2\.3: evil-lib does something bad/);
    assert.match(result.out, /✖ critical GHSA-dddd-eeee-ffff in worse-lib/);
    assert.match(result.out, /2 high\/critical advisories .* \.ci\/audit-allowlist\.json/);
  });

  it('lets a reasoned, unexpired allow-list entry through, and no longer once it expires', () => {
    const high = report([advisory('evil-lib', 'high', 'GHSA-1234-5678-9abc')]);
    const entry = { id: 'GHSA-1234-5678-9abc', package: 'evil-lib', reason: 'only reachable through the CLI, which never parses untrusted input', expires: '2999-01-01' };
    const allowed = audit(high, { advisories: [entry] });
    assert.equal(allowed.code, 0, allowed.out);
    assert.match(allowed.out, /allowed high GHSA-1234-5678-9abc in evil-lib: only reachable/);
    const expired = audit(high, { advisories: [{ ...entry, expires: '2020-01-01' }] });
    assert.equal(expired.code, 1);
    assert.match(expired.out, /expired on 2020-01-01/);
    const unreasoned = audit(report([]), { advisories: [{ id: 'GHSA-x', package: 'x', expires: '2999-01-01' }] });
    assert.equal(unreasoned.code, 1);
    assert.match(unreasoned.out, /needs id, package, reason and expires/);
  });

  it('does not fail the build when the advisory endpoint cannot be reached, unless strict', () => {
    const unreachable = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '', detail: '' } };
    const skipped = audit(unreachable);
    assert.equal(skipped.code, 0);
    assert.match(skipped.out, /dependency audit skipped: the advisory endpoint could not be used \(405 Method Not Allowed/);
    assert.equal(audit({ error: { code: 'ENOTFOUND', summary: 'getaddrinfo ENOTFOUND registry.npmjs.org' } }).code, 0);
    assert.equal(audit('not json at all').code, 0);
    assert.equal(audit(unreachable, { advisories: [] }, { AUDIT_STRICT: 'true' }).code, 1);
  });
});
