// Loaded with `node --import` by the benchmark: writes the process's peak resident memory (KB)
// to $NOTES_BENCH_RSS_FILE as it exits, so the CLI's memory is measured in its own process.
import { writeFileSync } from 'node:fs';

const file = process.env.NOTES_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
