import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/report.js';
import { formatDiagnostics, formats } from '../../src/diagnostics/reporters/index.js';
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
    const diagnostic: Diagnostic = { file: 'notes/f/a,b: c.md', line: 3, column: 2, endLine: null, endColumn: null, severity: 'error', ruleId: 'yaml-syntax', message: 'Line one\nline two: 50%' };
    expect(formatGithub([diagnostic])).toBe('::error file=notes/f/a%2Cb%3A c.md,line=3,col=2,title=yaml-syntax::Line one%0Aline two: 50%25\n');
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
    // A parser decodes the references; only the characters XML cannot carry are gone (U+FFFD).
    const decoded = 'A <b>&"quoted"\'</b> ]]> \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD end\ttab\r\nnew';
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
