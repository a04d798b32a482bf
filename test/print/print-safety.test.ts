import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/index.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';
import { pdfInfo } from '../helpers/pdf.js';

// A note that tries every way of making the printer fetch from a server on this machine.
let server: Server;
let port: number;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('printing an untrusted note', () => {
  it('fetches nothing, runs nothing, and still prints the PDF', async () => {
    const canary = path.join(tmpdir(), `notes-canary-${process.pid}-${Date.now()}`);
    const url = `http://127.0.0.1:${port}`;
    const body = `## Introduction

<img src="${url}/img" alt="x">

![remote](${url}/md.png)

<div style="background:url(${url}/css)">styled</div>

<link rel="stylesheet" href="${url}/sheet.css">

<iframe src="${url}/frame"></iframe>

<style>@import url(${url}/import.css); body { background: url(${url}/bg); }</style>

<object data="${url}/object"></object><embed src="${url}/embed">

<video src="${url}/video" poster="${url}/poster"></video><audio src="${url}/audio"></audio>

<svg><image href="${url}/svg"/></svg>

<meta http-equiv="refresh" content="0;url=${url}/refresh">

<base href="${url}/base/">

<script>fetch('${url}/script'); require('fs').writeFileSync('${canary}', 'x')</script>

<a href="${url}/link">a link is fine: it is not followed</a>

## Objective

O.

## Focus

F.

## Structure

### Session 1: Opening

S.

## Organisational Details

D.
`;
    const dir = await testdir({ 'c/collection.yaml': FORUM_YAML, 'c/w1.md': conceptNote({ body }) });
    const out = await mkdtemp(path.join(tmpdir(), 'notes-safety-'));
    const { diagnostics } = await runBuild(dir, out, { env: {} });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const pdf = path.join(out, 'test-forum/w1/w1.en.pdf');
    expect(Number((await pdfInfo(pdf))['Pages'])).toBeGreaterThan(0);
    expect(requests).toEqual([]);
    expect(existsSync(canary)).toBe(false);
    const html = await readFile(path.join(out, 'test-forum/w1/w1.en.html'), 'utf8');
    expect(html).not.toMatch(/<(script|iframe|object|embed|link rel|meta http-equiv|base|video|audio)\b/i);
    // A remote image is the author's to keep in the HTML, but validate warns it will not print.
    expect(diagnostics.filter((d) => d.ruleId === 'image-remote').map((d) => d.line)).toEqual([21]);
  }, 120_000);
});
