import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { collectDiagnostics } from '../../src/diagnostics/report.js';
import { runValidate } from '../../src/pipeline/index.js';
import { createParser, parseCollection, parseNote } from '../../src/parse/parse.js';
import { lineStartsOf, placeOf } from '../../src/parse/yaml-source.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

const parser = createParser();

/** Parse one note given inline; returns the file with its data and messages. */
function parse(value: string | Uint8Array): VFile {
  const file = new VFile({ path: 'w.md', value, data: { relative: 'w.md' } });
  parseNote(file, parser);
  return file;
}

/** [rule, line, column] of every message on `file`. */
function found(file: VFile): [string, number | null, number | null][] {
  return collectDiagnostics([file]).map((d) => [d.ruleId, d.line, d.column]);
}

/** The note of test/helpers/project.ts, with `from` replaced by `to` in its front matter or body. */
function noteWith(from: string, to: string): string {
  const note = conceptNote();
  expect(note).toContain(from);
  return note.replace(from, to);
}

// conceptNote() line by line: 1 `---`, 2 kind, 3 forum, 4 workshop, 5 title, 6 languages,
// 7 organisers, 8 `  - name`, 9 sessions, 10 `  - title`, 11 minutes, 12 contacts, 13 `  - name`,
// 14 `    email`, 15 `---`, 16 blank, 17 `## Introduction`, 18 blank, 19 `Intro.`

describe('a well-formed note', () => {
  it('reads the front matter as data and keeps Markdown positions as file positions', () => {
    const file = parse(conceptNote());
    expect(found(file)).toEqual([]);
    expect(file.data.frontMatter).toMatchObject({ kind: 'concept-note', workshop: 1, title: 'A Test Workshop', contacts: [{ email: 'ada@un.org' }] });
    const first = file.data.tree?.children[0];
    expect(first).toMatchObject({ type: 'heading', depth: 2, position: { start: { line: 17, column: 1 } } });
  });

  it('reads a byte order mark as nothing: same data, same positions', () => {
    const plain = parse(conceptNote());
    const bom = parse(`\uFEFF${conceptNote()}`);
    expect(found(bom)).toEqual([]);
    expect(bom.data.frontMatter).toEqual(plain.data.frontMatter);
    expect(bom.data.tree?.children.map((n) => n.position?.start)).toEqual(plain.data.tree?.children.map((n) => n.position?.start));
  });

  it('reads CRLF line endings: same data, same lines and columns', () => {
    const plain = parse(conceptNote());
    const crlf = parse(conceptNote().replace(/\n/g, '\r\n'));
    expect(found(crlf)).toEqual([]);
    expect(crlf.data.frontMatter).toEqual(plain.data.frontMatter);
    const lineColumn = (f: VFile): unknown => f.data.tree?.children.map((n) => [n.position?.start.line, n.position?.start.column]);
    expect(lineColumn(crlf)).toEqual(lineColumn(plain));
  });

  it('reads the bytes of a UTF-8 file', () => {
    const file = parse(new TextEncoder().encode(noteWith('title: A Test Workshop', 'title: Oʻzbekiston — Café')));
    expect(found(file)).toEqual([]);
    expect(file.data.frontMatter?.['title']).toBe('Oʻzbekiston — Café');
  });
});

describe('positions survive a BOM and CRLF through the whole validation', () => {
  it.each([
    ['LF', (s: string) => s],
    ['CRLF', (s: string) => s.replace(/\n/g, '\r\n')],
    ['BOM + CRLF', (s: string) => `\uFEFF${s}`.replace(/\n/g, '\r\n')],
  ])('%s', async (_name, encode) => {
    const note = conceptNote().replace('ada@un.org', 'ada@un').replace('## Introduction', '# Introduction');
    const dir = await testdir({ 'c/collection.yaml': encode(FORUM_YAML), 'c/w.md': encode(note) });
    const { diagnostics } = await runValidate(dir);
    expect(diagnostics.map((d) => [d.ruleId, d.line, d.column, d.endLine, d.endColumn])).toEqual([['schema-format', 14, 12, 14, 18]]);
    // Body checks run once the front matter is valid: the `#` heading is at 17:1 in every encoding.
    const fixed = await testdir({ 'c/collection.yaml': encode(FORUM_YAML), 'c/w.md': encode(note.replace('ada@un', 'ada@un.org')) });
    expect((await runValidate(fixed)).diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([
      ['heading-h1', 17, 1],
      ['section-missing', 17, 1],
    ]);
  });
});

describe('front matter in another language is refused and never run', () => {
  const canaries: string[] = [];
  const canary = (): string => {
    const file = path.join(tmpdir(), `canary-${randomUUID()}`);
    canaries.push(file);
    return file;
  };
  afterAll(() => canaries.forEach((file) => rmSync(file, { force: true })));

  it.each(['---js', '---javascript', '--- coffee', '---json', '---JS', '--- js'])('%s → front-matter-language at 1:1', async (fence) => {
    const file = canary();
    const code = `module.exports = require('fs').writeFileSync(${JSON.stringify(file)}, 'x')`;
    const text = `${fence}\n${code}\n---\n\n## Introduction\n`;
    const parsed = parse(text);
    expect(collectDiagnostics([parsed]).map((d) => [d.ruleId, d.line, d.column, d.endLine, d.endColumn])).toEqual([
      ['front-matter-language', 1, 1, 1, fence.length + 1],
    ]);
    expect(parsed.messages[0]?.reason).toContain(`found \`${fence}\`. It was not read, and code in it is never run.`);
    expect(parsed.data.frontMatter).toBeUndefined();
    expect(parsed.data.tree).toBeUndefined();

    // Nor does any later stage run it: a whole validate and an HTML build.
    const dir = await testdir({ 'notes/c/collection.yaml': FORUM_YAML, 'notes/c/w.md': text });
    const validate = await runCli(['validate', '--notes', path.join(dir, 'notes')]);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(':1:1  error  Front matter must open with a line of exactly `---`');
    const build = await runCli(['build', '--no-pdf', '--notes', path.join(dir, 'notes'), '--out', path.join(dir, 'out')]);
    expect(build.code).toBe(1);
    expect(existsSync(file)).toBe(false);
  });

  it('(the canary works: gray-matter itself would run such a block)', () => {
    const file = canary();
    const matter = createRequire(import.meta.url)('gray-matter') as (s: string) => unknown;
    matter(`---js\nrequire('fs').writeFileSync(${JSON.stringify(file)}, 'x')\n---\n`);
    expect(existsSync(file)).toBe(true);
  });
});

describe('files that are not text', () => {
  it('reports a NUL byte on its line', () => {
    const file = parse(noteWith('Intro.', 'Intro\u0000.'));
    expect(found(file)).toEqual([['file-encoding', 19, 1]]);
    expect(file.messages[0]?.reason).toBe('This file contains a NUL character, which text never does: remove it.');
    expect(file.data.tree).toBeUndefined();
  });

  it.each([
    ['a Latin-1 é', [0xe9]],
    ['an overlong NUL', [0xc0, 0x80]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a byte 0xFF', [0xff]],
    ['a truncated sequence', [0xe2, 0x82]],
  ])('reports invalid UTF-8 (%s) as file-encoding', (_name, bytes) => {
    const [before, after] = conceptNote().split('Intro.');
    const file = parse(Buffer.concat([Buffer.from(before ?? ''), Buffer.from(bytes), Buffer.from(after ?? '')]));
    expect(found(file)).toEqual([['file-encoding', null, null]]);
    expect(file.messages[0]?.reason).toBe('This file is not UTF-8 text: save it as UTF-8.');
    expect(file.data.frontMatter).toBeUndefined();
  });
});

describe('the fence', () => {
  it.each([
    ['no front matter', 'front-matter-missing', '## Introduction\n\nIntro.\n'],
    ['a blank line before the fence', 'front-matter-missing', `\n${conceptNote()}`],
    ['an empty file', 'front-matter-missing', ''],
    ['no closing fence', 'front-matter-unclosed', noteWith('email: ada@un.org\n---\n', 'email: ada@un.org\n')],
  ])('%s → %s at 1:1', (_name, rule, text) => {
    const file = parse(text);
    expect(found(file)).toEqual([[rule, 1, 1]]);
    expect(file.data.frontMatter).toBeUndefined();
  });
});

describe('YAML', () => {
  it('puts a syntax error on its line in the file (the YAML starts on line 2)', () => {
    const file = parse(noteWith('kind: concept-note', 'kind: concept-note: yes'));
    expect(found(file)).toEqual([['yaml-syntax', 2, 7]]);
  });

  it('reports a duplicate key at the second one', () => {
    const file = parse(noteWith('workshop: 1\n', 'workshop: 1\nworkshop: 2\n'));
    expect(found(file)).toEqual([['yaml-syntax', 5, 1]]);
    expect(file.messages[0]?.reason).toContain('appears twice here: each field may appear only once');
    expect(file.data.frontMatter).toBeUndefined();
  });

  it('reports a duplicate key nested in a list item', () => {
    const file = parse(noteWith('    email: ada@un.org', '    email: ada@un.org\n    email: ada@un.org'));
    expect(found(file)).toEqual([['yaml-syntax', 15, 5]]);
  });

  it.each([
    ['an anchor', 'title: A Test Workshop', 'title: &t A Test Workshop', 5, 'The anchor &t is not allowed'],
    ['an anchor on a list', 'contacts:\n', 'contacts: &people\n', 13, 'The anchor &people is not allowed'],
    ['an alias', 'title: A Test Workshop', 'title: *t', 5, 'The alias *t is not allowed'],
    ['a merge key', '  - name: Ada Lovelace', '  - <<: {name: Ada Lovelace}', 13, 'The merge key << is not allowed'],
  ])('refuses %s (yaml-alias) and reads nothing', (_name, from, to, line, says) => {
    const file = parse(noteWith(from, to));
    expect(found(file).map(([rule, l]) => [rule, l])).toEqual([['yaml-alias', line]]);
    expect(file.messages[0]?.reason).toContain(says);
    expect(file.data.frontMatter).toBeUndefined();
  });

  // Found by the fuzz tests: yaml's LineCounter misses the lines of a scalar it could not parse,
  // and knows no \r; positions are now counted from the text, as Markdown counts lines.
  it('places YAML problems on lines that exist, after a broken multi-line scalar or with CR line ends', () => {
    expect(found(parse('---\n :\ns\n  e:\n---\n')).filter(([rule]) => rule === 'yaml-syntax').map(([, line, column]) => [line, column])).toContainEqual([4, 4]);
    // With lone CRs, the line and column given are those of the offset in the file's own lines.
    const text = '---\r\r\n\rkind: x\r---';
    const cr = parse(text);
    expect(found(cr)).toEqual([]);
    const start = cr.data.yaml ? placeOf(cr.data.yaml, ['kind'], true)?.start : undefined;
    const starts = lineStartsOf(text);
    const line = starts.filter((s) => s <= (start?.offset ?? -1)).length;
    expect(start).toMatchObject({ line, column: (start?.offset ?? 0) - (starts[line - 1] ?? 0) + 1 });
    expect(line).toBeGreaterThan(2);
  });

  // Found by npm run fuzz: a footnote reference after a lone \r (a form feed and CR in a table
  // cell) was placed by counting \n only, on a line that does not exist.
  it('places an undefined footnote after a lone CR on its own line', async () => {
    const row = '| ![](\f\rjavascript:alert(1)) [^1] | word |';
    const note = conceptNote({ body: `${conceptNote().split('\n---\n\n')[1]}\n- ${row}\n  | --- | --- |\n  ${row}\n  ${row}\n` });
    const dir = await testdir({ 'c/collection.yaml': FORUM_YAML, 'c/w.md': note });
    const { diagnostics } = await runValidate(dir);
    rmSync(dir, { recursive: true, force: true });
    const lines = note.split(/\r\n|\r|\n/);
    const footnotes = diagnostics.filter((d) => d.ruleId === 'footnote-undefined');
    expect(footnotes.length).toBeGreaterThan(0);
    for (const footnote of footnotes) {
      const line = lines[(footnote.line ?? 0) - 1] ?? '';
      expect(line.slice((footnote.column ?? 0) - 1), `${footnote.line}:${footnote.column}`).toMatch(/^\[\^1\]/);
    }
  });

  it('reports the alias at its column', () => {
    expect(found(parse(noteWith('title: A Test Workshop', 'title: *t')))).toEqual([['yaml-alias', 5, 8]]);
  });

  it('refuses an alias bomb at once, without expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    // Expanded, it would be 9^10 strings: it can only finish (within the test's timeout) unexpanded.
    const file = parse(`---\n${levels.join('\n')}\n---\n`);
    expect(found(file).map(([rule, line]) => [rule, line])).toEqual([['yaml-alias', 2]]);
    expect(file.data.frontMatter).toBeUndefined();
  });

  it.each([
    ['a list', '- kind\n- concept-note'],
    ['a scalar', 'concept-note'],
    ['a number', '42'],
    ['nothing', ''],
  ])('refuses %s as the root (yaml-not-mapping at 2:1, where the YAML starts)', (_name, yaml) => {
    const file = parse(`---\n${yaml}${yaml ? '\n' : ''}---\n\n## Introduction\n`);
    expect(found(file)).toEqual([['yaml-not-mapping', 2, 1]]);
    expect(file.messages[0]?.reason).toBe('The front matter must be a list of `key: value` fields.');
    expect(file.data.frontMatter).toBeUndefined();
  });

  it('never runs a tag such as !!js/function: the value stays text', () => {
    const file = parse(noteWith('title: A Test Workshop', 'title: !!js/function "function () { return process.exit(9) }"'));
    expect(found(file)).toEqual([]);
    expect(file.data.frontMatter?.['title']).toBe('function () { return process.exit(9) }');
  });

  it('reads a __proto__ key as a plain (unknown) key, never as the prototype', async () => {
    const file = parse(noteWith('workshop: 1', 'workshop: 1\n__proto__: {polluted: true}'));
    expect(Object.getPrototypeOf(file.data.frontMatter)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const dir = await testdir({ 'c/collection.yaml': FORUM_YAML, 'c/w.md': noteWith('workshop: 1', 'workshop: 1\n__proto__: {polluted: true}') });
    const { diagnostics } = await runValidate(dir);
    expect(diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([['schema-unknown-key', 5, 1]]);
    expect(diagnostics[0]?.message).toContain('`__proto__` is not a field of this kind of note');
  });
});

describe('collection.yaml', () => {
  function parseYamlFile(value: string): VFile {
    const file = new VFile({ path: 'collection.yaml', value });
    parseCollection(file);
    return file;
  }

  it('counts lines from 1 (no fence before it)', () => {
    const file = parseYamlFile(FORUM_YAML.replace('type: forum\n', 'type: forum\ntype: programme\n'));
    expect(found(file)).toEqual([['yaml-syntax', 3, 1]]);
  });

  it('refuses a list as the root', () => {
    expect(found(parseYamlFile('- id: a\n'))).toEqual([['yaml-not-mapping', 1, 1]]);
  });

  it('refuses an anchor', () => {
    expect(found(parseYamlFile(FORUM_YAML.replace('name: Test Forum', 'name: &n Test Forum'))).map(([r, l]) => [r, l])).toEqual([['yaml-alias', 3]]);
  });
});

describe('nested positions: the line and column of the value at fault', () => {
  const twoContacts = (second: string): string =>
    conceptNote().replace('    email: ada@un.org', `    email: ada@un.org\n  - name: Grace Hopper\n${second}`);
  // Line 15 is `  - name: Grace Hopper`, line 16 the second contact's next field.

  it.each([
    ['a bad email at contacts › 2 › email', '    email: grace@', 'schema-format', 16, 12, '"grace@" is not a valid email address (contacts › 2 › email)'],
    ['an unknown key at contacts › 2', '    email: grace@un.org\n    emial: grace@un.org', 'schema-unknown-key', 17, 5, '`emial` is not a field of contacts › 2: check its spelling.'],
    ['a wrong type at contacts › 2 › organisation', '    email: grace@un.org\n    organisation: UN DESA', 'schema-type', 17, 19, 'The field `organisation` of contacts › 2 should be a list, not text.'],
    // A form of address is free text (H.E., Excellency, Prof. Dr.), but not an empty one.
    ['an empty value at contacts › 2 › honorific', '    email: grace@un.org\n    honorific: ""', 'schema-length', 17, 16, 'The field `honorific` of contacts › 2 must not be empty.'],
  ])('%s', async (_name, second, rule, line, column, says) => {
    const dir = await testdir({ 'c/collection.yaml': FORUM_YAML, 'c/w.md': twoContacts(second) });
    const { diagnostics } = await runValidate(dir);
    expect(diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([[rule, line, column]]);
    expect(diagnostics[0]?.message).toContain(says);
  });

  it('points a nested error in collection.yaml at its value', async () => {
    const dir = await testdir({ 'c/collection.yaml': FORUM_YAML.replace('  start: 2025-06-23', '  start: 2025-13-01'), 'c/w.md': conceptNote() });
    const { diagnostics } = await runValidate(dir);
    expect(diagnostics.map((d) => [d.ruleId, path.basename(d.file), d.line, d.column])).toEqual([['schema-format', 'collection.yaml', 5, 10]]);
    expect(diagnostics[0]?.message).toContain('"2025-13-01" is not a valid date (dates › start)');
  });
});

/** A collection.yaml parsed alone; returns the file with its messages. */
function parseCollectionText(value: string): VFile {
  const file = new VFile({ path: 'c/collection.yaml', value, data: { relative: 'c/collection.yaml' } });
  parseCollection(file);
  return file;
}

describe('control characters, which no page can show', () => {
  it.each([
    ['ESC written in the title', noteWith('title: A Test Workshop', 'title: A \u001b[2JTest'), 5, 10, 'U+001B (escape)'],
    ['a pasted Word line break in the body', noteWith('Intro.', 'Intro\u000bnext.'), 19, 6, 'U+000B (a line break pasted from Word)'],
    ['a right-to-left override in the body', noteWith('Intro.', 'Intro \u202Etxt.exe'), 19, 7, 'U+202E (right-to-left override)'],
    ['a C1 control (U+0085) in the body', noteWith('Intro.', 'In\u0085tro.'), 19, 3, 'U+0085 (next line)'],
    ['DEL in a code block', noteWith('Intro.', '```\nrm\u007f\n```'), 20, 3, 'U+007F (delete)'],
  ])('%s is reported at its line and column', (_name, note, line, column, says) => {
    const file = parse(note);
    expect(found(file).filter(([rule]) => rule === 'text-control')).toEqual([['text-control', line, column]]);
    expect(file.messages[0]?.reason).toContain(says);
    expect(file.messages[0]?.fatal).toBe(true);
  });

  it.each([
    ['"A\\0B"', 'U+0000', 10, '\\0'],
    ['"\\e[2J"', 'U+001B (escape)', 9, '\\e'],
    ['"\\u202Eexe"', 'U+202E (right-to-left override)', 9, '\\u202E'],
    ['"a\\x07b"', 'U+0007', 10, '\\x07'],
    ['"Open\\Ning"', 'U+0085 (next line)', 13, '\\N'],
    ['"a\\rb"', 'U+000D', 10, '\\r'],
    ['"\\U0000009B2J"', 'U+009B', 9, '\\U0000009B'],
  ])('a YAML escape %s is reported at the escape', (value, says, column, escape) => {
    const file = parse(noteWith('title: A Test Workshop', `title: ${value}`));
    expect(found(file)).toEqual([['text-control', 5, column]]);
    expect(file.messages[0]?.reason).toBe(`The escape ${escape} writes the control character ${says}, which no page can show: remove it.`);
    const place = file.messages[0]?.place;
    expect(place && 'end' in place ? place.end : undefined).toEqual(expect.objectContaining({ line: 5, column: column + escape.length }));
  });

  it('leaves alone tabs and line breaks, an escaped backslash, isolates, and letters of every script', () => {
    const note = noteWith('title: A Test Workshop', 'title: "Tab\\there\\nand \\\\e, \\u2067عربي\\u2069, Oʻzbek"').replace('Intro.', 'Intro\twith a tab, \u2066isolated\u2069, ʻ.');
    expect(found(parse(note))).toEqual([]);
  });

  it('records the fix notes validate --fix makes: a pasted line break becomes a space, anything else goes', () => {
    const file = parse(noteWith('Intro.', 'A\u000bB\u001bC\u000cD'));
    const text = String(file.value);
    const at = text.indexOf('A\u000b') + 1;
    expect(file.data.fixes).toEqual([
      { index: at, expected: ' ' },
      { index: at + 2, expected: '' },
      { index: at + 4, expected: ' ' },
    ]);
  });

  it('reports the first 20 in a file, then how many more', () => {
    const file = parse(noteWith('Intro.', 'x\u0007'.repeat(50)));
    const messages = found(file);
    expect(messages).toHaveLength(21);
    expect(messages[20]).toEqual(['text-control', 19, 42]);
    expect(file.messages[20]?.reason).toBe('30 more control characters follow in this file: notes validate --fix removes them all.');
    expect(file.data.fixes).toHaveLength(50);
  });

  it('in collection.yaml: reported, written or escaped, with no fix offered (validate --fix rewrites notes only)', () => {
    const file = parseCollectionText(FORUM_YAML.replace('name: Test Forum', 'name: "Test\\e Forum\u0007"'));
    // The character written is reported; the escape before it, once that is removed.
    expect(found(file)).toEqual([['text-control', 3, 20]]);
    expect(file.messages[0]?.reason).toBe('This text contains the control character U+0007, which no page can show: remove it.');
    expect(file.data.fixes).toBeUndefined();
    const escaped = parseCollectionText(FORUM_YAML.replace('name: Test Forum', 'name: "Test\\e Forum"'));
    expect(found(escaped)).toEqual([['text-control', 3, 12]]);
  });
});

describe('limits, and their places', () => {
  const fields = (n: number, value = 'y'.repeat(30)): string => Array.from({ length: n }, (_, i) => `x${i}: ${value}`).join('\n');

  it('a front matter over 20,000 characters is reported at its opening line, as a front matter', () => {
    const file = parse(noteWith('title: A Test Workshop', `title: A Test Workshop\n${fields(700)}`));
    expect(found(file)).toEqual([['limit-exceeded', 1, 1]]);
    expect(file.messages[0]?.reason).toBe('The front matter opened here is over 20000 characters long; the limit keeps notes quick to read (a long front matter is about 2,500): put long text in the body.');
  });

  it('a collection.yaml over 20,000 characters is reported at line 1', () => {
    const file = parseCollectionText(`${FORUM_YAML}${fields(700)}\n`);
    expect(found(file)).toEqual([['limit-exceeded', 1, 1]]);
    expect(file.messages[0]?.reason).toMatch(/^This file is over 20000 characters long/);
  });

  it('the front matter is YAML: its underscores and dashes are not emphasis marks or lists', () => {
    const file = parse(noteWith('title: A Test Workshop', `title: A Test Workshop\n${fields(300, 'a_b_c_d')}\nquote: |\n  ${'> '.repeat(40)}x\nlist: |\n  ${'- '.repeat(40)}x`));
    expect(found(file).map(([rule]) => rule)).not.toContain('limit-exceeded');
  });

  it('a long paragraph right after an unclosed front matter is reported at line 1, never line 0', () => {
    const file = parse(`---\n${fields(700)}\n`);
    expect(found(file)).toEqual([['limit-exceeded', 1, 1]]);
    expect(file.messages[0]?.reason).toMatch(/^This paragraph is over 20000 characters/);
  });

  it('more than 2,000 footnote marks are refused before parsing, at the line of the 2,001st', () => {
    const refs = Array.from({ length: 45 }, (_, p) => Array.from({ length: 50 }, (_, i) => `[^${p * 50 + i}]`).join(' ')).join('\n\n');
    const file = parse(noteWith('Intro.', refs));
    expect(found(file)).toEqual([['limit-exceeded', 19 + 40 * 2, 1]]);
    expect(file.data.tree).toBeUndefined();
  });

  it('more than 1,000 footnote definitions are reported at the 1,001st; the note is still checked', () => {
    const defs = Array.from({ length: 1001 }, (_, i) => `[^${i}]: x`).join('\n\n');
    // 990 references, so that the marks (1,991) are under the limit checked before parsing.
    const refs = Array.from({ length: 990 }, (_, i) => `[^${i}]`).join(' ');
    const file = parse(noteWith('Intro.', `${refs}\n\n${defs}`));
    expect(found(file)).toEqual([['limit-exceeded', 21 + 1000 * 2, 1]]);
    expect(file.messages[0]?.reason).toContain('more than 1000 footnote definitions (this is the 1001st)');
    expect(file.data.frontMatter).toBeDefined();
  });
});
