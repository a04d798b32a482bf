import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild, runValidate } from '../../src/pipeline/index.js';
import { decodeRender, encodeRender, memoDirFor, openMemo, type RenderMemoEntry } from '../../src/cache/note-memo.js';
import { loadResources } from '../../src/load/resources.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

const FIXTURES = 'test/fixtures';
const resources = await loadResources();

/** A run of validate with its own, initially empty, memo. */
async function validateWith(notes: string, cache: string, options: { keepTrees?: boolean } = {}) {
  return runValidate(notes, [], resources, { memo: true, env: { NOTES_CACHE_DIR: cache }, ...options });
}

/** The diagnostics of a run as plain rows, paths relative to the project. */
function rows(result: Awaited<ReturnType<typeof runValidate>>, root: string) {
  return result.diagnostics.map((d) => ({ ...d, file: path.relative(root, d.file) }));
}

describe('note memo: a remembered note gives exactly what checking it again gives', () => {
  it.each(readdirSync(FIXTURES).sort())('%s', async (name) => {
    const root = path.join(FIXTURES, name);
    const cache = await mkdtemp(path.join(tmpdir(), 'notes-memo-'));
    try {
      const plain = await runValidate(root, [], resources);
      const cold = await validateWith(root, cache, { keepTrees: false });
      const warm = await validateWith(root, cache, { keepTrees: false });
      expect(rows(cold, root)).toEqual(rows(plain, root));
      expect(rows(warm, root)).toEqual(rows(plain, root));
      // Every note that was read was remembered, and the second run read none again.
      expect(warm.memo?.stats.misses).toBe(0);
      expect(warm.memo?.stats.hits).toBe(cold.memo?.stats.misses);
      expect(cold.memo?.stats.hits).toBe(0);
      // What a build needs of a valid note is there without its tree.
      for (const [a, b] of plain.project.notes.map((f, i) => [f, warm.project.notes[i]] as const)) {
        expect(b?.data.note).toEqual(a.data.note);
        expect(b?.data.edition?.stale).toEqual(a.data.edition?.stale);
        expect(b?.data.fixes).toEqual(a.data.fixes);
      }
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });
});

describe('note memo: what a remembered note depends on', () => {
  it('a file a link points to that has gone is reported, though the note did not change', async () => {
    const root = await testdir({
      'forum/collection.yaml': FORUM_YAML,
      'forum/w.md': conceptNote({ body: conceptNote().split('---\n\n')[1]!.replace('Intro.', 'See [the annex](annex.pdf).') }),
      'forum/annex.pdf': '%PDF-1.4',
    });
    const cache = await mkdtemp(path.join(tmpdir(), 'notes-memo-'));
    expect((await validateWith(root, cache)).diagnostics).toEqual([]);
    await unlink(path.join(root, 'forum/annex.pdf'));
    const after = await validateWith(root, cache);
    expect(after.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['link-missing', 19]]);
    expect(after.memo?.stats).toMatchObject({ hits: 0, misses: 1 });
  });

  it('an edition turns stale when its source changes, and fresh when the change is undone', async () => {
    const root = await testdir(Object.fromEntries(await Promise.all(['collection.yaml', 'w.md', 'w.fr.md'].map(async (n) => [`f/${n}`, await readFile(path.join(FIXTURES, 'translation-stale', n))]))));
    const cache = await mkdtemp(path.join(tmpdir(), 'notes-memo-'));
    const before = (await validateWith(root, cache)).diagnostics.map((d) => d.ruleId);
    const source = path.join(root, 'f/w.md');
    const text = await readFile(source, 'utf8');
    await writeFile(source, text.replace('## Objective\n', '## Objective\n\nA new sentence.\n'));
    const changed = await validateWith(root, cache);
    expect(changed.memo?.stats).toMatchObject({ misses: 2 });
    const edition = changed.project.notes.find((f) => f.data.edition)!;
    const plain = await runValidate(root, [], resources);
    expect(edition.data.edition?.stale).toEqual(plain.project.notes.find((f) => f.data.edition)!.data.edition?.stale);
    expect(edition.data.edition?.stale.length).toBeGreaterThan(0);
    await writeFile(source, text);
    const undone = await validateWith(root, cache);
    expect(undone.diagnostics.map((d) => d.ruleId)).toEqual(before);
  });

  it('a changed edition of an unchanged source is checked against the remembered segments', async () => {
    const root = await testdir(Object.fromEntries(await Promise.all(['collection.yaml', 'w.md', 'w.fr.md'].map(async (n) => [`f/${n}`, await readFile(path.join(FIXTURES, 'translation-stale', n))]))));
    const cache = await mkdtemp(path.join(tmpdir(), 'notes-memo-'));
    await validateWith(root, cache);
    const editionPath = path.join(root, 'f/w.fr.md');
    await writeFile(editionPath, `${await readFile(editionPath, 'utf8')}\nUne phrase de plus.\n`);
    const warm = await validateWith(root, cache);
    expect(warm.memo?.stats).toMatchObject({ hits: 1, misses: 1 });
    const plain = await runValidate(root, [], resources);
    expect(rows(warm, root)).toEqual(rows(plain, root));
  });

  it('checks across notes run on remembered notes, at the remembered places', async () => {
    const root = path.join(FIXTURES, 'duplicate-workshop');
    const cache = await mkdtemp(path.join(tmpdir(), 'notes-memo-'));
    const cold = await validateWith(root, cache);
    const warm = await validateWith(root, cache);
    expect(warm.memo?.stats.hits).toBe(2);
    expect(warm.diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([['workshop-duplicate', 4, 11]]);
    expect(warm.diagnostics).toEqual(cold.diagnostics);
  });

  it('a damaged or foreign memo is discarded, never trusted', async () => {
    const root = path.join(FIXTURES, 'valid');
    const cache = await mkdtemp(path.join(tmpdir(), 'notes-memo-'));
    await validateWith(root, cache);
    const index = path.join(memoDirFor(root, { NOTES_CACHE_DIR: cache }), 'index.json');
    const text = await readFile(index, 'utf8');
    // A remembered message changed by hand: the check no longer matches.
    await writeFile(index, text.replace('"messages":[]', '"messages":[{"ruleId":"heading-h1","reason":"planted"}]'));
    expect(text).toContain('"messages":[]');
    const damaged = await validateWith(root, cache);
    expect(damaged.memo?.discarded).toBe('it could not be read');
    expect(damaged.diagnostics).toEqual([]);
    // Another version's memo.
    const memo = await openMemo(path.dirname(index), 'another version');
    expect(memo.discarded).toBe('it was written by another version of notes');
    await mkdir(path.dirname(index), { recursive: true });
    await writeFile(index, '{"format":1');
    expect((await validateWith(root, cache)).memo?.discarded).toBe('it could not be read');
  });
});

describe('note memo in builds', () => {
  it('a rebuild renders only the changed note, and writes the same files as a build without the memo', async () => {
    const body = conceptNote().split('---\n\n')[1]!;
    const root = await testdir({
      'notes/forum/collection.yaml': FORUM_YAML,
      'notes/forum/w1.md': conceptNote(),
      'notes/forum/w2.md': conceptNote({ frontMatter: conceptNote().split('---\n')[1]!.replace('workshop: 1', 'workshop: 2').trim(), body: body.replace('Intro.', 'Second.') }),
    });
    const env = { NOTES_CACHE_DIR: path.join(root, 'cache') };
    const notes = path.join(root, 'notes');
    await runBuild(notes, path.join(root, 'a'), { pdf: false, env }, resources);
    await writeFile(path.join(notes, 'forum/w2.md'), (await readFile(path.join(notes, 'forum/w2.md'), 'utf8')).replace('Second.', 'Second, changed.'));
    const warm = await runBuild(notes, path.join(root, 'b'), { pdf: false, env }, resources);
    const cold = await runBuild(notes, path.join(root, 'c'), { pdf: false, cache: false, env }, resources);
    expect(warm.outputs.map((o) => [o.path, String(o.content)])).toEqual(cold.outputs.map((o) => [o.path, String(o.content)]));
    expect(String(warm.outputs.find((o) => o.path.endsWith('w2/w2.en.html'))?.content)).toContain('Second, changed.');
    expect(warm.remembered).toEqual({ notes: 1, renders: 1 });
    expect(cold.remembered).toEqual({ notes: 0, renders: 0 });
  });
});

describe('a remembered rendering on disk', () => {
  const entry = { view: { title: 'Workshop 7 — “Trust”', slug: 'w7' } as unknown as RenderMemoEntry['view'], page: '<!doctype html><p class="x">Oʻzbekiston "quoted"</p>\n', chapter: '<section>ў қ ғ ҳ</section>' };
  const key = 'a'.repeat(64);

  it('reads back exactly what was written', () => {
    expect(decodeRender(encodeRender(key, entry), key)).toEqual(entry);
  });

  it('is refused when any byte changed, when it is cut short, or under another key', () => {
    const bytes = encodeRender(key, entry);
    for (let i = 0; i < bytes.length; i += 7) {
      const damaged = new Uint8Array(bytes);
      damaged[i] = (damaged[i] as number) ^ 1;
      expect(decodeRender(damaged, key)).toBeUndefined();
    }
    expect(decodeRender(bytes.subarray(0, bytes.length - 3), key)).toBeUndefined();
    expect(decodeRender(bytes, 'b'.repeat(64))).toBeUndefined();
  });

  it('a damaged rendering in the memo is rendered again', async () => {
    const root = await testdir({ 'notes/forum/collection.yaml': FORUM_YAML, 'notes/forum/w1.md': conceptNote() });
    const env = { NOTES_CACHE_DIR: path.join(root, 'cache') };
    const notes = path.join(root, 'notes');
    const first = await runBuild(notes, path.join(root, 'a'), { pdf: false, env }, resources);
    const dir = memoDirFor(notes, env);
    const [file] = (await readdir(dir)).filter((n) => n.endsWith('.render'));
    const bytes = await readFile(path.join(dir, file as string));
    await writeFile(path.join(dir, file as string), Buffer.from(bytes.toString('latin1').replace('Intro.', 'Owned.'), 'latin1'));
    const again = await runBuild(notes, path.join(root, 'b'), { pdf: false, env }, resources);
    expect(again.remembered).toEqual({ notes: 1, renders: 0 });
    expect(again.outputs.map((o) => String(o.content))).toEqual(first.outputs.map((o) => String(o.content)));
  });
});
