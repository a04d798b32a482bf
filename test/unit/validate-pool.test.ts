import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Worker threads run compiled JavaScript, so these tests use the build in dist/ (`npm test`
 * compiles it first): the same project checked on the main thread only (NOTES_WORKERS=0) and in
 * worker threads must give exactly the same diagnostics, data and outputs.
 */
type Pipeline = typeof import('../../src/pipeline/index.js');
const dist = (await import(String(new URL('../../dist/pipeline/index.js', import.meta.url)))) as Pipeline;

const FIXTURES = 'test/fixtures';
let all: string;
let cache: string;

beforeAll(async () => {
  // Every fixture in one notes folder: each is a collection of its own (or a note in none).
  all = await mkdtemp(path.join(tmpdir(), 'notes-pool-'));
  cache = await mkdtemp(path.join(tmpdir(), 'notes-pool-cache-'));
  for (const name of await readdir(FIXTURES)) await cp(path.join(FIXTURES, name), path.join(all, 'notes', name), { recursive: true });
  await cp('notes', path.join(all, 'notes', 'sample'), { recursive: true });
});
afterAll(async () => {
  await rm(all, { recursive: true, force: true });
  await rm(cache, { recursive: true, force: true });
});

const run = (workers: string, memo = false) =>
  dist.runValidate(path.join(all, 'notes'), [], undefined, { memo, keepTrees: false, env: { NOTES_WORKERS: workers, NOTES_CACHE_DIR: cache } });

describe('checking notes in worker threads', () => {
  it('gives exactly what checking them on the main thread gives: every fixture and the sample together', async () => {
    const main = await run('0');
    const pooled = await run('2');
    expect(main.project.notes.length).toBeGreaterThan(60);
    expect(main.diagnostics.length).toBeGreaterThan(50);
    expect(pooled.diagnostics).toEqual(main.diagnostics);
    for (const [i, file] of main.project.notes.entries()) {
      const other = pooled.project.notes[i];
      expect(other?.path).toBe(file.path);
      expect(other?.data.note).toEqual(file.data.note);
      expect(other?.data.edition?.stale).toEqual(file.data.edition?.stale);
      expect(other?.data.fixes).toEqual(file.data.fixes);
      expect(other?.data.links).toEqual(file.data.links);
    }
  });

  it('fills the memo as the main thread does: a second run restores every note', async () => {
    const first = await run('2', true);
    const second = await run('2', true);
    expect(first.memo?.stats.hits).toBe(0);
    expect(second.memo?.stats).toMatchObject({ hits: first.memo?.stats.misses, misses: 0 });
    expect(second.diagnostics).toEqual(first.diagnostics);
  });

  it('builds the same HTML', async () => {
    const notes = path.join(all, 'notes', 'sample');
    const env = { NOTES_CACHE_DIR: cache };
    const main = await dist.runBuild(notes, path.join(all, 'out-main'), { pdf: false, cache: false, env: { ...env, NOTES_WORKERS: '0' } });
    const pooled = await dist.runBuild(notes, path.join(all, 'out-pool'), { pdf: false, cache: false, env: { ...env, NOTES_WORKERS: '2' } });
    expect(pooled.outputs.length).toBe(main.outputs.length);
    for (const output of main.outputs) {
      expect(await readFile(path.join(all, 'out-pool', output.path), 'utf8')).toBe(await readFile(path.join(all, 'out-main', output.path), 'utf8'));
    }
  });
});
