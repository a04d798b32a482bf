import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild, type RunResult } from '../../src/pipeline/index.js';
import type { Output } from '../../src/pack/pack.js';
import { page } from '../helpers/html.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

// A note that tries every way it can to make the printer fetch from a server on this machine,
// or run a script. The printer must print it without one request and without running anything.

const run = promisify(execFile);
const ENV = { PATH: process.env['PATH'], PUPPETEER_EXECUTABLE_PATH: process.env['PUPPETEER_EXECUTABLE_PATH'] };

let server: Server;
let base: string;
const requests: string[] = [];
const canaryFile = path.join(tmpdir(), `notes-canary-${process.pid}-${Date.now()}`);
const CANARY = 'CANARY-SCRIPT-RAN';
const temps: string[] = [];
let dir: string;
let out: string;
let result: RunResult & { outputs: Output[] };

function body(url: string): string {
  return `## Introduction

Before the traps.

<img src="${url}/x">

![x](${url}/y.png)

<div style="background:url(${url}/css)">Styled division.</div>

<link rel=stylesheet href=${url}/s.css>

<iframe src=${url}/f></iframe>

<style>@import url(${url}/i.css); @font-face { font-family: Trap; src: url(${url}/font.woff2); } p { font-family: Trap; background-image: url(${url}/bg); }</style>

<img srcset="${url}/srcset 2x" alt="srcset">

<object data="${url}/object"></object><embed src="${url}/embed">

<video src="${url}/video" poster="${url}/poster"></video><audio src="${url}/audio"></audio>

<svg><image href="${url}/svg-image"/></svg>

<meta http-equiv="refresh" content="0;url=${url}/refresh">

<base href="${url}/base/">

<script>document.body.insertAdjacentText('beforeend', '${CANARY}'); fetch('${url}/script'); new Image().src = '${url}/script-image'; try { require('fs').writeFileSync('${canaryFile}', 'x') } catch {}</script>

<img src="x" onerror="this.alt='${CANARY}'; fetch('${url}/onerror')">

<a href="${url}/link">A link is fine: it is not followed.</a>

After the traps.

## Objective

Objective.

## Focus

Focus.

## Structure

### Session 1: Opening

Opening text.

## Organisational Details

Details.
`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The listener works: it records a request made to it (and is then emptied).
  await fetch(`${base}/self-test`).then((r) => r.text());
  expect(requests).toEqual(['GET /self-test']);
  requests.length = 0;

  dir = await testdir({ 'c/collection.yaml': FORUM_YAML, 'c/w1.md': conceptNote({ body: body(base) }) });
  out = await mkdtemp(path.join(tmpdir(), 'notes-safety-'));
  temps.push(dir, out);
  result = await runBuild(dir, out, { env: ENV });
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
  await rm(canaryFile, { force: true });
});

describe('printing a note that tries to reach the network', () => {
  it('writes the PDF, with the note’s own text in it', async () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const pdf = path.join(out, 'test-forum/w1/w1.en.pdf');
    expect(result.outputs.map((o) => o.path)).toContain('test-forum/w1/w1.en.pdf');
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Before the traps.');
    expect(text).toContain('Styled division.');
    expect(text).toContain('After the traps.');
  });

  it('prints a page that still points at the listener (so the printer is what holds it back)', async () => {
    const html = await readFile(path.join(out, 'test-forum/w1/w1.en.html'), 'utf8');
    const sources = page(html)
      .all('img')
      .map((img) => String(img.properties['src']));
    expect(sources).toEqual(expect.arrayContaining([`${base}/x`, `${base}/y.png`]));
    expect(result.diagnostics.filter((d) => d.ruleId === 'image-remote').length).toBeGreaterThan(0);
  });

  it('makes not one request to the loopback listener', async () => {
    // Give any late request (a lazy image, a font) time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests).toEqual([]);
  });

  it('runs no script: no canary in the PDF, none on disk', async () => {
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path.join(out, 'test-forum/w1/w1.en.pdf'), '-']);
    expect(stdout).not.toContain(CANARY);
    expect(existsSync(canaryFile)).toBe(false);
  });

  // Regression: rehype-sanitize strips only <script> with its content by default; a removed
  // <style> left its CSS printed as body text until style was added to the strip list.
  it('prints nothing of a removed <style> element, not even its CSS as text', async () => {
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path.join(out, 'test-forum/w1/w1.en.pdf'), '-']);
    expect(stdout).not.toContain('@import');
    expect(stdout).not.toContain('font-family: Trap');
  });

  it('keeps the scripts, frames and remote style sheets out of the HTML edition too', async () => {
    const html = await readFile(path.join(out, 'test-forum/w1/w1.en.html'), 'utf8');
    const doc = page(html);
    expect(doc.all('script, iframe, object, embed, base, video, audio, link, meta[http-equiv], [onerror], [srcset]')).toEqual([]);
    // What remains may name the listener only as text or as an image the reader's browser may load.
    const reaching = doc.all('[style], style').filter((el) => JSON.stringify(el).includes(base));
    expect(reaching).toEqual([]);
  });
});
