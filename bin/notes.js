#!/usr/bin/env node
import { main, runCleanups } from '../dist/cli/main.js';

// On Ctrl-C or SIGTERM, close the browser (and anything else registered) before leaving.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.once(signal, () => {
    void runCleanups().finally(() => process.exit(code));
  });
}

// A reader that stops early (notes schema docs | head) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/** A bug of notes, never of a note: say so in one line (the stack only when asked for). */
function internalError(error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`notes: internal error: ${message}\nThis is a bug in notes, not in your notes: please report it with the note that caused it (set NOTES_DEBUG=1 to see where it happened).\n`);
  if (process.env.NOTES_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
}

// An error thrown where no one waits for it (a library's callback) is reported the same way,
// after the clean-ups, never as Node's stack trace.
let failing = false;
process.on('uncaughtException', (error) => {
  if (failing) return;
  failing = true;
  internalError(error);
  void runCleanups().finally(() => process.exit(70));
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  internalError(error);
  await runCleanups().catch(() => undefined);
  process.exitCode = 70;
}
