import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { fillTocPages } from '../../src/print/print-outputs.js';
import { finishPdf, withId } from '../../src/print/pdf-document.js';
import { createLocale } from '../../src/render/locale.js';
import { cssString, pageCounterContent, pageStyles } from '../../src/render/page-styles.js';

const labels = async (lang: string): Promise<Record<string, string>> =>
  JSON.parse(await readFile(new URL(`../../templates/locales/${lang}.json`, import.meta.url), 'utf8')) as Record<string, string>;

/**
 * Read one CSS string token at the start of `css` as CSS Syntax Level 3 does (§4.3.5 consume a
 * string token, §4.3.7 consume an escaped code point, after §3.3 preprocessing turns CR, FF and
 * CRLF into LF). Returns the string's value and what follows it; throws where a browser would
 * see a bad string (a raw line break) or no closing quote.
 */
function readCssString(css: string): { value: string; rest: string } {
  const input = css.replace(/\r\n|\r|\f/g, '\n');
  const quote = input[0];
  if (quote !== '"' && quote !== "'") throw new Error(`not a string: ${css.slice(0, 20)}`);
  let value = '';
  let i = 1;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === quote) return { value, rest: input.slice(i + 1) };
    if (c === '\n') throw new Error(`bad string: a raw line break at ${i}`);
    if (c === '\\') {
      const next = input[i + 1];
      if (next === undefined) return { value, rest: '' };
      if (next === '\n') {
        i += 2;
        continue;
      }
      const hex = /^[0-9a-fA-F]{1,6}/.exec(input.slice(i + 1));
      if (hex) {
        const code = parseInt(hex[0], 16);
        value += code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
        i += 1 + hex[0].length;
        if (input[i] === ' ' || input[i] === '\t' || input[i] === '\n') i += 1;
        continue;
      }
      value += next;
      i += 2;
      continue;
    }
    value += c;
    i += 1;
  }
  throw new Error('unterminated string');
}

describe('cssString', () => {
  it('quotes plain text as it is', () => {
    expect(cssString('2025 UN Public Service Forum')).toBe('"2025 UN Public Service Forum"');
    expect(cssString('')).toBe('""');
    expect(cssString('Oʻzbekiston — Ўзбекистон')).toBe('"Oʻzbekiston — Ўзбекистон"');
  });

  it('escapes quotes, backslashes, line breaks and angle brackets as hex escapes ended by a space', () => {
    expect(cssString('Say "hi"')).toBe('"Say \\22 hi\\22 "');
    expect(cssString('C:\\notes')).toBe('"C:\\5C notes"');
    expect(cssString('one\ntwo\r\nthree')).toBe('"one\\A two\\D \\A three"');
    expect(cssString('a<b>c')).toBe('"a\\3C b\\3E c"');
    expect(cssString('\u2028\u2029')).toBe('"\\2028 \\2029 "');
  });

  const hostile = [
    'Say "hi"',
    "It's",
    'back\\slash\\',
    '\\22 already escaped',
    'line\nbreak\rand\r\nmore',
    '</style><script>alert(1)</script>',
    '</STYLE >',
    '"; } body { display: none } @page { content: "',
    'ends in a backslash \\',
    '"abc',
    '" a',
    'a\u2028b\u2029c',
    'ﷺ اللغة العربية 中文 ✓',
    'form\ffeed, tab\t and del\u007f',
  ];

  it.each(hostile)('reads back as the same text in CSS, in one string token: %j', (text) => {
    const css = cssString(text);
    const { value, rest } = readCssString(css);
    expect(value).toBe(text);
    expect(rest).toBe('');
  });

  it.each(hostile)('never lets "</style" or a raw < > " \\ or control character into the literal: %j', (text) => {
    const inner = cssString(text).slice(1, -1);
    expect(inner).not.toMatch(/[<>"\u0000-\u001f\u007f\u2028\u2029]/);
    expect(inner.replace(/\\[0-9A-F]{1,6} /g, '')).not.toContain('\\');
    expect(`<style>@page { @top-left { content: ${cssString(text)}; } }</style>`.toLowerCase().split('</style').length).toBe(2);
  });

  // Regression (fixed in 19675eb): a form feed (U+000C) is a line break to CSS (§3.3
  // preprocessing) but cssString left it raw, so the string ended there as a bad string and the
  // rest of the text was read as CSS: a collection shortName "Test\f} …" dropped the running
  // header and "Page X of Y" from every PDF, and the text after \f could write rules.
  it('escapes a form feed too, so the text after it stays inside the string', () => {
    const text = 'Test\f} p { color: red } x {';
    const { value, rest } = readCssString(cssString(text));
    expect(value).toBe(text);
    expect(rest).toBe('');
  });
});

describe('pageCounterContent', () => {
  it('builds "Page " counter(page) " of " counter(pages) from the English label', async () => {
    expect(pageCounterContent(createLocale('en', await labels('en')))).toBe('"Page " counter(page) " of " counter(pages)');
  });

  it('follows each language’s label, leaving out empty strings where a counter opens or closes it', async () => {
    expect(pageCounterContent(createLocale('uz-Latn', await labels('uz-Latn')))).toBe('counter(page) "-bet, jami " counter(pages) " bet"');
    expect(pageCounterContent(createLocale('zh', await labels('zh')))).toBe('"第" counter(page) "页，共" counter(pages) "页"');
    expect(pageCounterContent(createLocale('x', { pageXofY: '{page}/{pages}' }))).toBe('counter(page) "/" counter(pages)');
  });

  it('escapes what a translator writes around the counters', () => {
    expect(pageCounterContent(createLocale('x', { pageXofY: 'Page "{page}" </style> {pages}' }))).toBe('"Page \\22 " counter(page) "\\22  \\3C /style\\3E  " counter(pages)');
  });
});

describe('pageStyles', () => {
  it('puts the collection left, the document right and the page counter below, with no header on the first page', async () => {
    const css = pageStyles(createLocale('en', await labels('en')), '2025 UN Public Service Forum', 'Workshop 7: Concept Note');
    expect(css).toContain('@top-left { content: "2025 UN Public Service Forum";');
    expect(css).toContain('@top-right { content: "Workshop 7: Concept Note";');
    expect(css).toContain('@bottom-center { content: "Page " counter(page) " of " counter(pages);');
    expect(css).toMatch(/@page :first \{\s*@top-left \{ content: ""; \}\s*@top-right \{ content: ""; \}\s*\}/);
    expect(css).toMatch(/@page cover \{\s*@bottom-center \{ content: ""; \}\s*\}/);
  });

  it('mirrors the header for right-to-left editions', () => {
    const css = pageStyles(createLocale('ar', { pageXofY: 'الصفحة {page} من {pages}' }), 'المنتدى', 'الوثيقة');
    expect(css).toContain('@top-right { content: "المنتدى";');
    expect(css).toMatch(/@top-left \{ content: "الوثيقة";[^}]*text-align: left;/);
  });

  it('cannot be closed early by a title', () => {
    const css = pageStyles(createLocale('en', { pageXofY: 'Page {page} of {pages}' }), '</style><script>x()</script>', 'A "title" \\ with\nbreaks');
    expect(css.toLowerCase()).not.toContain('</style');
    expect(css).not.toContain('<script');
    expect(css).toContain('@top-right { content: "A \\22 title\\22  \\5C  with\\A breaks";');
  });
});

describe('fillTocPages', () => {
  const entry = (id: string, page = ''): string => `<span class="toc-page" data-toc-target="${id}">${page}</span>`;
  const toc = `<nav class="toc"><ol>
<li><a href="#workshop-1">Workshop 1</a>${entry('workshop-1')}</li>
<li><a href="#workshop-2">Workshop 2</a>${entry('workshop-2')}</li>
<li><a href="#contact-directory">Contact directory</a>${entry('contact-directory')}</li>
</ol></nav>`;

  it('writes each chapter’s first page into its contents entry', () => {
    const pages = new Map([
      ['workshop-1', 4],
      ['workshop-2', 9],
      ['contact-directory', 17],
    ]);
    expect(fillTocPages(toc, pages)).toBe(
      toc.replace(entry('workshop-1'), entry('workshop-1', '4')).replace(entry('workshop-2'), entry('workshop-2', '9')).replace(entry('contact-directory'), entry('contact-directory', '17')),
    );
  });

  it('leaves an entry empty when its chapter has no known page, and touches nothing else', () => {
    const html = `<p data-toc-target="workshop-1"></p><span class="toc-page"></span>${toc}<span class="toc-page" data-toc-target="workshop-2">9</span>`;
    const filled = fillTocPages(html, new Map([['workshop-1', 3], ['workshop-2', 5]]));
    expect(filled).toBe(
      `<p data-toc-target="workshop-1"></p><span class="toc-page"></span>${toc.replace(entry('workshop-1'), entry('workshop-1', '3')).replace(entry('workshop-2'), entry('workshop-2', '5'))}<span class="toc-page" data-toc-target="workshop-2">9</span>`,
    );
    expect(fillTocPages(toc, new Map())).toBe(toc);
  });

  it('matches ids exactly (workshop-1 is not workshop-10)', () => {
    const html = entry('workshop-1') + entry('workshop-10');
    expect(fillTocPages(html, new Map([['workshop-10', 12]]))).toBe(entry('workshop-1') + entry('workshop-10', '12'));
  });
});

describe('finishPdf: the document ID', () => {
  const meta = { title: 'T', author: 'A', subject: 'S', keywords: ['k'], lang: 'en', creator: 'notes', producer: 'notes', date: new Date(Date.UTC(2025, 5, 23)) };
  const printed = async (): Promise<Uint8Array> => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).drawText('Hello');
    return doc.save({ useObjectStreams: false });
  };

  it('is the hash of the finished file with a blank ID, written in one save', async () => {
    const finished = await finishPdf(await printed(), meta);
    const text = Buffer.from(finished).toString('latin1');
    const match = /\/ID \[ <([0-9a-f]{32})> <([0-9a-f]{32})> \]/.exec(text);
    expect(match?.[1]).toBeDefined();
    expect(match?.[1]).toBe(match?.[2]);
    expect(match?.[1]).not.toBe('0'.repeat(32));
    const blank = Buffer.from(text.replace(`<${match?.[1]}> <${match?.[1]}>`, `<${'0'.repeat(32)}> <${'0'.repeat(32)}>`), 'latin1');
    expect(createHash('sha256').update(blank).digest('hex').slice(0, 32)).toBe(match?.[1]);
    // The same input gives the same bytes.
    expect(Buffer.from(await finishPdf(await printed(), meta)).equals(Buffer.from(finished))).toBe(true);
    expect((await PDFDocument.load(finished)).getTitle()).toBe('T');
  });

  it('refuses a file whose trailer has no blank ID instead of writing into the wrong bytes', () => {
    expect(() => withId(new Uint8Array(Buffer.from('%PDF-1.7\ntrailer\n<< /Size 1 >>\n%%EOF', 'latin1')), 'a'.repeat(32))).toThrow(/no blank document ID/);
  });
});
