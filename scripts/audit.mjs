#!/usr/bin/env node
// `npm run audit`: the production dependency tree must have no known advisory. Runs
// `npm audit --omit=dev`; where the advisory service cannot be reached (an offline mirror, a
// registry proxy that refuses its POST), says so plainly and still checks the floors of
// scripts/dependency-floors.mjs, which CI always checks.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { belowFloors } from './dependency-floors.mjs';

let failed = false;
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const below = belowFloors(lock);
for (const p of below) console.error(`${p.name} ${p.version} at ${p.where} is below ${p.floor}: ${p.why}`);
if (below.length > 0) failed = true;
else console.log('dependency floors: handlebars, yaml, ajv and js-yaml are at or above their fixed releases everywhere in the tree');

let report;
try {
  report = execFileSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
} catch (error) {
  report = error.stdout ?? '';
}
let parsed;
try {
  parsed = JSON.parse(report);
} catch {
  parsed = { error: { summary: 'npm audit printed no report' } };
}
if (!parsed.metadata) {
  const summary = String(parsed.message ?? parsed.error?.summary ?? parsed.error?.code ?? 'no report').split('\n')[0];
  console.log(`npm audit --omit=dev: the advisory service could not be reached (${summary}); only the floors above were checked`);
  if (process.env.NOTES_AUDIT_REQUIRED) failed = true;
} else {
  const counts = parsed.metadata?.vulnerabilities ?? {};
  const total = Object.values(counts).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0) - (counts.total ?? 0);
  if (total > 0) {
    failed = true;
    for (const [name, v] of Object.entries(parsed.vulnerabilities ?? {})) console.error(`${name}: ${v.severity} (${v.range})`);
  }
  console.log(`npm audit --omit=dev: ${total} known vulnerabilities in the production dependencies`);
}
process.exit(failed ? 1 : 0);
