import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { expect } from 'vitest';
import { filesBelow } from './invariants.js';
import { evil, type CaseContext, type CaseResult, type HostileCase } from './cases.js';

// Hostile cases of one class (names that become links or output files, and names that crash the build), run by hostile.test.ts with the same invariants as every case.

interface JsonDiagnostic {
  file: string;
  line: number | null;
  ruleId: string;
  message: string;
}

/** The diagnostics a build printed (--format json). */
function diagnostics(result: CaseResult): JsonDiagnostic[] {
  return JSON.parse(result.stdout) as JsonDiagnostic[];
}

/**
 * That `rule` was reported at line `line` of `rel` (relative to the notes folder), compared as a
 * string: names with parentheses and percent signs cannot be matched by the runner's pattern.
 */
function reportedAt(result: CaseResult, rule: string, rel: string, line: number | null = 1): void {
  const found = diagnostics(result).filter((d) => d.ruleId === rule && d.file.endsWith(`notes/${rel}`));
  expect(found.map((d) => d.line), JSON.stringify(diagnostics(result), null, 1)).toContain(line);
}

/** The schemes a page may link to: the web, mail; else an in-page or relative link. */
const SAFE_HREF = /^(https?:|mailto:|#)|^(?![^/?#]*:)/i;

/**
 * Every page under out/ parsed: no link target starts with any scheme but http, https and mailto
 * (images: also the data: URLs the tool makes), and no name or id from a note is left bare.
 */
async function pagesAreSafe(out: string): Promise<void> {
  for (const file of (await filesBelow(out)).filter((f) => f.endsWith('.html'))) {
    const tree = fromHtml(await readFile(file, 'utf8'));
    visit(tree, 'element', (node: Element) => {
      for (const key of ['href', 'src', 'action', 'formAction', 'cite', 'poster', 'background']) {
        const value = node.properties[key];
        if (typeof value !== 'string') continue;
        const allowed = key === 'src' && node.tagName === 'img' ? /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,/.test(value) || SAFE_HREF.test(value) : SAFE_HREF.test(value);
        expect(allowed, `${path.relative(out, file)}: <${node.tagName} ${key}="${value.slice(0, 80)}">`).toBe(true);
      }
    });
  }
}

/** Every relative link of every index page under out/ leads to a file that exists. */
async function indexLinksResolve(out: string): Promise<string[]> {
  const seen: string[] = [];
  for (const file of (await filesBelow(out)).filter((f) => f.endsWith('index.html'))) {
    visit(fromHtml(await readFile(file, 'utf8')), 'element', (node: Element) => {
      const href = node.properties['href'];
      if (node.tagName !== 'a' || typeof href !== 'string' || /^(#|[a-z]+:)/i.test(href)) return;
      const target = path.join(path.dirname(file), ...href.split('/').map(decodeURIComponent));
      expect(existsSync(target), `${path.relative(out, file)} links ${href}`).toBe(true);
      seen.push(href);
    });
  }
  return seen;
}

/** The elements of a note's page body that carry an id or a name. */
function named(html: string): { tag: string; key: string; value: string }[] {
  const found: { tag: string; key: string; value: string }[] = [];
  const tree: Root = fromHtml(html);
  visit(tree, 'element', (node: Element) => {
    for (const key of ['id', 'name']) {
      const value = node.properties[key];
      if (value !== undefined && value !== null) found.push({ tag: node.tagName, key, value: String(value) });
    }
  });
  return found;
}

/**
 * A valid PNG of `side`×`side` random pixels, padded with a private chunk (which viewers skip) to
 * about `bytes` bytes: heavy to inline, light to print.
 */
export function png(bytes: number, side = 16): Uint8Array {
  const row = 1 + side * 3;
  const raw = Buffer.alloc(row * side);
  for (let y = 0; y < side; y++) randomBytes(side * 3).copy(raw, y * row + 1);
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const image = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw))];
  const used = image.reduce((n, b) => n + b.length, 0) + 12 + 12;
  return Buffer.concat([...image, chunk('prVt', randomBytes(Math.max(0, bytes - used))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A collection of its own, beside the test forum, with this id. */
const collectionYaml = (id: string): string => `id: ${id}\ntype: forum\nname: Other\ndates:\n  start: 2025-06-23\n  end: 2025-06-25\nvenue:\n  city: Samarkand\n  country: Uzbekistan\norganisers:\n  - name: X\nlanguages: [en]\n`;

/** The cases of this class. */
export function namesCases(ctx: CaseContext): HostileCase[] {
  void ctx;
  const note = evil();

  /** A note whose file name cannot become an output name: reported at line 1, never built, no link to it. */
  const unsafe = (label: string, name: string): HostileCase => ({
    name: `a note named ${JSON.stringify(name)} (${label}) is name-unsafe and reaches no page`,
    files: { [`c/${name}`]: note },
    expect: [],
    check: async (result) => {
      reportedAt(result, 'name-unsafe', `c/${name}`);
      await pagesAreSafe(result.out);
      await indexLinksResolve(result.out);
      // Nothing was made of it: every output is the valid note's, or the collection's own.
      const made = (await filesBelow(result.out)).map((f) => path.relative(result.out, f));
      expect(made.filter((f) => !/^(index\.html|\.notes-[^/]+\/.*|test-forum\/(index\.html|manifest\.json|test-forum\.en\.(html|pdf)|good\/.*))$/.test(f))).toEqual([]);
    },
  });

  /** A note whose name is unusual but safe: it builds, and the index links to it by its encoded name. */
  const allowed = (label: string, name: string): HostileCase => ({
    name: `a note named ${JSON.stringify(name)} (${label}) builds, and is linked by its encoded name`,
    files: { [`c/${name}`]: note },
    expect: [],
    check: async (result) => {
      expect(diagnostics(result).filter((d) => d.ruleId === 'name-unsafe')).toEqual([]);
      const slug = name.replace(/\.md$/, '');
      expect(existsSync(path.join(result.out, 'test-forum', slug, `${slug}.en.html`))).toBe(true);
      expect(existsSync(path.join(result.out, 'test-forum', slug, `${slug}.en.pdf`))).toBe(true);
      const hrefs = await indexLinksResolve(result.out);
      const encoded = encodeURIComponent(slug).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      expect(hrefs).toContain(`${encoded}/${encoded}.en.html`);
      await pagesAreSafe(result.out);
    },
  });

  /** A note whose page uses raw HTML names and ids: each is prefixed, none clobbers the document. */
  const clobber = (label: string, html: string, expect2: HostileCase['expect'] = []): HostileCase => ({
    name: `raw HTML ${label} cannot clobber the page's document`,
    files: { [`c/evil.md`]: evil({ body: `${html}\n\nSee [the mark](#cookie) and a footnote.[^1]\n\n### A heading\n\n[^1]: The footnote.` }) },
    expect: expect2,
    check: async (result) => {
      const html = (await result.html()) as string;
      const article = html.slice(html.indexOf('<div class="body">'), html.indexOf('</article>'));
      const names = named(article);
      for (const n of names) expect(n.value, `<${n.tag} ${n.key}>`).toMatch(/^evil-/);
      expect(names.some((n) => n.key === 'id' && n.value.startsWith('evil--fn')), 'footnote ids').toBe(true);
      // Every in-page link of the page still leads to an id or a name on it.
      const all = named(html).map((n) => n.value);
      visit(fromHtml(html), 'element', (node: Element) => {
        const href = node.properties['href'];
        if (typeof href === 'string' && href.startsWith('#')) expect(all, href).toContain(decodeURIComponent(href.slice(1)));
      });
      await pagesAreSafe(result.out);
    },
  });

  return [
    // ── A note's file name reaches a page as a link target ──────────────────────────────────
    unsafe('the issue: a javascript: URL', 'javascript:alert(7)%2F%2F.md'),
    unsafe('a vbscript: URL', 'vbscript:x.md'),
    unsafe('a data: URL', 'data:text.md'),
    unsafe('a scheme in mixed case', 'JaVaScRiPt:alert(1).md'),
    unsafe('percent-encoded dots', '%2e%2e.md'),
    unsafe('a query', 'a?b=1.md'),
    unsafe('a fragment', 'a#b.md'),
    unsafe('a backslash', 'a\\b.md'),
    unsafe('a control character', 'a\u0007b.md'),
    unsafe('a right-to-left override', 'evil\u202Egpj.md'),
    unsafe('a leading dash', '-rf.md'),
    // Names the collection's own files have: the note's pack would take their place.
    unsafe("the collection index's name", 'index.html.md'),
    unsafe("the manifest's name", 'manifest.json.md'),
    unsafe("the combined document's name", 'test-forum.en.html.md'),
    unsafe("an archive's name", 'good.zip.md'),
    // Longer than file systems allow once the outputs add to it.
    unsafe('250 ASCII characters', `${'a'.repeat(250)}.md`),
    unsafe('125 Cyrillic letters (250 bytes)', `${'ж'.repeat(125)}.md`),
    unsafe('84 Chinese characters (252 bytes)', `${'会'.repeat(84)}.md`),
    // Unusual but safe: built, and linked by an encoded href.
    allowed('Cyrillic', 'семинар-1.md'),
    allowed('a space', 'Seminar 1.md'),
    allowed('Arabic', 'ورشة عمل.md'),
    allowed('Chinese and an apostrophe', "会议 (O'Neil).md"),
    allowed('150 bytes, the longest name', `${'b'.repeat(150)}.md`),
    allowed("the collection's own id", 'test-forum.md'),
    {
      name: 'two notes whose names differ only in case: the second is name-unsafe, the first builds',
      files: { 'c/sub/Good.md': note },
      expect: [{ rule: 'name-unsafe', file: 'c/sub/Good.md', line: 1 }],
      check: async (result) => {
        expect(existsSync(path.join(result.out, 'test-forum/Good'))).toBe(false);
        await pagesAreSafe(result.out);
      },
    },
    {
      name: 'two notes whose names differ only in Unicode normalisation: the second is name-unsafe',
      files: { 'c/cafe\u0301.md': note, 'c/caf\u00e9.md': note.replace('workshop: 2', 'workshop: 3') },
      expect: [{ rule: 'name-unsafe', file: 'c/caf\u00e9.md', line: 1 }],
      check: async (result) => {
        expect(existsSync(path.join(result.out, 'test-forum/cafe\u0301/cafe\u0301.en.html'))).toBe(true);
        expect(existsSync(path.join(result.out, 'test-forum/caf\u00e9'))).toBe(false);
      },
    },
    {
      name: 'two notes whose names differ only by a space and an underscore (one id in the combined document)',
      files: { 'c/Seminar 1.md': note, 'c/Seminar_1.md': note.replace('workshop: 2', 'workshop: 3') },
      expect: [{ rule: 'name-unsafe', file: 'c/Seminar_1.md', line: 1 }],
    },
    {
      name: 'a 250-character collection id is an error at its line, and the other collection builds',
      files: { 'd/collection.yaml': collectionYaml('x'.repeat(250)), 'd/n.md': note.replace('forum: test-forum', `forum: ${'x'.repeat(250)}`) },
      expect: [{ rule: 'schema-value', file: 'd/collection.yaml', at: 'id:' }],
      check: async (result) => {
        expect((await filesBelow(result.out)).some((f) => f.includes('xxxxxxxx'))).toBe(false);
        await pagesAreSafe(result.out);
      },
    },
    {
      name: 'a 65-character collection id is an error at its line too',
      files: { 'd/collection.yaml': collectionYaml('y'.repeat(65)) },
      expect: [{ rule: 'schema-value', file: 'd/collection.yaml', at: 'id:' }],
    },

    // ── Raw HTML names and ids that clobber the document ────────────────────────────────────
    clobber('<img name="currentScript">', '<img name="currentScript" src="https://un.org/x.png" alt="x">\n\n<a name="cookie">mark</a>'),
    clobber('<a name="cookie"> and id="body"', '<a name="cookie">mark</a> <span id="body">b</span> <p id="location">l</p>'),
    clobber('<img name="getElementById"> and <input name="forms">', '<a name="cookie">m</a><img name="getElementById" alt="x" src="https://un.org/y.png"><input type="checkbox" name="forms" disabled>'),
    clobber('<form name="x">', '<a name="cookie">m</a>\n\n<form name="domain"><input name="title"></form>', [{ rule: 'html-removed', at: '<form' }]),

    // ── Names and references that crashed the build ────────────────────────────────────────
    {
      name: 'folders nested 200 deep: limit-exceeded at the 33rd, and the rest builds',
      files: { [`deep/${'a/'.repeat(199)}n.md`]: note },
      expect: [{ rule: 'limit-exceeded', file: `deep/${'a/'.repeat(31)}a` }],
    },
    {
      // Before, the page was 2,100 copies of the image's data: URL (2.9 GB, past what a string holds).
      name: 'one 1 MB image shown 2,100 times is inlined once',
      files: { 'c/evil.md': evil({ body: Array.from({ length: 2100 }, () => '![a chart](chart.png)').join('\n\n') }), 'c/chart.png': png(1 << 20) },
      expect: [],
      check: async (result) => {
        const html = (await result.html()) as string;
        expect(html.length).toBeLessThan(4 << 20);
        expect(html.match(/data:image\/png;base64,/g)?.length).toBe(1);
        expect(html.match(/<img [^>]*alt="a chart"/g)?.length).toBe(2100);
        expect(existsSync(path.join(result.out, 'test-forum/evil/evil.en.pdf'))).toBe(true);
        const combined = await readFile(path.join(result.out, 'test-forum/test-forum.en.html'), 'utf8');
        expect(combined.length).toBeLessThan(4 << 20);
      },
    },
  ];
}
