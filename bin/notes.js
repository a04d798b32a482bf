#!/usr/bin/env node
import { main, runCleanups } from '../dist/cli/main.js';

// On Ctrl-C or SIGTERM, close the browser (and anything else registered) before leaving.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.once(signal, () => {
    void runCleanups().finally(() => process.exit(code));
  });
}

process.exitCode = await main(process.argv.slice(2));
