import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

// The invariants every hostile case is held to, shared by every suite of test/hostile/: no code
// ran (the canary never exists), nothing outside the output folder changed, nothing was fetched,
// no secret reached an output, no stack trace and no internal error (exit 70) was printed.

const run = promisify(execFile);

/** The first line of /etc/passwd on every Unix: it must never reach an output. */
export const PASSWD = 'root:x:0:0';

/** A line of a stack trace. */
export const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** Every path below `dir` with what it is: a file's hash, a link's target, or a folder. */
export async function snapshot(dir: string, skip?: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  async function walk(abs: string): Promise<void> {
    for (const entry of await readdir(abs, { withFileTypes: true })) {
      const child = path.join(abs, entry.name);
      if (child === skip) continue;
      const rel = path.relative(dir, child);
      if (entry.isSymbolicLink()) seen.set(rel, `link → ${await readlink(child)}`);
      else if (entry.isDirectory()) {
        seen.set(rel, 'folder');
        await walk(child);
      } else if (entry.isFile()) seen.set(rel, createHash('sha256').update(await readFile(child)).digest('hex'));
      else seen.set(rel, 'special');
    }
  }
  await walk(dir);
  return seen;
}

/** Every file below `dir` (links not followed). */
export async function filesBelow(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}

/** The text a reader can get out of an output file: a PDF's text, a page with its data: URLs decoded. */
export async function readable(file: string): Promise<string> {
  if (file.endsWith('.pdf')) return (await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 })).stdout;
  const text = await readFile(file, 'latin1');
  const decoded = [...text.matchAll(/data:[^,"')\s]*;base64,([A-Za-z0-9+/=]+)/g)].map((m) => Buffer.from(m[1] as string, 'base64').toString('latin1'));
  return [text, ...decoded].join('\n');
}

/** The 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`the case's file has no ${JSON.stringify(needle)}`);
  return text.slice(0, index).split('\n').length;
}

/** A listener on loopback that records every request made to it. */
export async function listener(): Promise<{ server: Server; base: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a command printed and how it ended. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The invariants of every hostile case, after the command ran: no stack trace and no internal
 * error, the canary never created, nothing outside `out` changed since `before` (a snapshot of
 * `root` taken with the same skip), nothing fetched, and neither `token` nor /etc/passwd in any
 * file below `out`.
 */
export async function assertInvariants(opts: {
  result: Ran;
  root: string;
  before: Map<string, string>;
  out?: string;
  canary?: string;
  token?: string;
  requests?: string[];
}): Promise<void> {
  const { result, root, before, out, canary, token, requests } = opts;
  const all = `${result.stdout}\n${result.stderr}`;
  expect(all).not.toMatch(STACK);
  expect(all).not.toMatch(/internal error/);
  expect(result.code).not.toBe(70);
  if (canary) expect(existsSync(canary)).toBe(false);
  expect(await snapshot(root, out)).toEqual(before);
  if (requests) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toEqual([]);
  }
  if (out) {
    for (const file of await filesBelow(out)) {
      const text = await readable(file);
      if (token) expect(text, file).not.toContain(token);
      expect(text, file).not.toContain(PASSWD);
    }
  }
}
