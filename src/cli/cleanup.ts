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

/** How long the clean-ups may take after an interrupt: a hung one must not keep notes from exiting. */
export const CLEANUP_MS = 10_000;

/**
 * Abort the work in progress and run every registered clean-up once (from bin/, on a signal).
 * Resolves when all have ended, or after `ms` (a clean-up that hangs is left behind).
 */
export async function runCleanups(ms: number = CLEANUP_MS): Promise<void> {
  controller.abort();
  const pending = [...cleanups];
  cleanups.clear();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(pending.map((c) => c())),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
