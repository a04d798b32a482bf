import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { collectDiagnostics, report, terminalSafe, validPlace, type Diagnostic } from '../../src/diagnostics/report.js';
import { formatDiagnostics, formats } from '../../src/diagnostics/reporters/index.js';
import { formatText } from '../../src/diagnostics/reporters/text.js';
import { escapeData, escapeProperty, formatGithub } from '../../src/diagnostics/reporters/github.js';
import { formatJunit, xmlAttribute, xmlText } from '../../src/diagnostics/reporters/junit.js';
import { runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/project.js';

const FIXTURES = 'test/fixtures';

/**
 * A forum with one error and one warning, made of two fixtures: bad-email's note (a.md: the email
 * `ada@un` at 14:12–14:18) and footnote-unused's (b.md: `[^1]: …` never referenced, 39:1–39:28),
 * renumbered as workshop 2 so that the two do not clash.
 */
async function errorAndWarning(): Promise<{ notes: string; a: string; b: string; collection: string }> {
  const read = (fixture: string, file: string): Promise<string> => readFile(path.join(FIXTURES, fixture, file), 'utf8');
  const dir = await testdir({
    'notes/f/collection.yaml': await read('bad-email', 'collection.yaml'),
    'notes/f/a.md': await read('bad-email', 'w.md'),
    'notes/f/b.md': (await read('footnote-unused', 'w.md')).replace('workshop: 1', 'workshop: 2'),
  });
  const notes = path.join(dir, 'notes');
  const rel = (f: string): string => path.relative(process.cwd(), path.join(notes, f));
  return { notes, a: rel('f/a.md'), b: rel('f/b.md'), collection: rel('f/collection.yaml') };
}

const EMAIL = '"ada@un" is not a valid email address (contacts › 1 › email): write it as name@domain, e.g. name@un.org.';
const FOOTNOTE = 'The footnote [^1] is defined but never referenced in the text: reference it or remove it.';

/** Parse a JUnit report back, with every suite, case and failure as a list (texts trimmed). */
function parseJunit(xml: string): JunitReport {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    // Numeric character references (&#10;) are decoded as every XML parser does.
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'failure', 'system-out'].includes(name),
  });
  return (parser.parse(xml) as { testsuites: JunitReport }).testsuites;
}
interface JunitCase {
  name: string;
  classname: string;
  file: string;
  failure?: { message: string; type: string; '#text': string }[];
  'system-out'?: string[];
}
interface JunitReport {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  testsuite: { name: string; tests: string; failures: string; testcase: JunitCase[] }[];
}

describe('--format github', () => {
  it('prints one workflow command per problem on stdout, with the place and the rule as title', async () => {
    const { notes, a, b } = await errorAndWarning();
    expect(await runCli(['validate', '--notes', notes, '--format', 'github'])).toEqual({
      code: 1,
      stdout:
        `::error file=${a},line=14,col=12,endLine=14,endColumn=18,title=schema-format::${EMAIL}\n` +
        `::warning file=${b},line=39,col=1,endLine=39,endColumn=28,title=footnote-unused::${FOOTNOTE}\n`,
      stderr: '2 notes checked: 1 error, 1 warning.\n',
    });
  });

  it('prints the warning of the footnote-unused fixture; exit 0, or 1 with --strict', async () => {
    const notes = path.join(FIXTURES, 'footnote-unused');
    const line = `::warning file=${path.join(notes, 'w.md')},line=39,col=1,endLine=39,endColumn=28,title=footnote-unused::${FOOTNOTE}\n`;
    expect(await runCli(['validate', '--notes', notes, '--format', 'github'])).toEqual({ code: 0, stdout: line, stderr: '1 note checked: 0 errors, 1 warning.\n' });
    expect(await runCli(['validate', '--notes', notes, '--format', 'github', '--strict'])).toEqual({ code: 1, stdout: line, stderr: '1 note checked: 0 errors, 1 warning.\n' });
  });

  it('prints nothing on stdout for a clean project', async () => {
    expect(await runCli(['validate', '--notes', path.join(FIXTURES, 'valid'), '--format', 'github'])).toEqual({ code: 0, stdout: '', stderr: '1 note checked: no problems.\n' });
  });

  it('escapes as GitHub does: % CR LF in the message; also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('C:\\notes\\a,b%\n.md')).toBe('C%3A\\notes\\a%2Cb%25%0A.md');
    // A line break from a note is shown as \u{a}, as in the text report.
    const diagnostic: Diagnostic = { file: 'notes/f/a,b: c.md', line: 3, column: 2, endLine: null, endColumn: null, severity: 'error', ruleId: 'yaml-syntax', message: 'Line one\nline two: 50%' };
    expect(formatGithub([diagnostic])).toBe('::error file=notes/f/a%2Cb%3A c.md,line=3,col=2,title=yaml-syntax::Line one\\u{a}line two: 50%25\n');
  });

  it('leaves out line and column for a problem without a place', () => {
    const diagnostic: Diagnostic = { file: 'notes/f/link.md', line: null, column: null, endLine: null, endColumn: null, severity: 'warning', ruleId: 'file-symlink', message: 'This is a symbolic link.' };
    expect(formatGithub([diagnostic])).toBe('::warning file=notes/f/link.md,title=file-symlink::This is a symbolic link.\n');
    expect(formatGithub([])).toBe('');
  });
});

describe('--format junit', () => {
  it('has one test case per checked file, failing ones with every error, warnings in system-out', async () => {
    const { notes, a, b, collection } = await errorAndWarning();
    const result = await runCli(['validate', '--notes', notes, '--format', 'junit']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('2 notes checked: 1 error, 1 warning.\n');
    const report = parseJunit(result.stdout);
    expect([report.name, report.tests, report.failures, report.errors]).toEqual(['notes validate', '3', '1', '0']);
    expect(report.testsuite).toHaveLength(1);
    const [suite] = report.testsuite;
    const folder = path.dirname(a);
    expect([suite?.name, suite?.tests, suite?.failures]).toEqual([folder, '3', '1']);
    expect(suite?.testcase).toEqual([
      { name: a, classname: folder, file: a, time: '0', failure: [{ type: 'error', message: `line 14: ${EMAIL} (schema-format)`, '#text': `${a}:14:12  error  ${EMAIL}  schema-format` }] },
      { name: b, classname: folder, file: b, time: '0', 'system-out': [`${b}:39:1  warning  ${FOOTNOTE}  footnote-unused`] },
      { name: collection, classname: folder, file: collection, time: '0' },
    ]);
  });

  it('with --strict, a warning is a failure of type "warning"', async () => {
    const { notes, b } = await errorAndWarning();
    const result = await runCli(['validate', '--notes', notes, '--format', 'junit', '--strict']);
    expect(result.code).toBe(1);
    const report = parseJunit(result.stdout);
    expect([report.tests, report.failures]).toEqual(['3', '2']);
    const testcase = report.testsuite[0]?.testcase.find((t) => t.name === b);
    expect(testcase?.failure).toEqual([{ type: 'warning', message: `line 39: ${FOOTNOTE} (footnote-unused)`, '#text': `${b}:39:1  warning  ${FOOTNOTE}  footnote-unused` }]);
    expect(testcase?.['system-out']).toBeUndefined();
  });

  it('lists several problems of one file in one failure, counted in its message', () => {
    const at = (line: number, ruleId: string): Diagnostic => ({ file: 'n/f/a.md', line, column: 1, endLine: null, endColumn: null, severity: 'error', ruleId, message: `Problem at ${line}.` });
    const report = parseJunit(formatJunit([at(3, 'schema-type'), at(9, 'heading-h1')], { checked: ['n/f/a.md', 'n/g/b.md'] }));
    expect([report.tests, report.failures]).toEqual(['2', '1']);
    expect(report.testsuite.map((s) => [s.name, s.tests, s.failures])).toEqual([['n/f', '1', '1'], ['n/g', '1', '0']]);
    expect(report.testsuite[0]?.testcase[0]?.failure).toEqual([
      { type: 'error', message: '2 problems, the first: line 3: Problem at 3. (schema-type)', '#text': 'n/f/a.md:3:1  error  Problem at 3.  schema-type\nn/f/a.md:9:1  error  Problem at 9.  heading-h1' },
    ]);
    expect(report.testsuite[1]?.testcase).toEqual([{ name: 'n/g/b.md', classname: 'n/g', file: 'n/g/b.md', time: '0' }]);
  });

  it('escapes markup and replaces characters XML 1.0 cannot hold, so the report always parses', () => {
    const hostile = 'A <b>&"quoted"\'</b> ]]> \u0001\u0008\u001f\uFFFE\uD800 end\ttab\r\nnew';
    expect(xmlText(hostile)).toBe('A &lt;b&gt;&amp;"quoted"\'&lt;/b&gt; ]]&gt; \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD end\ttab&#13;\nnew');
    expect(xmlAttribute('a"b\'c\td\ne')).toBe('a&quot;b&apos;c&#9;d&#10;e');
    const file = 'n/f/<&>.md';
    const diagnostic: Diagnostic = { file, line: 2, column: 3, endLine: null, endColumn: null, severity: 'error', ruleId: 'yaml-syntax', message: hostile };
    const report = parseJunit(formatJunit([diagnostic], { checked: [file] }));
    const testcase = report.testsuite[0]?.testcase[0];
    // A parser decodes the references; controls are shown as escapes, as in the text report, and
    // what XML still cannot carry is gone (U+FFFD).
    const decoded = 'A <b>&"quoted"\'</b> ]]> \\u{1}\\u{8}\\u{1f}\uFFFD\uFFFD end\ttab\\u{d}\\u{a}new';
    expect(testcase?.name).toBe(file);
    expect(testcase?.failure?.[0]?.message).toBe(`line 2: ${decoded} (yaml-syntax)`);
    expect(testcase?.failure?.[0]?.['#text']).toBe(`${file}:2:3  error  ${decoded}  yaml-syntax`);
  });

  it('--output writes the report to a file (and nothing to stdout); a missing folder is a usage error', async () => {
    const { notes } = await errorAndWarning();
    const out = await mkdtemp(path.join(tmpdir(), 'notes-report-'));
    const file = path.join(out, 'report.xml');
    const result = await runCli(['validate', '--notes', notes, '--format', 'junit', '--output', file]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `2 notes checked: 1 error, 1 warning. Report written to ${file}.\n` });
    expect(parseJunit(await readFile(file, 'utf8')).tests).toBe('3');
    expect(await readdir(out)).toEqual(['report.xml']);

    const missing = path.join(out, 'no-such-folder', 'report.xml');
    expect(await runCli(['validate', '--notes', notes, '--format', 'junit', '--output', missing])).toEqual({
      code: 2,
      stdout: '',
      stderr: `--output ${missing}: the folder ${path.dirname(missing)} does not exist.\n`,
    });
    const inside = path.join(notes, 'report.xml');
    expect(await runCli(['validate', '--notes', notes, '--format', 'junit', '--output', inside])).toEqual({
      code: 2,
      stdout: '',
      stderr: `--output ${inside} is inside the notes folder ${notes}: write the report somewhere else, e.g. --output report.xml.\n`,
    });
  });
});

describe('formats', () => {
  it('are text, json, github and junit; text and json print as before', () => {
    expect(formats).toEqual(['text', 'json', 'github', 'junit']);
    const diagnostic: Diagnostic = { file: 'a.md', line: 1, column: 2, endLine: null, endColumn: null, severity: 'warning', ruleId: 'text-placeholder', message: 'M.' };
    expect(formatDiagnostics('text', [diagnostic])).toBe('a.md:1:2  warning  M.  text-placeholder\n0 errors, 1 warning\n');
    expect(JSON.parse(formatDiagnostics('json', [diagnostic]))).toEqual([diagnostic]);
  });

  it('notes build --format github prints annotations on stdout; --format junit is refused (exit 2)', async () => {
    const dir = await testdir({
      'notes/f/collection.yaml': await readFile(path.join(FIXTURES, 'footnote-unused', 'collection.yaml'), 'utf8'),
      'notes/f/w.md': await readFile(path.join(FIXTURES, 'footnote-unused', 'w.md'), 'utf8'),
    });
    const notes = path.join(dir, 'notes');
    const out = path.join(dir, 'output');
    const built = await runCli(['build', '--notes', notes, '--out', out, '--no-pdf', '--format', 'github']);
    expect(built.code).toBe(0);
    expect(built.stdout).toBe(`::warning file=${path.relative(process.cwd(), path.join(notes, 'f/w.md'))},line=39,col=1,endLine=39,endColumn=28,title=footnote-unused::${FOOTNOTE}\n`);
    expect(await runCli(['build', '--notes', notes, '--out', path.join(dir, 'other'), '--no-pdf', '--format', 'junit'])).toEqual({
      code: 2,
      stdout: '',
      stderr: '--format junit is for notes validate (one test case per note checked): run notes validate --format junit, and build with --format text, json or github.\n',
    });
  });
});

describe('text from a note printed to a terminal', () => {
  const at = (file: string, message: string): Diagnostic => ({ file, line: 2, column: 3, endLine: null, endColumn: null, severity: 'error', ruleId: 'schema-value', message });

  it('shows every control character as \\u{…}: C0 but tab, DEL, C1, separators, bidi overrides and isolates', () => {
    expect(terminalSafe('a\u001b[2Kb\rc\bd\u0000e\u007ff\u0085g\u009bh')).toBe('a\\u{1b}[2Kb\\u{d}c\\u{8}d\\u{0}e\\u{7f}f\\u{85}g\\u{9b}h');
    expect(terminalSafe('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\n')).toBe(
      '\\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{202e}\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{2028}\\u{2029}\\u{a}',
    );
    for (let code = 0; code <= 0x9f; code++) {
      const c = String.fromCharCode(code);
      const plain = code === 9 || (code >= 0x20 && code < 0x7f);
      expect(terminalSafe(c) === c, `U+${code.toString(16)}`).toBe(plain);
    }
  });

  it('keeps line feeds, and only them, for a message of several lines', () => {
    expect(terminalSafe('one\ntwo\r\u001b[2K', true)).toBe('one\ntwo\\u{d}\\u{1b}[2K');
  });

  it('leaves text alone: tabs, accents, other scripts, marks that do not reorder, emoji', () => {
    const text = "Tab\there: café, Oʻzbekiston, Ўзбекистон, العربية\u200f, 中文, 👩‍👩‍👧, \u00a0, \u200b";
    expect(terminalSafe(text)).toBe(text);
  });

  it('the text report keeps one line per problem whatever the file name and message hold', () => {
    const out = formatText([at('notes/c/\u001b[2Kevil.md', 'Forged\r\u001b[2K\nnotes/c/good.md:1:1  error  fake  x'), at('notes/c/\u202egood.md', 'ok')]);
    expect(out).toBe(
      'notes/c/\\u{1b}[2Kevil.md:2:3  error  Forged\\u{d}\\u{1b}[2K\\u{a}notes/c/good.md:1:1  error  fake  x  schema-value\n' +
        'notes/c/\\u{202e}good.md:2:3  error  ok  schema-value\n' +
        '2 errors, 0 warnings\n',
    );
  });

  it('the GitHub report keeps one command per problem: no line break, no second ::', () => {
    const out = formatGithub([at('notes/c/a\nb.md', 'x\n::error file=notes/c/good.md::forged\r\u001b]0;t\u0007')]);
    expect(out.split('\n')).toEqual(['::error file=notes/c/a\\u{a}b.md,line=2,col=3,title=schema-value::x\\u{a}::error file=notes/c/good.md::forged\\u{d}\\u{1b}]0;t\\u{7}', '']);
  });

  it('the JUnit report stays well-formed XML, with the controls shown', () => {
    const xml = formatJunit([at('n/f/\u0000\u001b.md', 'A\u0000B\u0085\u202e')], { checked: ['n/f/\u0000\u001b.md'] });
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u0085\u202e]/);
    const testcase = parseJunit(xml).testsuite[0]?.testcase[0];
    expect(testcase?.name).toBe('n/f/\\u{0}\\u{1b}.md');
    expect(testcase?.failure?.[0]?.message).toBe('line 2: A\\u{0}B\\u{85}\\u{202e} (schema-value)');
  });

  it('the JSON report keeps the text as it is, escaped as JSON', () => {
    const out = formatDiagnostics('json', [at('n/\u001b.md', 'A\u0000B')]);
    expect(out).not.toMatch(/[\u0000-\u0009\u000B-\u001F]/);
    expect((JSON.parse(out) as Diagnostic[])[0]?.message).toBe('A\u0000B');
  });
});

describe('the place of a diagnostic', () => {
  it('is never line 0: an invalid place points at line 1, column 1; a missing column at column 1', () => {
    expect(validPlace({ line: 0, column: 1 })).toEqual({ line: 1, column: 1 });
    expect(validPlace({ line: -3, column: 5 })).toEqual({ line: 1, column: 1 });
    expect(validPlace({ line: Number.NaN, column: 5 })).toEqual({ line: 1, column: 1 });
    expect(validPlace({ line: 4, column: 0 })).toEqual({ line: 4, column: 1 });
    expect(validPlace({ line: 2.5, column: 1 })).toEqual({ line: 1, column: 1 });
    expect(validPlace({ start: { line: 0, column: 0 }, end: { line: 0, column: 9 } })).toEqual({ line: 1, column: 1 });
    // A span that ends before it starts is its start.
    expect(validPlace({ start: { line: 5, column: 3 }, end: { line: 4, column: 1 } })).toEqual({ line: 5, column: 3 });
  });

  it('keeps a valid place as it is, and a missing one missing (a problem of the whole file)', () => {
    const span = { start: { line: 2, column: 3 }, end: { line: 2, column: 9 } };
    expect(validPlace(span)).toBe(span);
    expect(validPlace({ line: 7, column: 2 })).toEqual({ line: 7, column: 2 });
    expect(validPlace(undefined)).toBeUndefined();
  });

  it('is made valid when a diagnostic is made, and again when it is collected', () => {
    const file = new VFile({ path: 'n/a.md', value: 'x' });
    report(file, 'limit-exceeded', 'Too big.', { line: 0, column: 1 });
    file.message('Made elsewhere.', { place: { line: 0, column: 0 }, ruleId: 'yaml-syntax', source: 'notes' });
    expect(collectDiagnostics([file]).map((d) => [d.line, d.column])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });
});
