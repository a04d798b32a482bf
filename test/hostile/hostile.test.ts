import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML } from '../helpers/project.js';
import { cases } from './all-cases.js';
import type { CaseContext, Expected, HostileCase } from './cases.js';
import { filesBelow, lineOf, listener, PASSWD, readable, snapshot, STACK } from './invariants.js';

// Every hostile case is built by the real CLI (`notes build`, PDFs included) in a project of its
// own: the hostile files beside a valid note, a secret file and a canary path outside the notes
// folder, and a loopback listener of its own. The same invariants are asserted for every case.

const ENV = { PATH: process.env['PATH'], PUPPETEER_EXECUTABLE_PATH: process.env['PUPPETEER_EXECUTABLE_PATH'] };

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface JsonDiagnostic {
  file: string;
  line: number | null;
  ruleId: string;
  message: string;
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
    file: expect.stringMatching(new RegExp(`notes/${rel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)),
    ...(line !== undefined && { line }),
  });
}
