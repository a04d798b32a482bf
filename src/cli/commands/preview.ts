import { formatDiagnostics } from '../../diagnostics/reporters/index.js';
import { startPreview, type BuildReport, type PreviewSession } from '../../preview/session.js';
import { interruption, onCleanup } from '../cleanup.js';
import { detail, say, UsageError, useColor, type Io } from '../io.js';
import { openInBrowser, type Opener } from '../../preview/open-browser.js';
import { terminalSafe } from '../../diagnostics/report.js';
import { resolveScope } from '../scope.js';
import { resourcesFor } from '../theme.js';
import { themePaths } from '../../theme/load.js';
import type { LoadedConfig } from '../../config/load.js';
import { count } from '../../diagnostics/count.js';

/** Options of `notes preview`. */
export interface PreviewCommandOptions {
  notes: string;
  port: number;
  host: string;
  pdf?: boolean;
  /** Open the URL in the default browser once the server listens. */
  open?: boolean;
  /** The config read: its theme is applied, and its files watched. */
  config?: LoadedConfig | undefined;
}

/** The line after each build: `Rebuilt in 0.4 s: 5 notes, 0 errors, 1 warning`, and what stays served. */
export function rebuildLine(report: BuildReport): string {
  const verb = report.first ? 'Built' : 'Rebuilt';
  const time = `${(report.ms / 1000).toFixed(1)} s`;
  const kept = report.kept ? ' (still serving the last good build)' : '';
  if (report.failure !== undefined) return `${verb} in ${time}: failed${kept}\n${report.failure}`;
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.length - errors;
  const n = count;
  const nothing = !report.served && !report.kept ? ' (nothing to serve yet)' : '';
  return `${verb} in ${time}: ${n(report.notes, 'note')}, ${n(errors, 'error')}, ${n(warnings, 'warning')}${kept}${nothing}`;
}

/** Why the server could not listen, in words. */
const LISTEN_ERRORS: Record<string, (host: string, port: number) => string> = {
  EADDRINUSE: (host, port) => `Port ${port} on ${host} is in use: choose another with --port N, or --port 0 for any free port.`,
  EACCES: (host, port) => `Port ${port} on ${host} needs privileges notes does not have: choose one above 1023 with --port N.`,
  EADDRNOTAVAIL: (host) => `${host} is not an address of this machine: leave --host out to serve on 127.0.0.1.`,
  ENOTFOUND: (host) => `${host} is not an address of this machine: leave --host out to serve on 127.0.0.1.`,
};

/**
 * `notes preview`: build, serve on localhost, rebuild and reload the open pages on every change.
 * Runs until `signal` is aborted (Ctrl-C), then stops everything it started; returns 130. With
 * --open, `opener` (the default browser; tests pass their own) is given the URL.
 */
export async function previewCommand(options: PreviewCommandOptions, io: Io, signal: AbortSignal = interruption, opener: Opener = openInBrowser): Promise<number> {
  await resolveScope(options.notes, []);
  const color = useColor(io, io.stderr);
  let session: PreviewSession;
  try {
    session = await startPreview({
      notes: options.notes,
      host: options.host,
      port: options.port,
      pdf: options.pdf === true,
      env: io.env,
      // The theme and the project's kinds are read again, as the package's templates are, whenever one of their files changes.
      loadResources: () => resourcesFor(options.config),
      resourcePaths: [...(options.config?.settings.theme ? themePaths(options.config.settings.theme) : []), ...(options.config?.settings.kinds !== undefined ? [options.config.settings.kinds] : [])],
      onCleanup,
      onNotice: (message) => say(io, `warning: ${terminalSafe(message)}`),
      onBuild: (report) => {
        // --quiet keeps a failed build's reason: it is an error, not a summary.
        if (io.verbosity !== 'quiet') io.stderr.write(`${terminalSafe(rebuildLine(report), true)}\n`);
        else if (report.failure !== undefined) io.stderr.write(`${terminalSafe(report.failure, true)}\n`);
        const text = formatDiagnostics('text', report.diagnostics, color, { summary: io.verbosity !== 'quiet' });
        if (text) io.stderr.write(text);
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const explain = code === undefined ? undefined : LISTEN_ERRORS[code];
    if (explain) throw new UsageError(explain(options.host, options.port));
    throw error;
  }
  // The session registered its own clean-up (onCleanup above): SIGINT or SIGTERM at any moment
  // closes it, and bin/ waits for it before the process exits.
  io.stdout.write(`Previewing ${options.notes} at ${session.url} (press Ctrl-C to stop)\n`);
  if (options.open) {
    detail(io, `Opening ${session.url} in the default browser.`);
    // Not awaited: the preview serves whether or not a browser opens, and says when none could.
    opener(session.url).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      io.stderr.write(`Could not open a browser (${terminalSafe(reason)}): open ${session.url} yourself. The preview goes on.\n`);
    });
  }
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await session.close();
  return 130;
}
