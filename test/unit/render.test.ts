import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { createParser } from '../../src/parse/parse.js';
import { resolveLocal } from '../../src/model/links.js';
import { createBodyProcessor, renderBody } from '../../src/render/markdown.js';
import { createLocale, formatDate, formatDateRange, formatMonthRange, joinList } from '../../src/render/locale.js';
import { organisationName, organisedBy } from '../../src/render/view.js';
import { toHtml } from 'hast-util-to-html';

const parser = createParser();
const processor = createBodyProcessor({ footnotes: 'Notes', backToContent: (n) => `Back to reference ${n}` });

function body(markdown: string, sessions: { title: string; minutes?: number }[] = []): string {
  const file = new VFile({ path: 'n.md', value: markdown });
  const tree = parser.parse(file) as Root;
  return toHtml(
    renderBody(processor, tree, file, {
      prefix: 'n--',
      titleId: 'n-title',
      sessions,
      duration: (m) => `${m} minutes`,
      from: 'c/n.md',
      assets: new Map([['c/logo.png', { bytes: new Uint8Array([137, 80, 78, 71]), type: 'image/png' }]]),
    }),
  );
}

describe('the body renderer', () => {
  it('leaves the Markdown tree as it found it (it is not copied first), so rendering twice gives the same page', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const name of ['unpsf-2025/workshop-7.md', 'unpsf-2025/workshop-2.md', 'desa-dpidg/omnichannel-service-delivery.md']) {
      const file = new VFile({ path: name, value: await readFile(`notes/${name}`, 'utf8') });
      const tree = parser.parse(file) as Root;
      const before = JSON.stringify(tree);
      const render = (): string =>
        toHtml(renderBody(processor, tree, file, { prefix: 'n--', titleId: 'n-title', sessions: [], duration: (m) => `${m} minutes`, from: name, assets: new Map() }));
      const first = render();
      expect(JSON.stringify(tree)).toBe(before);
      expect(render()).toBe(first);
    }
  });

  it('removes scripts, frames, event handlers and javascript: links from raw HTML', () => {
    const html = body(
      [
        '## A',
        '',
        '<script>alert(1)</script>',
        '',
        '<iframe src="https://example.org"></iframe>',
        '',
        '<img src="x.png" onerror="alert(1)" alt="x">',
        '',
        '[click](javascript:alert(1)) <a href="JaVaScRiPt:alert(1)">x</a>',
        '',
        '<p style="background:url(http://127.0.0.1/)">styled</p>',
      ].join('\n'),
    );
    expect(html).not.toMatch(/<script|<iframe|onerror|javascript:|style=/i);
    expect(html).toContain('styled');
  });

  it('keeps harmless raw HTML such as <sup> and <br>', () => {
    expect(body('## A\n\nE = mc<sup>2</sup><br>next')).toContain('<sup>2</sup><br>');
  });

  it('wraps each ## section, labelled by its heading and the title, and ends a section at ---', () => {
    const html = body('## One\n\nText.\n\n## Two\n\nMore.\n\n---\n\nAfter.');
    expect(html).toContain('<section aria-labelledby="n--one n-title"><h2 id="n--one">One</h2>');
    expect(html).toMatch(/<\/section>\n?<hr>\n?<p>After\.<\/p>$/);
  });

  it('prints session minutes from the front matter in the session heading', () => {
    const html = body('## Structure\n\n### Session 1: Opening\n\nText.', [{ title: 'Opening', minutes: 20 }]);
    expect(html).toContain('<h3 id="n--session-1-opening" class="session-heading">Session 1: Opening <span class="duration">(20 minutes)</span></h3>');
  });

  it('prefixes every id and in-page link, footnotes included', () => {
    const html = body('## A\n\nText[^1].\n\n[^1]: See <https://un.org>.');
    expect(html).toContain('href="#n--fn-1"');
    expect(html).toContain('id="n--fnref-1"');
    expect(html).toContain('id="n--fn-1"');
    expect(html).not.toMatch(/id="(?!n-)/);
  });

  // Found by the fuzz tests: decodeURIComponent threw URIError on these, and the build crashed.
  it('keeps in-page links with a malformed escape as written', () => {
    for (const href of ['#%zz', '#%', '#%E0%A4%A']) {
      expect(body(`## A\n\n[x](${href}) and <a href="${href}">y</a>`)).toContain(`href="${href}"`);
    }
  });

  // Found by the fuzz tests: GitHub's schema keeps <source srcset> without checking its scheme.
  it('drops srcset, action and longdesc, whose addresses the sanitizer does not check', () => {
    const html = body('## A\n\n<picture><source srcset="file:///etc/passwd 1x, javascript:alert(1)"><img src="https://un.org/x.png" alt="x" longdesc="javascript:alert(1)"></picture>\n\n<p action="javascript:alert(1)">p</p>');
    expect(html).not.toMatch(/srcset|action=|longdesc|passwd|javascript/i);
    expect(html).toContain('<picture><source><img src="https://un.org/x.png" alt="x"></picture>');
  });

  it('embeds local images as data: URLs and drops the src of images outside the notes folder', () => {
    const html = body('## A\n\n![Logo](logo.png) ![Passwords](../../etc/passwd.png)');
    expect(html).toContain('src="data:image/png;base64,iVBORw=="');
    expect(html).toContain('<img alt="Passwords">');
  });

  // Issue 12: the body processor keeps raw HTML's names (its clobber prefix is off, so in-page
  // links keep working): `<img name="currentScript">` shadowed document.currentScript.
  it('prefixes every name of raw HTML as it prefixes ids, and links to an <a name> follow', () => {
    const html = body('## A\n\n<img name="currentScript" src="https://un.org/x.png" alt="x"> <a name="cookie">mark</a> <span id="body">b</span> <input type="checkbox" name="forms" disabled>\n\n[to the mark](#cookie)');
    expect(html).toContain('name="n--currentScript"');
    expect(html).toContain('<a name="n--cookie">mark</a>');
    expect(html).toContain('id="n--body"');
    expect(html).toContain('name="n--forms"');
    expect(html).toContain('href="#n--cookie"');
    expect(html).not.toMatch(/(name|id)="(?!n-)/);
    expect(html).not.toMatch(/<form/);
  });

  it('prefixes names and ids even when no prefix is given', () => {
    const file = new VFile({ path: 'n.md', value: '<img name="currentScript" alt="x">' });
    const html = toHtml(renderBody(processor, parser.parse(file) as Root, file, { prefix: '', titleId: 't', sessions: [], duration: String, from: 'c/n.md', assets: new Map() }));
    expect(html).toContain('name="user-content-currentScript"');
  });

  // Issue 12: a 1 MB image shown 2,100 times made a page of 2.9 GB ("Invalid string length").
  it('inlines an image shown many times once, in a style its <img>s share', () => {
    const html = body(`## A\n\n${Array.from({ length: 50 }, () => '![Logo](logo.png)').join('\n\n')}\n\n![Once](other.png)`);
    expect(html.match(/data:image\/png;base64,iVBORw==/g)).toHaveLength(1);
    expect(html).toContain('<style>img.notes-n--image-1{content:url("data:image/png;base64,iVBORw==")}</style>');
    expect(html.match(/<img alt="Logo" class="notes-n--image-1">/g)).toHaveLength(50);
  });
});

describe('paths in notes', () => {
  it.each([
    ['https://un.org', 'external'],
    ['mailto:a@un.org', 'external'],
    ['#top', 'anchor'],
    ['logo.png', 'local'],
    ['file:///etc/passwd', 'forbidden'],
    ['javascript:alert(1)', 'forbidden'],
    [' java\tscript:alert(1)', 'forbidden'],
    ['data:text/html,x', 'forbidden'],
    ['../../etc/passwd', 'forbidden'],
    ['%2e%2e/%2e%2e/etc/passwd', 'forbidden'],
    ['\\\\localhost\\c$', 'forbidden'],
    ['//169.254.169.254/', 'forbidden'],
    ['/etc/passwd', 'forbidden'],
  ])('%s is %s', (url, kind) => {
    expect(resolveLocal('c/n.md', url).kind).toBe(kind);
  });
});

describe('dates and lists in English editions', () => {
  it('writes UN-style dates', () => {
    expect(formatDate('en', '2024-04-22')).toBe('22 April 2024');
    expect(formatDateRange('en', { start: '2025-06-23', end: '2025-06-25' })).toBe('23–25 June 2025');
    expect(formatDateRange('en', { start: '2025-06-30', end: '2025-07-02' })).toBe('30 June – 2 July 2025');
    expect(formatMonthRange('en', { start: '2025-03', end: '2027-03' })).toBe('March 2025 – March 2027');
    expect(joinList('en', ['A', 'B', 'C'])).toBe('A, B and C');
  });

  it('names organisers with their abbreviation and the bodies they belong to', () => {
    const locale = createLocale('en', { organisedBy: 'Organised by {lead}', organisedWith: 'Organised by {lead} in collaboration with {partners}' });
    expect(organisationName({ name: 'Digital Government Branch', abbreviation: 'DGB', partOf: ['UN DESA'] })).toBe('Digital Government Branch (DGB) / UN DESA');
    expect(organisedBy(locale, [{ name: 'A' }, { name: 'B', role: 'partner' }])).toBe('Organised by A in collaboration with B');
  });
});

describe('a contact mailto: link', () => {
  it('keeps an ordinary address as it is, and encodes whatever would add a recipient or a header', async () => {
    const { mailtoHref } = await import('../../src/render/templates.js');
    expect(mailtoHref('ada@un.org')).toBe('mailto:ada@un.org');
    expect(mailtoHref("o'brien+tag@sub.un.org")).toBe("mailto:o'brien+tag@sub.un.org");
    expect(mailtoHref('ada?cc=attacker@evil.example')).toBe('mailto:ada%3Fcc%3Dattacker@evil.example');
    expect(mailtoHref('a&bcc=x@b.org')).toBe('mailto:a%26bcc%3Dx@b.org');
    expect(mailtoHref('a%0Abcc:x@b.org')).toBe('mailto:a%250Abcc%3Ax@b.org');
    expect(mailtoHref('a@b.org\r\nBcc: x')).toBe('mailto:a@b.org%0D%0ABcc%3A%20x');
    expect(mailtoHref('a,b@c.org;d@e.org')).toBe('mailto:a%2Cb@c.org%3Bd@e.org');
  });
});
