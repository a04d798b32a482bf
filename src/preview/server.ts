import { FORMATS } from '../formats/formats.js';
import { FONT_TYPES, IMAGE_TYPES } from '../model/media-types.js';
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/report.js';
import { CLIENT_PATH, CLIENT_SCRIPT, EVENTS_PATH } from './client.js';

/** One line of the overlay: where, how bad, what, which rule (as the text reporter prints them). */
export interface OverlayProblem {
  where: string;
  severity: string;
  message: string;
  ruleId: string;
}

/** What open pages are told after each build: the served build's version and the problems to show. */
export interface PreviewState {
  /** Changes each time another build is served; a page served with another version reloads. */
  version: string;
  /** Empty when the last build was clean (or had only warnings). */
  problems: OverlayProblem[];
}

/** The overlay of a build: every diagnostic when there is an error (none otherwise), or why the build failed. */
export function overlayProblems(diagnostics: readonly Diagnostic[], failure?: string): OverlayProblem[] {
  if (failure !== undefined) return [{ where: '', severity: 'error', message: failure, ruleId: '' }];
  if (!diagnostics.some((d) => d.severity === 'error')) return [];
  return diagnostics.map((d) => ({
    // The same place the terminal's text reporter shows.
    where: d.line === null ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`,
    severity: d.severity,
    message: d.message,
    ruleId: d.ruleId,
  }));
}

const HTML = FORMATS.html.mediaType;

/**
 * What the server names each file it serves: the output formats' own types, the images and fonts
 * notes knows, and the few files a pack holds besides (manifests, archives, XLIFF, styles).
 */
const TYPES: Record<string, string> = {
  ...Object.fromEntries(Object.values(FORMATS).map((f) => [f.extension, f.mediaType])),
  ...Object.fromEntries(Object.entries({ ...IMAGE_TYPES, ...FONT_TYPES }).map(([ext, type]) => [`.${ext}`, type])),
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xlf': 'application/xliff+xml; charset=utf-8',
  '.zip': 'application/zip',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
};

/** The Content-Type of a served file, from its extension. */
export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a request path names inside `root`, or undefined when it names none: malformed
 * percent-encoding, a NUL byte, or a path that leaves `root` once decoded and resolved
 * (`/../x`, `/%2e%2e/x`, `/..%2fx`). The query and fragment are ignored.
 */
export function resolveServedPath(root: string, requestUrl: string): string | undefined {
  const raw = requestUrl.split(/[?#]/, 1)[0] ?? '';
  if (!raw.startsWith('/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = path.resolve(root);
  const target = path.resolve(base, `.${decoded}`);
  return target === base || target.startsWith(base + path.sep) ? target : undefined;
}

/**
 * Whether a request's Host header names this server: `localhost`, the host it was started with, or
 * the very IP address the connection came in on, with the server's port. A DNS-rebinding page
 * reaches the server under its own name (`evil.example`, `127.0.0.1.evil.example`), which is none
 * of these, so it cannot read the drafts; an IP literal cannot be rebound.
 */
export function isOwnHost(hostHeader: string | undefined, own: { host: string; port: number; localAddress: string | undefined }): boolean {
  if (hostHeader === undefined) return false;
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/i.exec(hostHeader.trim());
  if (!match) return false;
  const name = (match[1] ?? match[2] ?? '').toLowerCase();
  if (Number(match[3] ?? 80) !== own.port) return false;
  if (name === 'localhost' || name === own.host.toLowerCase().replace(/^\[|\]$/g, '')) return true;
  return isIP(name) !== 0 && own.localAddress !== undefined && name === own.localAddress.toLowerCase().replace(/^::ffff:(?=\d+\.)/, '');
}

/**
 * Where a folder requested without its trailing slash is redirected: its path inside `root`, made
 * again from the resolved folder (never from the request), each segment percent-encoded, so the
 * Location is always one `/` and a path (`//host`, `/\\host` and `/%2F%2Fhost` cannot become
 * scheme-relative: the browser would read those as another host). The query is kept.
 */
export function folderLocation(root: string, folder: string, requestUrl: string): string {
  const relative = path.relative(path.resolve(root), folder);
  const segments = relative === '' ? [] : relative.split(path.sep).map(encodeURIComponent);
  const query = /\?[^#]*/.exec(requestUrl)?.[0] ?? '';
  const location = segments.length === 0 ? `/${query}` : `/${segments.join('/')}/${query}`;
  // Never another host, whatever comes in.
  return /^\/(?![/\\])/.test(location) ? location : '/';
}

/** `html` with the live-reload script added (into the served response only, never into the built file). */
export function injectClient(html: string, version: string): string {
  const tag = `<script src="${CLIENT_PATH}" data-version="${escapeAttribute(version)}" defer></script>`;
  // The first </head> is the template's: text from a note is escaped (&lt;), so it cannot end the head.
  const head = html.search(/<\/head\s*>/i);
  if (head !== -1) return `${html.slice(0, head)}${tag}\n${html.slice(head)}`;
  const body = html.search(/<\/body\s*>/i);
  if (body !== -1) return `${html.slice(0, body)}${tag}\n${html.slice(body)}`;
  return `${html}\n${tag}\n`;
}

/** One Server-Sent Events message carrying `state`. */
export function sseMessage(state: PreviewState): string {
  return `data: ${JSON.stringify(state)}\n\n`;
}

/** The page served where there is no file: it loads the client too, so it reloads once the file exists. */
export function notFoundPage(requestPath: string, version: string, built: boolean): string {
  const why = !built ? 'Nothing has been built yet: see the terminal for the build and its problems.' : `There is no ${escapeText(requestPath)} in the built output.`;
  return injectClient(`<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Not found: notes preview</title>\n</head>\n<body>\n<main>\n<h1>Not found</h1>\n<p>${why} <a href="/">The index</a>.</p>\n</main>\n</body>\n</html>\n`, version);
}

/** How the server finds what to serve and what to tell pages. */
export interface PreviewServerOptions {
  host: string;
  /** 0 for any free port. */
  port: number;
  /** The build folder served now; undefined before any build produced outputs. */
  root: () => string | undefined;
  /** The current state, sent to each page as it connects and after each {@link PreviewServer.publish}. */
  state: () => PreviewState;
}

/** A running preview server. */
export interface PreviewServer {
  /** `http://host:port/`. */
  url: string;
  port: number;
  /** Send the current state to every open page. */
  publish(): void;
  /** End every event stream and stop listening. */
  close(): Promise<void>;
}

/** Serve the built output over node:http, with live reload through Server-Sent Events. */
export async function startServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const streams = new Set<ServerResponse>();
  let port = 0;
  const server = createServer((request, response) => {
    handle(request, response, options, streams, port).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `notes preview: ${error instanceof Error ? error.message : String(error)}\n`);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/`,
    port,
    publish() {
      const message = sseMessage(options.state());
      for (const stream of streams) stream.write(message);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, options: PreviewServerOptions, streams: Set<ServerResponse>, port: number): Promise<void> {
  if (!isOwnHost(request.headers.host, { host: options.host, port, localAddress: request.socket.localAddress })) {
    send(response, 403, 'text/plain; charset=utf-8', `This preview answers only at localhost:${port} (or its address): open it from this machine's own address.\n`);
    return;
  }
  const url = request.url ?? '/';
  const pathname = url.split(/[?#]/, 1)[0] ?? '/';
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    send(response, 405, 'text/plain; charset=utf-8', 'Only GET and HEAD are served.\n');
    return;
  }
  if (pathname === EVENTS_PATH) {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    response.write(`retry: 1000\n\n${sseMessage(options.state())}`);
    streams.add(response);
    request.on('close', () => streams.delete(response));
    return;
  }
  if (pathname === CLIENT_PATH) {
    send(response, 200, contentType(CLIENT_PATH), CLIENT_SCRIPT, request.method === 'HEAD');
    return;
  }
  const head = request.method === 'HEAD';
  const { version } = options.state();
  const root = options.root();
  const missing = (): void => send(response, 404, HTML, notFoundPage(pathname, version, root !== undefined), head);
  if (root === undefined) return missing();
  const target = resolveServedPath(root, url);
  if (!target) return missing();
  let file = target;
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      // Relative links in an index page need the trailing slash.
      response.writeHead(301, { Location: folderLocation(root, target, url), 'Cache-Control': 'no-store' });
      response.end();
      return;
    }
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return missing();
  // A link planted in the served folder must not lead out of it either.
  const real = await realpath(file).catch(() => undefined);
  const realRoot = await realpath(root).catch(() => undefined);
  if (!real || !realRoot || !real.startsWith(realRoot + path.sep)) return missing();
  // Opened by its real path, and never through a link put there since (O_NOFOLLOW).
  const opened = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(() => undefined);
  if (!opened) return missing();
  let content: Buffer;
  try {
    if (!(await opened.stat()).isFile()) return missing();
    content = await opened.readFile();
  } finally {
    await opened.close();
  }
  const type = contentType(file);
  if (type === HTML) send(response, 200, type, injectClient(content.toString('utf8'), version), head);
  else send(response, 200, type, content, head);
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, head = false): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Content-Length': typeof body === 'string' ? Buffer.byteLength(body) : body.length,
    // Every reload must show the newest build.
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(head ? undefined : body);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
