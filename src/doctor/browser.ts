import { findBrowser, noBrowserMessage, type BrowserProbe } from '../print/find-browser.js';
import { reason, type Check, type Run } from './check.js';

/**
 * The browser: found by the same search as `notes build` (--browser, PUPPETEER_EXECUTABLE_PATH,
 * an installed Chrome or Chromium, puppeteer's own), then asked its version (`--version`) to
 * show that it runs. Chrome on Windows prints no version, so there the path is enough.
 */
export async function checkBrowser(probe: BrowserProbe & { run: Run }): Promise<Check> {
  const name = 'browser';
  const choice = findBrowser(probe);
  if (!choice) return { name, status: 'fail', detail: noBrowserMessage(probe.platform) };
  if ('error' in choice) return { name, status: 'fail', detail: `${choice.error} ${noBrowserMessage(probe.platform)}` };
  if (probe.platform === 'win32') return { name, status: 'ok', detail: choice.path };
  try {
    const version = (await probe.run(choice.path, ['--version'])).trim().split('\n').pop()?.trim();
    return { name, status: 'ok', detail: version ? `${choice.path} (${version})` : choice.path };
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `${choice.path} was found but does not run (${reason(error)}): reinstall it, or pass --browser PATH for another Chrome or Chromium.`,
    };
  }
}
