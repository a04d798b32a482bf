import path from 'node:path';
import { terminalSafe, type Diagnostic } from '../report.js';
import { formatTextLine } from './text.js';

/** What the JUnit report needs besides the problems. */
export interface JunitOptions {
  /** Every file the run checked, as diagnostics name them: a file without problems is a passing test. */
  checked: readonly string[];
  /** Warnings fail too (`--strict`); otherwise they are printed in the test's output only. */
  strict?: boolean;
}

/**
 * A JUnit XML report for CI test panels (GitLab, Jenkins, Azure …): one `<testsuite>` per folder
 * (a collection), one `<testcase>` per checked file. A failing file has one `<failure>` listing
 * every problem at file:line:column — Jenkins reads only the first `<failure>` of a test case.
 */
export function formatJunit(diagnostics: readonly Diagnostic[], options: JunitOptions): string {
  // CI panels show names and messages as they are: a control character from a note is shown, not obeyed.
  const byFile = new Map<string, Diagnostic[]>();
  for (const file of options.checked) byFile.set(terminalSafe(file), []);
  for (const d of diagnostics) {
    const safe = { ...d, file: terminalSafe(d.file), message: terminalSafe(d.message) };
    const list = byFile.get(safe.file);
    if (list) list.push(safe);
    else byFile.set(safe.file, [safe]);
  }

  const suites = new Map<string, string[]>();
  for (const file of [...byFile.keys()].sort(compare)) {
    const suite = path.dirname(file);
    suites.set(suite, [...(suites.get(suite) ?? []), file]);
  }

  const failed = (file: string): boolean => (byFile.get(file) ?? []).some((d) => options.strict === true || d.severity === 'error');
  const body: string[] = [];
  for (const [suite, files] of [...suites].sort(([a], [b]) => compare(a, b))) {
    body.push(`  <testsuite ${attributes({ name: suite, tests: files.length, failures: files.filter(failed).length, errors: 0, skipped: 0, time: 0 })}>`);
    for (const file of files) body.push(...testcase(suite, file, byFile.get(file) ?? [], options.strict === true));
    body.push('  </testsuite>');
  }
  const files = [...byFile.keys()];
  const totals = attributes({ name: 'notes validate', tests: files.length, failures: files.filter(failed).length, errors: 0, skipped: 0, time: 0 });
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${totals}>`, ...body, '</testsuites>', ''].join('\n');
}

function testcase(suite: string, file: string, problems: readonly Diagnostic[], strict: boolean): string[] {
  const failing = problems.filter((d) => strict || d.severity === 'error');
  const output = problems.filter((d) => !failing.includes(d));
  const open = `    <testcase ${attributes({ name: file, classname: suite, file, time: 0 })}`;
  if (problems.length === 0) return [`${open}/>`];
  const lines = [`${open}>`];
  const first = failing[0];
  if (first) {
    const message = failing.length === 1 ? describe(first) : `${failing.length} problems, the first: ${describe(first)}`;
    const type = failing.some((d) => d.severity === 'error') ? 'error' : 'warning';
    lines.push(`      <failure ${attributes({ message, type })}>${xmlText(listing(failing))}</failure>`);
  }
  if (output.length > 0) lines.push(`      <system-out>${xmlText(listing(output))}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

function describe(d: Diagnostic): string {
  return `${d.line === null ? '' : `line ${d.line}: `}${d.message} (${d.ruleId})`;
}

function listing(problems: readonly Diagnostic[]): string {
  return problems.map((d) => `${formatTextLine(d)}\n`).join('');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Characters XML 1.0 cannot hold at all, not even escaped (controls, lone surrogates, U+FFFE/FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: markup characters escaped, characters XML cannot hold replaced by U+FFFD. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes: also quotes, and whitespace a parser would otherwise normalise away. */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}="${xmlAttribute(String(value))}"`)
    .join(' ');
}
