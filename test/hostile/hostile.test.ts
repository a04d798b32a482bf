import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML } from '../helpers/project.js';
import { cases, type CaseContext, type Expected, type HostileCase } from './cases.js';

// Every hostile case is built by the real CLI (`notes build`, PDFs included) in a project of its
// own: the hostile files beside a valid note, a secret file and a canary path outside the notes
// folder, and a loopback listener of its own. The same invariants are asserted for every case.

const run = promisify(execFile);
const ENV = { PATH: process.env['PATH'], PUPPETEER_EXECUTABLE_PATH: process.env['PUPPETEER_EXECUTABLE_PATH'] };
const PASSWD = 'root:x:0:0';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Every path below `dir` with what it is: a file's hash, a link's target, or a folder. */
async function snapshot(dir: string, skip?: string): Promise<Map<string, string>> {
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
      } else seen.set(rel, createHash('sha256').update(await readFile(child)).digest('hex'));
    }
  }
  await walk(dir);
  return seen;
}

/** Every file below `dir` (links not followed). */
async function filesBelow(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}

/** The text a reader can get out of an output file: a PDF's text, a page with its data: URLs decoded. */
async function readable(file: string): Promise<string> {
  if (file.endsWith('.pdf')) return (await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 })).stdout;
  const text = await readFile(file, 'latin1');
  const decoded = [...text.matchAll(/data:[^,"')\s]*;base64,([A-Za-z0-9+/=]+)/g)].map((m) => Buffer.from(m[1] as string, 'base64').toString('latin1'));
  return [text, ...decoded].join('\n');
}

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`the case's file has no ${JSON.stringify(needle)}`);
  return text.slice(0, index).split('\n').length;
}

interface JsonDiagnostic {
  file: string;
  line: number | null;
  ruleId: string;
  message: string;
}

const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** A listener on loopback that records every request made to it. */
async function listener(): Promise<{ server: Server; base: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

// A context only to list the cases by name; each case gets its own when it runs.
const names = cases({ base: 'http://127.0.0.1:1', canary: '/nonexistent', secret: '/nonexistent', token: 'x' });

let probe: Awaited<ReturnType<typeof listener>>;
beforeAll(async () => {
  // The listener works: it records a request made to it.
  probe = await listener();
  await fetch(`${probe.base}/self-test`).then((r) => r.text());
  expect(probe.requests).toEqual(['GET /self-test']);
  await new Promise((resolve) => probe.server.close(resolve));
});

it('has at least 40 cases, each named once', () => {
  expect(names.length).toBeGreaterThanOrEqual(40);
  expect(new Set(names.map((c) => c.name)).size).toBe(names.length);
});

describe.concurrent('a hostile note', () => {
  for (const [index, { name }] of names.entries()) {
    it(name, { timeout: 120_000 }, async () => {
      const root = await mkdtemp(path.join(tmpdir(), 'notes-hostile-'));
      temps.push(root);
      const { server, base, requests } = await listener();
      try {
        const token = `SECRET-${randomBytes(8).toString('hex')}`;
        const ctx: CaseContext = { base, canary: path.join(root, 'canary'), secret: path.join(root, 'outside/secret.png'), token };
        const hostile = cases(ctx)[index] as HostileCase;
        await arrange(root, hostile, ctx);
        const before = await snapshot(root, path.join(root, 'out'));

        const args = hostile.args?.(root) ?? ['build', '--notes', path.join(root, 'notes'), '--out', path.join(root, 'out'), '--format', 'json'];
        const result = await runCli(args, ENV);
        const out = path.join(root, 'out');
        const all = `${result.stdout}\n${result.stderr}`;

        // No stack trace, ever; and no code ran.
        expect(all).not.toMatch(STACK);
        expect(existsSync(ctx.canary)).toBe(false);
        // Nothing outside the output folder changed: the notes, the secret, the planted targets.
        expect(await snapshot(root, out)).toEqual(before);
        // Nothing was fetched (give a late request time to arrive).
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(requests).toEqual([]);
        // No local file's content in any output.
        for (const file of await filesBelow(out)) {
          const text = await readable(file);
          expect(text, file).not.toContain(token);
          expect(text, file).not.toContain(PASSWD);
        }
        if (hostile.stderr) expect(result.stderr).toMatch(hostile.stderr);

        if (hostile.refused) {
          expect(result.code).toBe(2);
          expect(await filesBelow(out)).toEqual([]);
          return;
        }

        // Each expected diagnostic names the file, and the line.
        const diagnostics = JSON.parse(result.stdout) as JsonDiagnostic[];
        const reported = diagnostics.map((d) => `${d.file.split('/notes/')[1] ?? d.file}:${d.line}  ${d.ruleId}  ${d.message}`).join('\n');
        for (const want of hostile.expect) expect(diagnostics, reported).toContainEqual(await matching(root, want));
        // The valid note of the same build still builds, in HTML and PDF, and so does its pack.
        for (const file of ['test-forum/good/good.en.html', 'test-forum/good/good.en.pdf', 'test-forum/test-forum.en.pdf']) {
          expect(existsSync(path.join(out, file)), file).toBe(true);
        }
        const good = await readable(path.join(out, 'test-forum/good/good.en.pdf'));
        expect(good).toContain('Opening text.');

        await hostile.check?.({
          root,
          out,
          ...result,
          html: async () => readFile(path.join(out, 'test-forum/evil/evil.en.html'), 'utf8').catch(() => undefined),
        });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  }
});

/** Make the case's project: the notes folder, the files outside it, the links. */
async function arrange(root: string, hostile: HostileCase, ctx: CaseContext): Promise<void> {
  const files: Record<string, string | Uint8Array> = {
    'notes/c/collection.yaml': FORUM_YAML,
    'notes/c/good.md': conceptNote(),
    'outside/secret.png': ctx.token,
    ...Object.fromEntries(Object.entries(hostile.files ?? {}).map(([rel, content]) => [`notes/${rel}`, content])),
    ...hostile.outside,
  };
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  for (const [rel, target] of Object.entries(hostile.links ?? {})) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await symlink(target, path.join(root, rel));
    // The link resolves (a dangling link would prove nothing).
    expect((await lstat(path.resolve(path.dirname(path.join(root, rel)), target)).catch(() => undefined)) !== undefined, rel).toBe(true);
  }
}

/** The diagnostic a case expects, as an object to find among the reported ones. */
async function matching(root: string, want: Expected): Promise<unknown> {
  const rel = want.file ?? 'c/evil.md';
  const line = want.at !== undefined ? lineOf(await readFile(path.join(root, 'notes', rel), 'utf8'), want.at) : want.line;
  return expect.objectContaining({
    ruleId: want.rule,
    file: expect.stringMatching(new RegExp(`notes/${rel.replace(/[.]/g, '\\.')}$`)),
    ...(line !== undefined && { line }),
  });
}
