import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../src/pipeline/index.js';
import { applyApostrophes, findApostrophes } from '../../src/translate/apostrophes.js';
import { editionOf, mergeEdition } from '../../src/translate/edition.js';
import { translationStatus } from '../../src/translate/status.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

const FORUM_UZ = FORUM_YAML.replace('languages: [en]', 'languages: [en, uz-Latn, uz-Cyrl]');

describe('edition file names', () => {
  it.each([
    ['c/workshop-7.uz-Latn.md', { source: 'c/workshop-7.md', lang: 'uz-Latn' }],
    ['workshop-7.uz-Cyrl.md', { source: 'workshop-7.md', lang: 'uz-Cyrl' }],
    ['c/notification-327.fr.md', { source: 'c/notification-327.md', lang: 'fr' }],
    ['c/workshop-7.md', undefined],
    ['c/v1.2.md', undefined],
  ])('%s', (name, expected) => {
    expect(editionOf(name)).toEqual(expected);
  });
});

describe('merging an edition over its source', () => {
  const schemas = {} as Record<string, Record<string, unknown>>;
  const schema = {
    type: 'object',
    properties: {
      title: { type: 'string', 'x-translatable': true },
      workshop: { type: 'integer' },
      sessions: { type: 'array', items: { type: 'object', properties: { title: { type: 'string', 'x-translatable': true }, minutes: { type: 'integer' } } } },
    },
  };
  const source = { title: 'Panel', workshop: 7, sessions: [{ title: 'Opening', minutes: 20 }] };

  it('takes translated fields from the edition and facts from the source', () => {
    const { data, problems } = mergeEdition(source, { translation: {}, title: 'Panel muhokamasi', sessions: [{ title: 'Ochilish' }] }, schema, schemas);
    expect(problems).toEqual([]);
    expect(data).toEqual({ title: 'Panel muhokamasi', workshop: 7, sessions: [{ title: 'Ochilish', minutes: 20 }] });
  });

  it('refuses a fact set differently, and a field the source lacks', () => {
    const { problems } = mergeEdition(source, { sessions: [{ minutes: 25 }], venue: 'Toshkent' }, schema, schemas);
    expect(problems.map((p) => [p.kind, p.path.join('.')])).toEqual([
      ['fact', 'sessions.0.minutes'],
      ['unknown', 'venue'],
    ]);
  });

  it('accepts a fact repeated with the same value', () => {
    expect(mergeEdition(source, { workshop: 7 }, schema, schemas).problems).toEqual([]);
  });
});

describe('Uzbek apostrophes', () => {
  it('finds look-alikes between letters and says which sign belongs there', () => {
    const text = "O'zbekiston, g‘oya, ma’no, san`at, o´qish — 'Five Years' stays";
    const fixes = findApostrophes(text);
    expect(fixes.map((f) => [f.found, f.expected])).toEqual([
      ["'", 'ʻ'],
      ['‘', 'ʻ'],
      ['’', 'ʼ'],
      ['`', 'ʼ'],
      ['´', 'ʻ'],
    ]);
    expect(applyApostrophes(text, fixes)).toBe("Oʻzbekiston, gʻoya, maʼno, sanʼat, oʻqish — 'Five Years' stays");
  });

  it('leaves correct text alone', () => {
    expect(findApostrophes('Oʻzbekiston, gʻoya, maʼno, sanʼat, Asʼhob')).toEqual([]);
  });
});

describe('the translators’ workflow', () => {
  async function project(): Promise<string> {
    return testdir({
      'notes/f/collection.yaml': FORUM_UZ,
      'notes/f/w1.md': conceptNote(),
    });
  }

  it('init writes a draft edition with the source text and every segment hash, and refuses to overwrite', async () => {
    const dir = await project();
    const notes = path.join(dir, 'notes');
    const first = await runCli(['translate', 'init', path.join(notes, 'f/w1.md'), '--lang', 'uz-Latn', '--notes', notes]);
    expect(first.code).toBe(0);
    const text = await readFile(path.join(notes, 'f/w1.uz-Latn.md'), 'utf8');
    expect(text).toMatch(/^---\ntranslation:\n {2}source: w1\.md\n {2}lang: uz-Latn\n {2}status: draft\n {2}segments:\n {4}fm\.title: [0-9a-f]{12}\n/);
    expect(text).toContain('title: A Test Workshop');
    expect(text).toContain('### Session 1: Opening');
    expect(text).not.toContain('minutes:');
    // The source text it was made from is kept, for reviewing later changes.
    const snapshot = JSON.parse(await readFile(path.join(notes, 'f/.translations/w1.uz-Latn.json'), 'utf8')) as Record<string, string>;
    expect(snapshot['fm.title']).toBe('A Test Workshop');
    expect(Object.values(snapshot)).toContain('Opening text.');
    const again = await runCli(['translate', 'init', path.join(notes, 'f/w1.md'), '--lang', 'uz-Latn', '--notes', notes]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
    expect(await readFile(path.join(notes, 'f/w1.uz-Latn.md'), 'utf8')).toBe(text);
  });

  it('status names missing editions, drafts, and the segment that changed in the source, by heading', async () => {
    const dir = await project();
    const notes = path.join(dir, 'notes');
    await runCli(['translate', 'init', path.join(notes, 'f/w1.md'), '--lang', 'uz-Latn', '--notes', notes]);
    let { project: p } = await runValidate(notes);
    expect(translationStatus(p).map((r) => [r.lang, r.state])).toEqual([
      ['uz-Cyrl', 'missing'],
      ['uz-Latn', 'draft'],
    ]);
    // Mark it translated, then change one English paragraph.
    const edition = path.join(notes, 'f/w1.uz-Latn.md');
    await writeFile(edition, (await readFile(edition, 'utf8')).replace('status: draft', 'status: translated'));
    ({ project: p } = await runValidate(notes));
    expect(translationStatus(p).find((r) => r.lang === 'uz-Latn')?.state).toBe('up-to-date');
    const source = path.join(notes, 'f/w1.md');
    await writeFile(source, (await readFile(source, 'utf8')).replace('Opening text.', 'Opening text, revised.'));
    const status = await runCli(['translate', 'status', '--notes', notes, '--strict']);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('f/w1.md  uz-Latn  stale: 1 segment changed (translated)  f/w1.uz-Latn.md\n    Structure › Session 1: Opening\n');
    const json = JSON.parse((await runCli(['translate', 'status', '--notes', notes, '--format', 'json'])).stdout) as { lang: string; stale: { where: string }[] }[];
    expect(json.find((r) => r.lang === 'uz-Latn')?.stale.map((s) => s.where)).toEqual(['Structure › Session 1: Opening']);
    // validate warns, and a build marks the edition with a visible notice.
    const validate = await runCli(['validate', '--notes', notes]);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toContain('translation-stale');
    const out = path.join(dir, 'out');
    expect((await runCli(['build', '--no-pdf', '--notes', notes, '--out', out])).code).toBe(0);
    const html = await readFile(path.join(out, 'test-forum/w1/w1.uz-Latn.html'), 'utf8');
    expect(html).toContain('<p class="notice" role="note">Bu tarjima eskirgan boʻlishi mumkin: tarjima qilinganidan keyin asl matnning 1 ta qismi oʻzgargan.</p>');
    expect(await readFile(path.join(out, 'test-forum/w1/w1.en.html'), 'utf8')).not.toContain('class="notice"');
  });

  it('checks Uzbek apostrophes in uz-Latn notes only', async () => {
    const dir = await testdir({
      'notes/f/collection.yaml': FORUM_UZ,
      'notes/f/w1.md': conceptNote({ body: conceptNote().split('---\n\n')[1]!.replace('Intro.', "Mr. O'Brien's note.") }),
    });
    const notes = path.join(dir, 'notes');
    expect((await runCli(['validate', '--notes', notes])).stderr).not.toContain('uz-apostrophe');
    await runCli(['translate', 'init', path.join(notes, 'f/w1.md'), '--lang', 'uz-Latn', '--notes', notes]);
    const result = await runCli(['validate', '--notes', notes, '--format', 'json']);
    const flagged = (JSON.parse(result.stdout) as { ruleId: string; file: string }[]).filter((d) => d.ruleId === 'uz-apostrophe');
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((d) => d.file.endsWith('w1.uz-Latn.md'))).toBe(true);
  });

  it('an edition that retypes a fact differently is an error at that line', async () => {
    const dir = await project();
    const notes = path.join(dir, 'notes');
    await runCli(['translate', 'init', path.join(notes, 'f/w1.md'), '--lang', 'uz-Latn', '--notes', notes]);
    const edition = path.join(notes, 'f/w1.uz-Latn.md');
    const text = await readFile(edition, 'utf8');
    await writeFile(edition, text.replace('title: A Test Workshop\n', 'title: Sinov seminari\nworkshop: 2\n'));
    const result = await runCli(['validate', '--notes', notes, '--format', 'json']);
    expect(result.code).toBe(1);
    const [problem] = JSON.parse(result.stdout) as { ruleId: string; line: number; message: string }[];
    const line = text.split('\n').findIndex((l) => l.startsWith('title:')) + 2;
    expect(problem).toMatchObject({ ruleId: 'translation-fact', line });
    expect(problem?.message).toContain('`workshop` is 2 here but 1 in the source');
  });
});

describe('notes translate transliterate', () => {
  it('writes the Cyrillic edition beside the Latin one, translated fields and body converted, facts and hashes kept', async () => {
    const dir = await testdir({
      'notes/f/collection.yaml': FORUM_UZ,
      'notes/f/w1.md': conceptNote(),
      'notes/f/w1.uz-Latn.md': `---
translation:
  source: w1.md
  lang: uz-Latn
  status: translated
  segments:
    fm.title: 0123456789ab
title: Oʻzbekistonda raqamli hukumat
---

## Kirish

Batafsil maʼlumot: <https://egov.uz/uz> yoki ada@un.org.
`,
    });
    const latin = path.join(dir, 'notes/f/w1.uz-Latn.md');
    const result = await runCli(['translate', 'transliterate', latin, '--to', 'uz-Cyrl']);
    expect(result.code).toBe(0);
    expect(await readFile(path.join(dir, 'notes/f/w1.uz-Cyrl.md'), 'utf8')).toBe(`---
translation:
  source: w1.md
  lang: uz-Cyrl
  status: translated
  segments:
    fm.title: 0123456789ab
title: Ўзбекистонда рақамли ҳукумат
---

## Кириш

Батафсил маълумот: <https://egov.uz/uz> ёки ada@un.org.
`);
    const again = await runCli(['translate', 'transliterate', latin, '--to', 'uz-Cyrl']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('add --force to replace it');
    expect((await runCli(['translate', 'transliterate', latin, '--to', 'uz-Cyrl', '--force'])).code).toBe(0);
  });

  it('refuses a file that is not an edition in the other script', async () => {
    const result = await runCli(['translate', 'transliterate', 'notes/unpsf-2025/workshop-7.md', '--to', 'uz-Cyrl']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a uz-Latn edition');
  });
});

describe('the sample Uzbek editions of Workshop 7', () => {
  it('the Cyrillic edition is exactly what the tool makes from the Latin one', async () => {
    const { deriveEdition } = await import('../../src/translate/derive-edition.js');
    const latin = await readFile('notes/unpsf-2025/workshop-7.uz-Latn.md', 'utf8');
    expect(await readFile('notes/unpsf-2025/workshop-7.uz-Cyrl.md', 'utf8')).toBe(deriveEdition(latin, 'uz-Cyrl'));
  });

  it('both are translated, up to date, and write oʻ gʻ and the tutuq correctly', async () => {
    const { project, diagnostics } = await runValidate('notes');
    expect(diagnostics).toEqual([]);
    const rows = translationStatus(project).filter((r) => r.note.endsWith('workshop-7.md'));
    expect(rows.map((r) => [r.lang, r.state, r.status])).toEqual([
      ['uz-Cyrl', 'up-to-date', 'translated'],
      ['uz-Latn', 'up-to-date', 'translated'],
    ]);
    const latin = await readFile('notes/unpsf-2025/workshop-7.uz-Latn.md', 'utf8');
    expect(findApostrophes(latin)).toEqual([]);
  });
});
