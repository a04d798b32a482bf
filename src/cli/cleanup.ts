/** Clean-ups to run if the process is interrupted (close the browser, remove its profile). */
const cleanups = new Set<() => Promise<void>>();

/** Register a clean-up; returns a function that unregisters it once the work is done. */
export function onCleanup(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Run every registered clean-up once (on SIGINT or SIGTERM, from bin/). */
export async function runCleanups(): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  await Promise.allSettled(pending.map((c) => c()));
}
