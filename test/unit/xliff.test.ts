import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readXliff, writeXliff } from '../../src/translate/xliff.js';
import { runCli } from '../helpers/cli.js';

/** A copy of the sample notes to work on. */
async function sample(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'notes-xliff-'));
  await cp('notes', path.join(dir, 'notes'), { recursive: true });
  return path.join(dir, 'notes');
}

async function exportW7(notes: string): Promise<string> {
  const result = await runCli(['translate', 'export', path.join(notes, 'unpsf-2025/workshop-7.md'), '--lang', 'uz-Latn', '--notes', notes]);
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('XLIFF 1.2', () => {
  it('escapes and reads back every character, markup included', () => {
    const text = writeXliff(
      { original: 'c/n.md', sourceLanguage: 'en', targetLanguage: 'uz-Latn', units: [{ id: 'body.0', source: 'A & B <b>"x"</b> [^2]', target: 'Aʻ & B', state: 'translated', translate: true, note: 'Intro' }] },
      { name: 'notes', version: '1' },
    );
    expect(text).toContain('<source>A &amp; B &lt;b&gt;&quot;x&quot;&lt;/b&gt; [^2]</source>');
    expect(readXliff(text).units).toEqual([{ id: 'body.0', source: 'A & B <b>"x"</b> [^2]', target: 'Aʻ & B', state: 'translated', translate: true, line: 6 }]);
  });

  it('exports one unit per segment with its heading path, the facts as translate="no"', async () => {
    const notes = await sample();
    const xliff = readXliff(await exportW7(notes));
    expect(xliff).toMatchObject({ original: 'unpsf-2025/workshop-7.md', sourceLanguage: 'en', targetLanguage: 'uz-Latn' });
    const units = xliff.units.filter((u) => u.translate);
    expect(units).toHaveLength(42);
    expect(units.find((u) => u.id === 'body.4')).toMatchObject({ state: 'translated', source: expect.stringMatching(/^This workshop seeks to explore/) as unknown, target: expect.stringMatching(/^Seminar innovatsion texnologiyalar/) as unknown });
    expect(xliff.units.filter((u) => !u.translate).map((u) => u.id)).toEqual(expect.arrayContaining(['fact.workshop', 'fact.sessions.0.minutes', 'fact.contacts.0.email']));
    const raw = await exportW7(notes);
    expect(raw).toContain('<trans-unit id="fact.sessions.0.minutes" resname="fact.sessions.0.minutes" xml:space="preserve" translate="no">');
    expect(raw).toContain('<note>Structure › Session 2: Panel Discussion</note>');
  });

  it('round trip: translating one unit and importing changes exactly that unit', async () => {
    const notes = await sample();
    const edition = path.join(notes, 'unpsf-2025/workshop-7.uz-Latn.md');
    const before = await readFile(edition, 'utf8');
    const xliff = await exportW7(notes);
    const old = 'Interaktiv savol-javob, ishtirokchilarning fikr-mulohazalari, keyingi qadamlar va asosiy xulosalarning qisqacha bayoni.';
    const now = 'Interaktiv savol-javob, ishtirokchilar fikrlari hamda keyingi qadamlar va asosiy xulosalar haqida qisqacha maʼlumot.';
    expect(xliff).toContain(`<target state="translated">${old}</target>`);
    const file = path.join(path.dirname(notes), 'w7.xlf');
    await writeFile(file, xliff.replace(`<target state="translated">${old}</target>`, `<target state="translated">${now}</target>`));
    const result = await runCli(['translate', 'import', file, '--notes', notes]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 unit updated');
    expect(await readFile(edition, 'utf8')).toBe(before.replace(old, now));
  });

  it('refuses a unit whose Markdown does not match its source, and leaves the edition as it was', async () => {
    const notes = await sample();
    const edition = path.join(notes, 'unpsf-2025/workshop-7.uz-Latn.md');
    const before = await readFile(edition, 'utf8');
    const xliff = await exportW7(notes);
    const file = path.join(path.dirname(notes), 'bad.xlf');
    await writeFile(file, xliff.replace('<target state="translated">**Davlat boshqaruvida ilgʻor texnologiyalar:**', '<target state="translated">Davlat boshqaruvida ilgʻor texnologiyalar:'));
    const result = await runCli(['translate', 'import', file, '--notes', notes]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unit body.8 was not imported: its Markdown does not match the source's (missing ** ×2)");
    expect(await readFile(edition, 'utf8')).toBe(before);
  });

  it('marks units whose source changed needs-review-translation, and an import records the new source', async () => {
    const notes = await sample();
    const source = path.join(notes, 'unpsf-2025/workshop-7.md');
    await writeFile(source, (await readFile(source, 'utf8')).replace('followed by a keynote address', 'followed by two keynote addresses'));
    const xliff = await exportW7(notes);
    const stale = readXliff(xliff).units.filter((u) => u.state === 'needs-review-translation');
    expect(stale).toHaveLength(1);
    // The old source is kept beside the new one, with the translation made from it.
    expect(xliff).toContain(
      '<alt-trans origin="previous-source">\n          <source>Welcome and framing remarks by high-level representatives, followed by a keynote address from an international innovation leader.</source>\n          <target>Yuqori martabali vakillarning tabrik va kirish soʻzlari, soʻngra innovatsiyalar sohasidagi xalqaro yetakchining asosiy maʼruzasi.</target>\n        </alt-trans>',
    );
    expect(stale[0]?.source).toBe('Welcome and framing remarks by high-level representatives, followed by two keynote addresses from an international innovation leader.');
    const status = await runCli(['translate', 'status', '--notes', notes]);
    // Both Uzbek editions were made from the old paragraph: both name it, by its heading.
    for (const lang of ['uz-Cyrl', 'uz-Latn']) {
      expect(status.stdout).toContain(`unpsf-2025/workshop-7.md  ${lang}  stale: 1 segment changed (translated)  unpsf-2025/workshop-7.${lang}.md\n    Structure › Session 1: Opening Remarks & Keynote Speech\n`);
    }
    // The translator revises the unit and marks it translated; the edition is up to date again.
    const file = path.join(path.dirname(notes), 'w7.xlf');
    await writeFile(
      file,
      xliff.replace(
        /<target state="needs-review-translation">[^<]*<\/target>/,
        '<target state="translated">Yuqori martabali vakillarning tabrik va kirish soʻzlari, soʻngra innovatsiyalar sohasidagi xalqaro yetakchilarning ikkita asosiy maʼruzasi.</target>',
      ),
    );
    expect((await runCli(['translate', 'import', file, '--notes', notes])).code).toBe(0);
    const after = await runCli(['translate', 'status', '--notes', notes]);
    expect(after.stdout).toContain('unpsf-2025/workshop-7.md  uz-Latn  up to date (translated)');
    // …and the snapshot now holds the new source, so a new export has no old source to show.
    const snapshot = JSON.parse(await readFile(path.join(notes, 'unpsf-2025/.translations/workshop-7.uz-Latn.json'), 'utf8')) as Record<string, string>;
    expect(Object.values(snapshot)).toContain('Welcome and framing remarks by high-level representatives, followed by two keynote addresses from an international innovation leader.');
    expect(await exportW7(notes)).not.toContain('<alt-trans');
  });

  it('says clearly when the file is not XLIFF 1.2', async () => {
    const notes = await sample();
    const file = path.join(path.dirname(notes), 'x.xlf');
    await writeFile(file, '<?xml version="1.0"?><xliff version="2.0"><file/></xliff>');
    const result = await runCli(['translate', 'import', file, '--notes', notes]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('XLIFF version 2.0 is not supported; export XLIFF 1.2');
  });
});
