import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Opens a URL in the user's browser; resolves once it is on its way, rejects with why it could not be. */
export type Opener = (url: string) => Promise<void>;

/**
 * Open `url` in the default browser with the `open` package (`open` on macOS, `xdg-open` or
 * $BROWSER on Linux, `start` on Windows). The launcher runs detached: this resolves when it ends
 * well and rejects when it cannot start or ends with an error (no browser on a server over SSH),
 * so the caller can say so. Loaded only when asked for, like the browser it starts.
 */
export async function openInBrowser(url: string): Promise<void> {
  const { default: open } = await import('open');
  const launcher: ChildProcess = await open(url);
  await new Promise<void>((resolve, reject) => {
    const ended = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (code === 0) resolve();
      else reject(new Error(code === null ? `${path.basename(launcher.spawnfile)} was stopped by ${signal ?? 'a signal'}` : `${path.basename(launcher.spawnfile)} exited with code ${code}`));
    };
    if (launcher.exitCode !== null || launcher.signalCode !== null) ended(launcher.exitCode, launcher.signalCode);
    else launcher.once('exit', ended);
  });
}
