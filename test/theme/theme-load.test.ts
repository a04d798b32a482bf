import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { loadResources } from '../../src/load/resources.js';
import { headerLogoUrl, lookFor, mergeLooks, pageHeightMm, pageRule, paperSize, verticalMarginsMm } from '../../src/render/look.js';
import { loadTheme } from '../../src/theme/load.js';
import { stylesheetProblems, stylesheetUrls, withUrlsInlined } from '../../src/theme/stylesheet.js';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/project.js';

// A 1×1 PNG (a real one: image-size must read its size).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#c8006e"/></svg>';

/** Read the config of `dir` and its theme as a build would; the diagnostics, or the theme. */
async function themeOf(dir: string) {
  const config = await loadConfig(path.join(dir, 'notes.config.yaml'));
  if (!config?.settings.theme) throw new Error('no theme');
  return loadTheme(config.settings.theme, (await loadResources()).templates, config);
}

describe('paper and margins', () => {
  it('writes the named sizes as CSS knows them, in any case, with an orientation', () => {
    expect(paperSize('Letter')).toBe('letter');
    expect(paperSize('a4 landscape')).toBe('A4 landscape');
    expect(paperSize('JIS-B5')).toBe('JIS-B5');
    expect(paperSize('210mm 297mm')).toBe('210mm 297mm');
    expect(paperSize('A4 sideways')).toBeUndefined();
    expect(paperSize('huge')).toBeUndefined();
  });

  it('gives the page its size and margins, and the cover the height between them', () => {
    expect(pageRule('Letter', undefined)).toBe('@page {\n  size: letter;\n}\n.cover {\n  min-height: 212mm;\n}');
    expect(pageRule(undefined, '1in')).toContain('margin: 1in;');
    expect(pageRule(undefined, undefined)).toBe('');
    // The built-in A4 with its 22 mm margins keeps the built-in cover of 230 mm.
    expect(pageRule('A4', '22mm 20mm')).toContain('min-height: 230mm;');
    expect(pageHeightMm('A5 landscape')).toBe(148);
    expect(pageHeightMm('8.5in 11in')).toBeCloseTo(279.4);
    expect(verticalMarginsMm('10mm 5mm 2cm')).toBe(30);
    expect(verticalMarginsMm('72pt')).toBeCloseTo(50.8);
  });
});

describe('looks', () => {
  it('puts a collection’s stylesheet after the project’s, and its images in their place', () => {
    const logo = { src: 'data:image/png;base64,AA', alt: 'Org', width: 10, height: 5 };
    const own = { src: 'data:image/png;base64,BB', alt: 'Programme', width: 10, height: 5 };
    const merged = mergeLooks({ css: 'a{}', logo }, { css: 'b{}', logo: own });
    expect(merged).toEqual({ css: 'a{}\nb{}', logo: own });
    const theme = { templates: {}, partials: {}, overrides: [], used: [], project: { css: 'a{}', logo }, collections: { apo: merged } };
    expect(lookFor(theme, 'apo')).toBe(merged);
    expect(lookFor(theme, 'other')).toBe(theme.project);
    expect(lookFor(undefined, 'apo')).toEqual({ css: '' });
  });

  it('sizes the header logo at its own proportions', () => {
    const url = headerLogoUrl({ src: 'data:image/png;base64,AA', alt: 'Org', width: 300, height: 100 }, 7);
    const svg = Buffer.from(url.replace('data:image/svg+xml;base64,', ''), 'base64').toString();
    expect(svg).toContain('width="21mm" height="7mm"');
    expect(svg).toContain('<image href="data:image/png;base64,AA"');
  });
});

describe('a project stylesheet', () => {
  it('finds what printing cannot do, at its line and column', () => {
    const css = ':root { --accent: red; }\n@import "more.css";\n.x { background: url(https://example.org/a.png) }\n</style>';
    expect(stylesheetProblems(css).map((p) => [p.line, p.column])).toEqual([
      [2, 1],
      [3, 18],
      [4, 1],
    ]);
    // In a comment, nothing counts.
    expect(stylesheetProblems('/* @import "x.css"; url(http://x) */ a {}')).toEqual([]);
  });

  it('inlines the files its url()s name, and leaves data: and fragments alone', () => {
    const css = '@font-face { font-family: Brand; src: url("fonts/brand.woff2") format("woff2"); }\n.a { background: url(data:image/png;base64,AA) } .b { fill: url(#g) }';
    expect(stylesheetUrls(css).map((u) => [u.value, u.line])).toEqual([['fonts/brand.woff2', 1]]);
    const inlined = withUrlsInlined(css, new Map([['fonts/brand.woff2', 'data:font/woff2;base64,AAAA']]));
    expect(inlined).toContain('src: url("data:font/woff2;base64,AAAA") format("woff2")');
    expect(inlined).toContain('url(data:image/png;base64,AA)');
  });
});

describe('loading a theme', () => {
  it('reads stylesheets (their fonts inlined), images with their size, and overrides', async () => {
    const dir = await testdir({
      'notes.config.yaml': 'theme:\n  stylesheet: [brand/a.css, brand/b.css]\n  logo: { src: brand/logo.png, alt: Org }\n  cover: { src: brand/cover.svg, alt: A band }\n  paper: Letter\n  templates: brand/templates\n  collections:\n    apo:\n      margins: 15mm\n',
      'brand/a.css': ':root { --accent: #c8006e; }\n',
      'brand/b.css': '@font-face { font-family: Brand; src: url(fonts/brand.woff2); }\n',
      'brand/fonts/brand.woff2': 'wOF2',
      'brand/logo.png': PNG,
      'brand/cover.svg': SVG,
      'brand/templates/partials/contacts.hbs': '<p>{{contactsHeading}}</p>',
      'brand/templates/partials/extra.hbs': '<p>extra</p>',
      'brand/templates/note.hbs': '<main id="content">{{{note}}}{{> extra}}</main>',
    });
    const result = await themeOf(dir);
    if (!('theme' in result)) throw new Error(JSON.stringify(result.diagnostics));
    const { theme } = result;
    expect(theme.project.css.indexOf('size: letter')).toBeLessThan(theme.project.css.indexOf('--accent: #c8006e'));
    expect(theme.project.css).toContain('src: url("data:font/woff2;base64,');
    expect(theme.project.logo).toMatchObject({ alt: 'Org', width: 1, height: 1 });
    expect(theme.project.logo?.src.startsWith('data:image/png;base64,')).toBe(true);
    expect(theme.project.cover).toMatchObject({ alt: 'A band', width: 120, height: 40 });
    // The collection keeps the project's Letter paper and changes only the margins.
    expect(theme.collections['apo']?.css).toMatch(/size: letter;\n {2}margin: 15mm;/);
    expect(theme.overrides.map((o) => `${o.kind} ${o.name}`)).toEqual(['template note', 'partial contacts', 'partial extra']);
    expect(theme.used.map((u) => u.replace(/ .*\/brand\//, ' brand/'))).toEqual(['stylesheet brand/a.css', 'stylesheet brand/b.css', 'logo brand/logo.png', 'cover brand/cover.svg', 'paper Letter']);
  });

  it('reports every problem at its place: in the config, in a stylesheet, in a template', async () => {
    const dir = await testdir({
      'notes.config.yaml': 'theme:\n  stylesheet: brand/missing.css\n  logo:\n    src: brand/logo.png\n    alt: Org\n  templates: brand/templates\n',
      'brand/logo.png': 'not a png',
      'brand/templates/notes.hbs': 'a typo of note.hbs',
      'brand/templates/partials/facts.hbs': '{{#if facts}}\n<table>',
      'brand/templates/partials/contacts.hbs': '<p>\n  {{> nowhere}} {{shout name}}</p>',
    });
    const result = await themeOf(dir);
    if (!('diagnostics' in result)) throw new Error('expected problems');
    const lines = result.diagnostics.map((d) => `${path.relative(dir, path.resolve(d.file)) || d.file}:${d.line}:${d.column} ${d.ruleId} ${d.message}`);
    expect(lines).toEqual([
      expect.stringMatching(/^notes\.config\.yaml:2:15 theme-invalid The stylesheet .*missing\.css does not exist/),
      expect.stringMatching(/^notes\.config\.yaml:4:10 theme-invalid The image .*logo\.png is not a PNG whose size can be read/),
      expect.stringMatching(/^brand\/templates\/notes\.hbs:1:1 theme-invalid notes\.hbs is not one of the templates \(layout\.hbs, note\.hbs/),
      expect.stringMatching(/^brand\/templates\/partials\/contacts\.hbs:2:17 theme-invalid the template calls the helper "shout", which notes does not have/),
      expect.stringMatching(/^brand\/templates\/partials\/facts\.hbs:2:1 theme-invalid the template does not parse/),
    ]);
  });

  it('names a partial that exists nowhere', async () => {
    const dir = await testdir({
      'notes.config.yaml': 'theme:\n  templates: t\n',
      't/partials/contacts.hbs': '<p>\n  {{> nowhere}}</p>',
    });
    const result = await themeOf(dir);
    if (!('diagnostics' in result)) throw new Error('expected problems');
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([expect.stringMatching(/^2:3 The partial "nowhere" does not exist: the partials are contacts, facts, /)]);
  });

  it('refuses a stylesheet that imports, fetches or closes the style element, at its line', async () => {
    const dir = await testdir({ 'notes.config.yaml': 'theme:\n  stylesheet: s.css\n', 's.css': 'a {}\n@import url(x.css);\n' });
    const result = await themeOf(dir);
    if (!('diagnostics' in result)) throw new Error('expected problems');
    expect(result.diagnostics.map((d) => `${path.relative(dir, path.resolve(d.file))}:${d.line}:${d.column}`)).toEqual(['s.css:2:1']);
  });
});

describe('the theme in the config', () => {
  it('explains a wrong theme setting at its line and column (exit 2)', async () => {
    const dir = await testdir({
      'notes.config.yaml': 'theme:\n  paper: A7\n  colour: red\n  logo: { src: logo.png }\n  collections:\n    APO: { paper: A4 }\n',
    });
    const { code, stderr } = await runCli(['validate', '--config', path.join(dir, 'notes.config.yaml'), '--notes', 'notes']);
    expect(code).toBe(2);
    expect(stderr).toContain('2:10  error  The setting "theme.paper" should be a paper size such as A4, Letter, "A4 landscape" or "210mm 297mm", not "A7".');
    expect(stderr).toContain('3:3  error  "colour" is not a theme setting: check its spelling. The theme settings are stylesheet, templates, logo, cover, paper, margins, collections.');
    expect(stderr).toContain('4:9  error  The setting "theme.logo" needs "alt": say what the image shows, for readers who cannot see it.');
    expect(stderr).toContain('error  The setting "theme.collections" names a collection by its id');
  });

  it('stops validate and build with the theme’s problems, before anything is written', async () => {
    const dir = await testdir({ 'notes.config.yaml': 'theme:\n  stylesheet: nowhere.css\n' });
    const config = path.join(dir, 'notes.config.yaml');
    const out = path.join(dir, 'out');
    for (const args of [['validate'], ['build', '--no-pdf', '--out', out]]) {
      const { code, stderr } = await runCli([...args, '--config', config, '--notes', 'notes']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/notes\.config\.yaml:2:15 {2}error {2}The stylesheet .*nowhere\.css does not exist or cannot be read\. {2}theme-invalid/);
    }
    await expect(import('node:fs/promises').then((fs) => fs.stat(out))).rejects.toThrow();
  });
});

describe('notes doctor and the theme', () => {
  it('lists the theme and every template override in use', async () => {
    const dir = await testdir({
      'notes.config.yaml': 'theme:\n  stylesheet: brand.css\n  paper: Letter\n  templates: t\n',
      'brand.css': ':root { --accent: #c8006e; }\n',
      't/partials/contacts.hbs': '<p>{{contactsHeading}}</p>',
    });
    const { stdout } = await runCli(['doctor', '--config', path.join(dir, 'notes.config.yaml'), '--notes', 'notes', '--out', path.join(dir, 'out')]);
    const line = stdout.split('\n').find((l) => l.includes('theme:'));
    expect(line).toMatch(/^OK {4}theme: from .*notes\.config\.yaml: stylesheet .*brand\.css; paper Letter; 1 template override: .*t\/partials\/contacts\.hbs \(partial contacts\); every other template is the package's$/);
  });

  it('fails the theme check with the first problem at its place', async () => {
    const dir = await testdir({ 'notes.config.yaml': 'theme:\n  templates: t\n', 't/partials/contacts.hbs': '{{#each contacts}}' });
    const { code, stdout } = await runCli(['doctor', '--config', path.join(dir, 'notes.config.yaml'), '--notes', 'notes', '--out', path.join(dir, 'out')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL {2}theme: .*t\/partials\/contacts\.hbs:1:1: the template does not parse/m);
  });
});
