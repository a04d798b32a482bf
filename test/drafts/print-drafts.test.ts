import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/index.js';
import { destinationPages } from '../../src/print/pdf-document.js';
import { page } from '../helpers/html.js';
import { pdfFonts } from '../helpers/pdf.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';
import { hasWatermark } from './pdf-pages.js';

const run = promisify(execFile);

/** Enough text for several pages. */
const LONG = Array.from({ length: 24 }, (_, i) => `Paragraph ${i + 1}. ${'Public services must reach everyone, online and in person. '.repeat(6)}`).join('\n\n');

const DRAFT = conceptNote({
  body: `## Introduction\n\n${LONG}\n\n## Objective\n\nObjective.\n\n## Focus\n\nFocus.\n\n## Structure\n\n### Session 1: Opening\n\nOpening text.\n\n## Organisational Details\n\nDetails.\n`,
}).replace('title: A Test Workshop', 'title: Services for Everyone\ndraft: true');

const RU = `---
translation:
  source: w1.md
  lang: ru
  status: translated
  segments: {}
title: Услуги для всех
sessions:
  - title: Открытие
---

## Введение

${LONG.replaceAll('Public services must reach everyone, online and in person.', 'Государственные услуги должны быть доступны всем.')}

## Структура

### Сессия 1: Открытие

Текст.
`;

/** The text poppler reads on one page, in drawing order (the mark's letters together), without white space. */
async function rawText(file: string, pageNumber: number): Promise<string> {
  const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', '-f', String(pageNumber), '-l', String(pageNumber), file, '-']);
  return stdout.replace(/\s+/g, '');
}

/** For each page of a PDF: whether it draws the watermark, and whether its text holds `word`. */
async function marks(file: string, word: string): Promise<{ stamped: boolean[]; worded: boolean[] }> {
  const doc = await PDFDocument.load(await readFile(file));
  const stamped = doc.getPages().map((_, i) => hasWatermark(doc, i));
  const worded = await Promise.all(stamped.map(async (_, i) => (await rawText(file, i + 1)).includes(word)));
  return { stamped, worded };
}

let notes: string;
let out: string;
const pdf = (rel: string): string => path.join(out, 'test-forum', rel);

beforeAll(async () => {
  notes = await testdir({
    'collection.yaml': FORUM_YAML.replace('languages: [en]', 'languages: [en, ru]'),
    'w1.md': DRAFT,
    'w1.ru.md': RU,
    'w2.md': conceptNote().replace('workshop: 1', 'workshop: 2').replace('ada@un.org', 'grace@un.org'),
  });
  out = await mkdtemp(path.join(tmpdir(), 'notes-drafts-'));
  const { diagnostics } = await runBuild(notes, out, { env: { SOURCE_DATE_EPOCH: '1767225600' }, force: true });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
}, 180_000);

describe('DRAFT across the pages of a draft note', () => {
  it('marks every page of every edition of a draft note, with the word in its language (ПРОЕКТ in Russian)', async () => {
    const en = await marks(pdf('w1/w1.en.pdf'), 'DRAFT');
    expect(en.stamped.length).toBeGreaterThanOrEqual(2);
    expect(en.stamped.every(Boolean)).toBe(true);
    expect(en.worded.every(Boolean)).toBe(true);
    const ru = await marks(pdf('w1/w1.ru.pdf'), 'ПРОЕКТ');
    expect(ru.stamped.length).toBeGreaterThanOrEqual(2);
    expect(ru.stamped.every(Boolean)).toBe(true);
    expect(ru.worded.every(Boolean)).toBe(true);
    expect((await rawText(pdf('w1/w1.ru.pdf'), 1)).includes('DRAFT')).toBe(false);
  });

  it("embeds the mark's font as a subset of its own, never under a name the document's fonts use", async () => {
    for (const rel of ['w1/w1.en.pdf', 'w1/w1.ru.pdf', 'test-forum.en.pdf']) {
      const fonts = await pdfFonts(pdf(rel));
      expect(fonts.filter((f) => !f.embedded || f.type.startsWith('Type 3')), rel).toEqual([]);
      expect(fonts.some((f) => f.name.startsWith('DRFTAA+')), rel).toBe(true);
      expect(new Set(fonts.map((f) => f.name)).size, rel).toBe(fonts.length);
    }
  });

  it('never marks a final note', async () => {
    const final = await marks(pdf('w2/w2.en.pdf'), 'DRAFT');
    expect(final.stamped).toEqual(final.stamped.map(() => false));
    expect(final.worded).toEqual(final.worded.map(() => false));
  });

  it("marks exactly the draft chapter's pages of the combined document, in each language", async () => {
    for (const [lang, word] of [['en', 'DRAFT'], ['ru', 'ПРОЕКТ']] as const) {
      const file = pdf(`test-forum.${lang}.pdf`);
      const dests = await destinationPages(await readFile(file));
      const first = dests.get('w1') as number;
      const next = dests.get(lang === 'en' ? 'w2' : 'contact-directory') as number;
      expect(next - first).toBeGreaterThanOrEqual(2);
      const { stamped, worded } = await marks(file, word);
      const expected = stamped.map((_, i) => i + 1 >= first && i + 1 < next);
      expect(stamped, lang).toEqual(expected);
      expect(worded, lang).toEqual(expected);
    }
  });

  it('says so in the HTML: a notice, and data-draft on the page and on its chapter only', async () => {
    const note = page(await readFile(pdf('w1/w1.en.html'), 'utf8'));
    expect(note.one('main')?.properties['dataDraft']).toBe('');
    expect(note.text('.notice')).toContain('Draft: this document is not final');
    const final = page(await readFile(pdf('w2/w2.en.html'), 'utf8'));
    expect(final.one('main')?.properties['dataDraft']).toBeUndefined();
    expect(final.all('.notice')).toEqual([]);
    const combined = page(await readFile(pdf('test-forum.en.html'), 'utf8'));
    expect(combined.all('.chapter').map((c) => c.properties['dataDraft'])).toEqual(['', undefined]);
    const ru = page(await readFile(pdf('test-forum.ru.html'), 'utf8'));
    expect(ru.text('.chapter .notice')).toContain('Проект: документ не окончательный');
  });

  it('gives the same bytes when built again', async () => {
    const again = await mkdtemp(path.join(tmpdir(), 'notes-drafts-'));
    await runBuild(notes, again, { env: { SOURCE_DATE_EPOCH: '1767225600' }, force: true });
    for (const rel of ['w1/w1.en.pdf', 'w1/w1.ru.pdf', 'test-forum.en.pdf']) {
      expect(await readFile(path.join(again, 'test-forum', rel)), rel).toEqual(await readFile(pdf(rel)));
    }
  }, 120_000);

  it('prints the note again without the mark once it is final, and again with it as a draft (the cache tells them apart)', async () => {
    const dir = await testdir({ 'c/collection.yaml': FORUM_YAML, 'c/w1.md': DRAFT, 'c/w2.md': conceptNote().replace('workshop: 1', 'workshop: 2') });
    const built = await mkdtemp(path.join(tmpdir(), 'notes-drafts-'));
    const build = async (): Promise<number> => {
      const { diagnostics, cached } = await runBuild(dir, built, { env: {} });
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return cached;
    };
    const stampedPages = async (rel: string): Promise<number> => (await marks(path.join(built, 'test-forum', rel), 'DRAFT')).stamped.filter(Boolean).length;
    await build();
    expect(await stampedPages('w1/w1.en.pdf')).toBeGreaterThanOrEqual(2);
    await writeFile(path.join(dir, 'c/w1.md'), DRAFT.replace('draft: true', 'draft: false'));
    // Only the final note's PDF comes from the cache: the draft's and the combined document's are printed again.
    expect(await build()).toBe(1);
    expect(await stampedPages('w1/w1.en.pdf')).toBe(0);
    expect(await stampedPages('test-forum.en.pdf')).toBe(0);
    await writeFile(path.join(dir, 'c/w1.md'), DRAFT);
    await build();
    expect(await stampedPages('w1/w1.en.pdf')).toBeGreaterThanOrEqual(2);
    expect(await stampedPages('test-forum.en.pdf')).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
