import fc from 'fast-check';
import type { Element, Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Point } from 'unist';
import { VFile } from 'vfile';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../src/diagnostics/catalog.js';
import { hasErrors } from '../../src/diagnostics/report.js';
import type { CollectionData, Project } from '../../src/model/types.js';
import { planBuild } from '../../src/pack/pack.js';
import { createParser } from '../../src/parse/parse.js';
import { renderNote, type RenderContext } from '../../src/render/documents.js';
import { loadResources } from '../../src/load/resources.js';
import { compileSchemas } from '../../src/validate/schema.js';
import { validateProject, type ValidateContext } from '../../src/validate/validate.js';
import { compileTemplates } from '../../src/render/templates.js';
import { conceptNote, FORUM_YAML } from '../helpers/project.js';

// Property-based fuzzing of rendering: hostile Markdown and raw HTML appended to a valid concept
// note is validated, then rendered to HTML in memory (planBuild; no browser, no PDF). Rendering
// never throws, and no page a browser would parse holds script, frames, plug-ins, a <base>, a
// refresh, an event handler, or a link to javascript:, vbscript:, file: or data:.
// FUZZ_RUNS sets the number of cases per property (`npm run fuzz` runs 10,000); FUZZ_SEED replays.

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 100);
const SEED = process.env['FUZZ_SEED'];
const PARAMS: fc.Parameters<unknown> = { numRuns: RUNS, ...(SEED !== undefined && SEED !== '' && { seed: Number(SEED) }) };

const COLLECTION_DIR = 'test-forum';
const NOTE = `${COLLECTION_DIR}/workshop-1.md`;
/** Other files of the notes folder, so that local links can be valid (no images are read: no assets). */
const OTHER_FILES = [`${COLLECTION_DIR}/annex.pdf`, `${COLLECTION_DIR}/map.png`, `${COLLECTION_DIR}/other.md`];
const TITLE = 'A Test Workshop';

let validateContext: ValidateContext;
let renderContext: RenderContext;

beforeAll(async () => {
  const resources = await loadResources();
  validateContext = { parser: createParser(), validators: compileSchemas(resources.schemas, resources.kinds), messages: resources.messages };
  renderContext = {
    templates: compileTemplates(resources.templates),
    messages: resources.messages,
    kinds: resources.kinds,
    styles: resources.styles,
    version: resources.version,
    assets: new Map(),
  };
});

function project(note: string): Project {
  const collection = new VFile({ path: `notes/${COLLECTION_DIR}/collection.yaml`, value: FORUM_YAML, data: { relative: `${COLLECTION_DIR}/collection.yaml` } });
  return {
    root: 'notes',
    collections: [{ file: collection, dir: COLLECTION_DIR }],
    notes: [new VFile({ path: `notes/${NOTE}`, value: note, data: { relative: NOTE } })],
    files: new Set([`${COLLECTION_DIR}/collection.yaml`, NOTE, ...OTHER_FILES]),
  };
}

// ---------------------------------------------------------------------------------------------
// What a safe page is

/** Elements that run code, load other documents or change how every URL of the page resolves. */
const FORBIDDEN_TAGS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal', 'fencedframe']);
/**
 * hast properties that hold URLs a browser follows or fetches, with the elements they do that on
 * (`*`: any). `action` on an <a> is inert (the sanitizer keeps it, and strips every <form>).
 */
const URL_PROPERTIES: ReadonlyMap<string, ReadonlySet<string> | '*'> = new Map<string, ReadonlySet<string> | '*'>([
  ['href', '*'],
  ['src', '*'],
  ['srcSet', '*'],
  ['xLinkHref', '*'],
  ['poster', '*'],
  ['background', '*'],
  ['longDesc', '*'],
  ['ping', '*'],
  ['lowsrc', '*'],
  ['dynsrc', '*'],
  ['action', new Set(['form', 'isindex'])],
  ['formAction', new Set(['button', 'input'])],
  ['data', new Set(['object'])],
  ['codeBase', new Set(['object', 'applet'])],
  ['manifest', new Set(['html'])],
]);
const FORBIDDEN_SCHEMES = new Set(['javascript', 'vbscript', 'file', 'data']);

/** The scheme a browser would see: ASCII whitespace and control characters removed, lower-cased. */
function schemeOf(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(cleaned)?.[1];
}

/** Every element of a parsed page, the contents of <template> included. */
function* elements(node: Nodes): Generator<Element> {
  if (node.type === 'element') {
    yield node;
    if (node.content) yield* elements(node.content);
  }
  if ('children' in node) for (const child of node.children) yield* elements(child);
}

/** Every problem of an HTML page (or fragment) as a browser would parse it. */
function unsafeParts(html: string, fragment: boolean): string[] {
  const problems: string[] = [];
  const tree: Root = fromHtml(html, { fragment });
  for (const el of elements(tree)) {
    if (FORBIDDEN_TAGS.has(el.tagName)) problems.push(`<${el.tagName}>`);
    if (el.tagName === 'meta' && el.properties['httpEquiv'] !== undefined) problems.push(`<meta http-equiv=${String(el.properties['httpEquiv'])}>`);
    for (const [name, value] of Object.entries(el.properties)) {
      if (/^on/i.test(name)) problems.push(`<${el.tagName} ${name}=…>`);
      const on = URL_PROPERTIES.get(name);
      if (on === undefined || (on !== '*' && !on.has(el.tagName))) continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        const scheme = typeof v === 'string' ? schemeOf(v) : undefined;
        if (scheme && FORBIDDEN_SCHEMES.has(scheme)) problems.push(`<${el.tagName} ${name}="${String(v)}">`);
      }
    }
  }
  return problems;
}

function expectSafe(html: string, fragment: boolean, what: string): void {
  expect(unsafeParts(html, fragment), `unsafe HTML in ${what}`).toEqual([]);
}

/** Every message of a note is a catalogued rule at a place that exists in the note. */
function expectCatalogued(file: VFile): void {
  // Lines as YAML counts them (\n) and as Markdown does (\r\n, \r or \n): a place must exist in one.
  const text = String(file.value);
  const lineSets = [text.split('\n'), text.split(/\r\n|\r|\n/)];
  for (const m of file.messages) {
    const where = `[${m.ruleId}] ${m.reason}`;
    expect(Object.hasOwn(rules, m.ruleId ?? ''), where).toBe(true);
    const points: Point[] = m.place === undefined ? [] : 'start' in m.place ? [m.place.start, m.place.end] : [m.place];
    for (const { line, column } of points) {
      const exists = line >= 1 && column >= 1 && lineSets.some((lines) => column <= (lines[line - 1]?.length ?? -1) + 1);
      expect(exists, `${line}:${column} is not in the note: ${where}`).toBe(true);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries: hostile URLs, raw HTML and a Markdown grammar

/** Insert `pieces` at random positions of `s`. */
function sprinkle(s: fc.Arbitrary<string>, pieces: fc.Arbitrary<string>, max = 3): fc.Arbitrary<string> {
  return fc.tuple(s, fc.array(fc.tuple(fc.nat(), pieces), { maxLength: max })).map(([text, inserts]) => {
    let out = text;
    for (const [at, piece] of inserts) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + piece + out.slice(i);
    }
    return out;
  });
}

/** Characters a URL parser drops or that entities and escapes hide. */
const URL_NOISE = fc.constantFrom('\t', '\n', '\r', ' ', '\u0001', '\u000b', '\u000c', '\u001f', '\u007f', '\u00a0', '&#9;', '&Tab;', '&NewLine;', '&#x0A;', '&#0;', '&#13;', '%09', '\\', '&#x200b;');

/** Each character written as itself, a decimal entity or a hex entity. */
function entityEncode(s: string): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom('plain', 'plain', 'dec', 'hex', 'hex0'), { minLength: s.length, maxLength: s.length })
    .map((ways) =>
      [...s]
        .map((c, i) => {
          const code = c.codePointAt(0) ?? 0;
          switch (ways[i]) {
            case 'dec':
              return `&#${code};`;
            case 'hex':
              return `&#x${code.toString(16)};`;
            case 'hex0':
              return `&#X000${code.toString(16).toUpperCase()}`;
            default:
              return c;
          }
        })
        .join(''),
    );
}

const dangerousScheme = fc.constantFrom('javascript', 'vbscript', 'file', 'data', 'jar', 'livescript');
const colon = fc.constantFrom(':', ':', ':', '&colon;', '&#58;', '&#x3a;', '&#X3A;', '%3a', '\\:');
const payload = fc.constantFrom(
  'alert(1)',
  'alert`1`//',
  '//example.org/%0aalert(1)',
  'text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'text/html,<script>alert(1)</script>',
  'image/svg+xml,<svg onload=alert(1)>',
  'image/png;base64,iVBORw0KGgo=',
  '///etc/passwd',
  '//localhost/C:/Windows/win.ini',
  'msgbox("x")',
  'void(0)',
  '',
);

/** A URL with a dangerous scheme, disguised in every way browsers forgive. */
const dangerousUrl = fc
  .tuple(
    fc.constantFrom('', '', ' ', '\t', '\u0001', '&#32;', '\u000c', '\n'),
    sprinkle(fc.mixedCase(dangerousScheme), URL_NOISE, 2).chain((s) => fc.oneof(fc.constant(s), entityEncode(s))),
    colon,
    payload,
  )
  .map(([lead, scheme, c, p]) => `${lead}${scheme}${c}${p}`);

const benignUrl = fc.oneof(
  fc.constantFrom(
    'https://example.org/a?b=c#d',
    'http://example.org',
    'mailto:ada@un.org',
    '#introduction',
    '#%',
    '#%E0%A4%A',
    '#%zz',
    '#',
    'other.md',
    'annex.pdf',
    'map.png',
    './other.md#x',
    '../outside.md',
    '/etc/passwd',
    '//evil.example/x',
    '\\\\server\\share',
    'C:\\Windows',
    'irc://x',
    '',
  ),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  fc.string({ maxLength: 20 }).map((s) => `#${s}`),
  fc.string({ maxLength: 30 }),
);

const url = fc.oneof({ weight: 3, arbitrary: dangerousUrl }, { weight: 2, arbitrary: benignUrl });

/** Text that means something to Markdown, HTML or entity decoding. */
const textPiece = fc.constantFrom(
  'word',
  'Text',
  ' ',
  ' ',
  'é',
  'ʻ',
  '中文',
  '👩‍👩‍👧',
  '*',
  '**',
  '_',
  '`',
  '~~',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '!',
  '\\',
  '&amp;',
  '&lt;script&gt;',
  '&#106;',
  '&#x3C;',
  '|',
  '#',
  '"',
  "'",
  '=',
  '{{',
  '}}',
  '{{{x}}}',
  '</p>',
  '\u202e',
  '\u2028',
);
const plain = fc.array(textPiece, { minLength: 1, maxLength: 8 }).map((p) => p.join('').replace(/\n/g, ' '));

const eventAttr = fc.tuple(fc.mixedCase(fc.constantFrom('onerror', 'onload', 'onclick', 'onmouseover', 'onfocus', 'ontoggle', 'onbegin', 'onanimationstart', 'on')), fc.string({ unit: 'grapheme-ascii', maxLength: 4 })).map(([a, b]) => `${a}${b.replace(/[\s"'=<>/]/g, '')}`);

const quote = (value: string) => fc.constantFrom(`"${value.replace(/"/g, '&quot;')}"`, `'${value.replace(/'/g, '&#39;')}'`, value.replace(/[\s>]/g, ''), `"${value}"`);

/** One raw HTML fragment: a dangerous element, an attribute with a URL, or an event handler. */
const rawHtml: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//example.org/x.js></SCRIPT>',
    '<scr<script>ipt>alert(1)</script>',
    '<script',
    '</script>',
    '<svg onload=alert(1)>',
    '<svg><script>alert(1)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<math href="javascript:alert(1)">x</math>',
    '<details open ontoggle=alert(1)>',
    '<body onload=alert(1)>',
    '<style>@import "https://example.org/x.css"; body{background:url(javascript:alert(1))}</style>',
    '<template><script>alert(1)</script></template>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<!--<script>alert(1)</script>-->',
    '<!-- --!><script>alert(1)</script> -->',
    '<![CDATA[<script>alert(1)</script>]]>',
    '<?xml version="1.0"?><script>alert(1)</script>',
    '<p/onclick=alert(1)>x</p>',
    '<img """><script>alert(1)</script>">',
    '<textarea><script>alert(1)</script></textarea>',
    '<xmp><script>alert(1)</script></xmp>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="https://example.org"></iframe>',
    '<object data="https://example.org/x.swf"></object>',
    '<embed src="https://example.org/x.swf">',
    '<applet code="X.class"></applet>',
    '<frameset><frame src="https://example.org"></frameset>',
    '<base href="https://example.org/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="Content-Security-Policy" content="default-src *">',
    '<link rel="stylesheet" href="https://example.org/x.css">',
    '<input autofocus onfocus=alert(1)>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<isindex action="javascript:alert(1)" type=image>',
    '<plaintext>',
    '<sup>2</sup>',
    '<br>',
    '<kbd>Ctrl</kbd>',
    '<details><summary>More</summary>Hidden</details>',
    '<div id="x" name="y" class="z">block</div>',
    '<a name="anchor"></a>',
    '<img src="map.png" alt="Map">',
    '<table><tr><td onclick=x>1</td></tr></table>',
    '<',
    '</',
    '<a',
    '<!--',
  ),
  fc
    .tuple(
      fc.mixedCase(fc.constantFrom('a', 'img', 'area', 'form', 'button', 'iframe', 'object', 'embed', 'video', 'audio', 'source', 'input', 'blockquote', 'q', 'del', 'ins', 'link', 'base', 'svg', 'image', 'use', 'div', 'span', 'table', 'td', 'math')),
      fc.constantFrom('href', 'src', 'srcset', 'action', 'formaction', 'poster', 'cite', 'data', 'background', 'longdesc', 'xlink:href', 'style', 'srcdoc', 'ping', 'lowsrc', 'HREF', 'SRC'),
      url,
      fc.option(fc.tuple(eventAttr, fc.constantFrom('alert(1)', '"alert(1)"', "'x'", '')), { nil: undefined }),
      fc.boolean(),
    )
    .chain(([tag, attr, value, handler, close]) =>
      quote(attr === 'style' ? `background:url(${value})` : attr === 'srcset' ? `${value} 1x` : value).map(
        (quoted) => `<${tag} ${attr}=${quoted}${handler ? ` ${handler[0]}=${handler[1]}` : ''}>${close ? `x</${tag}>` : ''}`,
      ),
    ),
  fc.tuple(fc.constantFrom('p', 'div', 'span', 'img', 'b', 'details', 'video', 'svg', 'x-foo'), eventAttr, fc.constantFrom('alert(1)', '"alert(1)"', '')).map(([tag, on, v]) => `<${tag} ${on}=${v || '""'}>x</${tag}>`),
);

/** Inline Markdown: text, emphasis, code, links, images, autolinks, footnote references, raw HTML. */
const inline: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: plain },
      fc.tuple(fc.constantFrom('*', '**', '_', '__', '~~', '***'), plain).map(([m, t]) => `${m}${t}${m}`),
      plain.map((t) => `\`${t.replace(/`/g, '')}\``),
      fc.tuple(plain, url).map(([t, u]) => `[${t.replace(/[[\]]/g, '')}](${u})`),
      fc.tuple(plain, url).map(([t, u]) => `[${t.replace(/[[\]]/g, '')}](<${u.replace(/[<>\n]/g, '')}>)`),
      fc.tuple(plain, url, plain).map(([t, u, title]) => `[${t.replace(/[[\]]/g, '')}](${u} "${title.replace(/"/g, '')}")`),
      fc.tuple(plain, url).map(([t, u]) => `![${t.replace(/[[\]]/g, '')}](${u})`),
      url.map((u) => `![](${u})`),
      url.map((u) => `<${u.replace(/[\s<>]/g, '')}>`),
      fc.constantFrom('www.example.org', 'https://example.org/x', 'ada@un.org', 'javascript:alert(1)', 'file:///etc/passwd'),
      fc.constantFrom('[^1]', '[^note]', '[^x y]', '\\[^1]'),
      rawHtml,
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(' '));

const footnoteDef = fc.tuple(fc.constantFrom('1', 'note', 'x'), inline).map(([id, text]) => `[^${id}]: ${text.replace(/\n/g, ' ')}`);
const definition = fc.tuple(fc.constantFrom('r', 'ref', 'Ref'), url).map(([label, u]) => `[${label}]: ${u}\n\nSee [the reference][${label}] and ![an image][${label}].`);

const table = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.array(inline, { minLength: 1, maxLength: 8 }), fc.constantFrom('---', ':--', '--:', ':-:'))
  .map(([cols, cells, align]) => {
    const row = (i: number) => `| ${Array.from({ length: cols }, (_, c) => (cells[(i * cols + c) % cells.length] ?? '').replace(/[|\n]/g, ' ')).join(' | ')} |`;
    return [row(0), `|${Array.from({ length: cols }, () => ` ${align} `).join('|')}|`, row(1), row(2)].join('\n');
  });

const indent = (text: string, by: string): string => text.split('\n').map((line) => by + line).join('\n');

/** Block Markdown, nested through lists and block quotes. */
const { block } = fc.letrec<{ block: string }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.integer({ min: 1, max: 6 }), inline).map(([depth, text]) => `${'#'.repeat(depth)} ${text.replace(/\n/g, ' ')}`),
    inline,
    rawHtml,
    table,
    footnoteDef,
    definition,
    fc.tuple(fc.constantFrom('', 'js', 'html', 'javascript:alert(1)', '<script>'), fc.string({ maxLength: 40 })).map(([lang, code]) => `\`\`\`${lang}\n${code.replace(/`{3,}/g, '')}\n\`\`\``),
    inline.map((text) => indent(text, '    ')),
    fc.constantFrom('---', '***', '- - -', '  \\', '<!-- comment -->', ''),
    fc.tuple(fc.constantFrom('- ', '* ', '1. ', '2) ', '- [ ] ', '- [x] '), fc.array(tie('block'), { minLength: 1, maxLength: 3 })).map(([marker, items]) =>
      items.map((item) => marker + indent(item, ' '.repeat(marker.length)).slice(marker.length)).join('\n'),
    ),
    fc.tuple(fc.integer({ min: 1, max: 4 }), tie('block')).map(([depth, inner]) => indent(inner, '> '.repeat(depth))),
  ),
}));

/** The valid concept note with hostile blocks appended to its body. */
const hostileNote = fc.array(block, { minLength: 1, maxLength: 6 }).map((blocks) => conceptNote({ body: `${conceptNote().split('\n---\n\n')[1]}\n${blocks.join('\n\n')}\n` }));

// ---------------------------------------------------------------------------------------------
// Properties

/** How many cases each property actually rendered through planBuild (so none is vacuous). */
const built = { cases: 0, rendered: 0 };

describe('fuzzing rendering: no input makes it throw or print unsafe HTML', () => {
  it('validate + planBuild: every output is safe HTML; valid notes are built', () => {
    fc.assert(
      fc.property(hostileNote, (text) => {
        const p = project(text);
        validateProject(p, validateContext);
        const note = p.notes[0] as VFile;
        expectCatalogued(note);
        const outputs = planBuild(p, {}, renderContext);
        built.cases++;
        const page = outputs.find((o) => o.source === NOTE);
        // A note without errors is built; one with errors is not.
        expect(page !== undefined, note.messages.map((m) => `${m.ruleId}: ${m.reason}`).join('\n')).toBe(!hasErrors(note));
        if (page) {
          built.rendered++;
          expect(String(page.content)).toContain(TITLE);
        }
        for (const output of outputs) expectSafe(String(output.content), false, output.path);
      }),
      PARAMS,
    );
    // The grammar must produce notes that get built, or the property above proves nothing.
    expect(built.rendered, `${built.rendered} of ${built.cases} cases rendered`).toBeGreaterThanOrEqual(Math.ceil(built.cases * 0.1));
  });

  it('rendering a note even where validation reported errors: the renderer is safe on its own', () => {
    let rendered = 0;
    fc.assert(
      fc.property(hostileNote, (text) => {
        const p = project(text);
        validateProject(p, validateContext);
        const note = p.notes[0] as VFile;
        const collection = p.collections[0]?.data as CollectionData;
        // A note beyond the size and nesting limits is never parsed, so there is nothing to render.
        if (note.messages.some((m) => m.ruleId === 'limit-exceeded')) return;
        // Body checks come after the schema, so every other case has valid front matter and a tree.
        expect(note.data.note, note.messages.map((m) => `${m.ruleId}: ${m.reason}`).join('\n')).toBeDefined();
        const r = renderNote(note, collection, 'en', renderContext);
        rendered++;
        expect(r.page).toContain(TITLE);
        expectSafe(r.page, false, 'the note page');
        expectSafe(r.chapter, true, 'the note as a chapter');
      }),
      PARAMS,
    );
    expect(rendered, `${rendered} of ${RUNS} cases rendered`).toBeGreaterThanOrEqual(Math.ceil(RUNS * 0.9));
  });

  it('the safety check itself catches what it should (so the properties can fail)', () => {
    const unsafe = [
      '<script>x</script>',
      '<p><iframe></iframe></p>',
      '<object></object>',
      '<embed>',
      '<base href="/">',
      '<meta http-equiv="refresh" content="0">',
      '<p onclick="x">',
      '<svg><a onmouseover="x"></a></svg>',
      '<a href=" JaVa&#x09;Script:alert(1)">',
      '<a href="&#1;javascript:alert(1)">',
      '<img src="vbscript:x">',
      '<img src="data:image/png;base64,AA==">',
      '<a href="file:///etc/passwd">',
      '<svg><a xlink:href="javascript:x"></a></svg>',
      '<template><script></script></template>',
    ];
    for (const html of unsafe) expect(unsafeParts(html, true), html).not.toEqual([]);
    const safe = ['<a href="https://example.org">', '<img src="x.png" alt="">', '<meta name="author" content="javascript:x">', '<a href="#javascript:x">', '<p title="onclick">'];
    for (const html of safe) expect(unsafeParts(html, true), html).toEqual([]);
  });
});
