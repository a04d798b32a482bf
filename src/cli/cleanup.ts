/** Clean-ups to run if the process is interrupted (close the browser, remove its profile). */
const cleanups = new Set<() => Promise<void>>();
const controller = new AbortController();

/** Aborted once the user interrupts (SIGINT/SIGTERM): work in progress stops and writes nothing. */
export const interruption: AbortSignal = controller.signal;

/** Register a clean-up; returns a function that unregisters it once the work is done. */
export function onCleanup(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Abort the work in progress and run every registered clean-up once (from bin/, on a signal). */
export async function runCleanups(): Promise<void> {
  controller.abort();
  const pending = [...cleanups];
  cleanups.clear();
  await Promise.allSettled(pending.map((c) => c()));
}
