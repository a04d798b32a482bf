#!/usr/bin/env node
// `npm run fuzz [runs]`: the property-based fuzz tests of test/fuzz with many cases per property
// (10,000 unless given as an argument or in FUZZ_RUNS), and no per-test time limit. FUZZ_SEED
// replays a failing run (fast-check prints the seed of every failure).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const runs = process.argv[2] ?? process.env.FUZZ_RUNS ?? '10000';
if (!/^[1-9]\d*$/.test(runs)) {
  console.error(`fuzz: the number of runs must be a positive whole number, not "${runs}".`);
  process.exit(2);
}

const child = spawn('npx', ['vitest', 'run', 'test/fuzz', '--testTimeout=0'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs },
  shell: process.platform === 'win32',
});
// Ctrl-C reaches vitest directly (same process group): wait for it to finish. Pass SIGTERM on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('error', (error) => {
  console.error(`fuzz: could not start vitest: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 1)));
