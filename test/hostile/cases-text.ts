import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FORUM_YAML } from '../helpers/project.js';
import { EVIL, evil, type CaseContext, type CaseResult, type HostileCase } from './cases.js';

// Hostile cases of one class (text a note controls: terminal output, contact addresses, control
// characters, places), run by hostile.test.ts with the same invariants as every case.

/** A character a terminal acts on instead of showing it (C0 but tab and the report's own line breaks, DEL, C1, separators, bidi controls). */
const OBEYED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

interface JsonDiagnostic {
  file: string;
  line: number | null;
  column: number | null;
  ruleId: string;
  message: string;
}

/** The diagnostics a build printed (--format json). */
function diagnostics(result: CaseResult): JsonDiagnostic[] {
  return JSON.parse(result.stdout) as JsonDiagnostic[];
}

/** The valid note with the contact's email replaced (`email` is YAML, quoted as needed). */
function contact(email: string): string {
  return evil().replace('email: ada@un.org', `email: ${email}`);
}

/**
 * Validate the case's notes again with the reporters meant to be read in a terminal or a CI log
 * (text, github) and with JUnit: none lets a control character through, each line stays one
 * problem, and `shown` (an escape such as `\u{1b}`) is printed instead.
 */
async function reportsAreSafe(result: CaseResult, shown: string[]): Promise<void> {
  const notes = path.join(result.root, 'notes');
  const text = await runCli(['validate', '--notes', notes, '--format', 'text', '--no-cache']);
  const github = await runCli(['validate', '--notes', notes, '--format', 'github', '--no-cache']);
  const junit = await runCli(['validate', '--notes', notes, '--format', 'junit', '--no-cache']);
  const json = await runCli(['validate', '--notes', notes, '--format', 'json', '--no-cache']);
  const count = (JSON.parse(json.stdout) as unknown[]).length;
  expect(count).toBeGreaterThan(0);
  for (const [name, output] of [['text', text.stderr], ['github', github.stdout]] as const) {
    expect(output, name).not.toMatch(OBEYED);
    for (const s of shown) expect(output, name).toContain(s);
  }
  // One line per problem: no line break from a note can forge another line.
  const problems = text.stderr.split('\n').filter((l) => /  (error|warning)  /.test(l));
  expect(problems).toHaveLength(count);
  const commands = github.stdout.split('\n').filter((l) => l !== '');
  expect(commands).toHaveLength(count);
  for (const line of commands) expect(line).toMatch(/^::(error|warning) file=[^:]*,line=\d+[^:]*::/);
  // The JUnit report is well-formed XML 1.0.
  expect(XMLValidator.validate(junit.stdout)).toBe(true);
  expect(junit.stdout).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
}

/** The cases of this class. */
export function textCases(ctx: CaseContext): HostileCase[] {
  void ctx;
  const terminal = (name: string, files: Record<string, string>, shown: string[], rule?: string): HostileCase => ({
    name,
    files,
    expect: [],
    check: async (result) => {
      const reported = diagnostics(result);
      // The file is reported (a rule of its own when the name alone is refused).
      if (rule) expect(reported.map((d) => d.ruleId)).toContain(rule);
      else expect(reported.some((d) => d.file.endsWith(Object.keys(files)[0] as string))).toBe(true);
      await reportsAreSafe(result, shown);
    },
  });
  const email = (address: string, yaml = JSON.stringify(address)): HostileCase => ({
    name: `the contact email ${JSON.stringify(address)} cannot add recipients or headers`,
    files: { [EVIL]: contact(yaml) },
    expect: [{ rule: 'schema-format', at: 'email:' }],
    check: async (result) => {
      const format = diagnostics(result).find((d) => d.ruleId === 'schema-format');
      expect(format?.message).toMatch(/not one email address|not a valid email address/);
      expect(await result.html()).toBeUndefined();
    },
  });
  const control = (name: string, note: string, at: string, check?: HostileCase['check']): HostileCase => ({
    name,
    files: { [EVIL]: note },
    expect: [{ rule: 'text-control', at }],
    check: async (result) => {
      // The note is not built, so the character reaches no page and no PDF.
      expect(await result.html()).toBeUndefined();
      await check?.(result);
    },
  });
  return [
    // ── Terminal output that a note controls ────────────────────────────────────────────────
    terminal('ESC in a file name is shown, not obeyed, in every report', { 'c/\u001b[2Kevil.md': evil({ fm: 'bogus: 1' }) }, ['\\u{1b}[2Kevil.md']),
    terminal(
      'CR and ESC in a quoted front-matter value cannot erase the error line',
      { [EVIL]: evil().replace('  - name: Test Organiser', '  - name: Test Organiser\n    role: "partner\\r\\e[2K"') },
      ['\\u{d}\\u{1b}[2K'],
      'schema-value',
    ),
    terminal(
      'a bidi override in an organiser cannot reorder the report line',
      { [EVIL]: evil().replace('  - name: Test Organiser', '  - name: Test Organiser\n    role: "\u202Erentrap"') },
      ['\\u{202e}rentrap'],
      'schema-value',
    ),
    terminal(
      'a line break in a value cannot forge another problem line or GitHub command',
      { [EVIL]: evil().replace('  - name: Test Organiser', '  - name: Test Organiser\n    role: "lead\\nnotes/c/good.md:1:1  error  forged  x\\n::error file=c/good.md::forged"') },
      ['\\u{a}notes/c/good.md:1:1  error  forged'],
      'schema-value',
    ),
    terminal('a C1 control (U+009B, CSI) in a heading is shown, not obeyed', { [EVIL]: evil({ body: '# Title\u009b2J\u009b1;1H' }) }, ['\\u{9b}2J'], 'heading-h1'),
    terminal('isolates and separators in a session title are shown, not obeyed', { [EVIL]: evil().replace('title: Opening', 'title: "Open\u2066ing\u2069\u2028"') }, ['\\u{2066}', '\\u{2028}'], 'session-mismatch'),

    // ── Control characters that would reach a page or a PDF's metadata ──────────────────────
    control('a NUL written as "\\0" in the title is reported and reaches no page', evil().replace('title: A Test Workshop', 'title: "A\\0B"'), 'title:'),
    control('"\\e[2J" in the title is reported', evil().replace('title: A Test Workshop', 'title: "\\e[2J"'), 'title:'),
    control('a right-to-left override in the title is reported', evil().replace('title: A Test Workshop', 'title: "\\u202Eexe.txt"'), 'title:'),
    control('U+0085 written as "\\N" in a session title is reported', evil().replace('title: Opening', 'title: "Open\\Ning"'), 'title: "Open'),
    control('a raw ESC in the title is reported at its column', evil().replace('title: A Test Workshop', 'title: A \u001b[8mhidden'), 'title:', (result) => {
      const found = diagnostics(result).find((d) => d.ruleId === 'text-control');
      expect(found?.column).toBe('title: A '.length + 1);
    }),
    control('a pasted Word line break (U+000B) in the body is reported at its line and column', evil({ body: 'One line\u000bthe next line.' }), 'One line', (result) => {
      const found = diagnostics(result).find((d) => d.ruleId === 'text-control');
      expect(found?.column).toBe('One line'.length + 1);
      expect(found?.message).toContain('U+000B');
    }),
    control('a backspace and DEL in a code block are reported', evil({ body: '```\nrm -rf /\u0008\u0008\u0008\u007f safe\n```' }), 'rm -rf'),
    control('5,000 control characters are reported in a bounded list', evil({ body: 'x\u0007'.repeat(5_000) }), 'x\u0007', (result) => {
      const found = diagnostics(result).filter((d) => d.ruleId === 'text-control');
      expect(found.length).toBeLessThanOrEqual(21);
      expect(found.at(-1)?.message).toMatch(/^4980 more control characters/);
    }),
    {
      name: 'an ESC written in collection.yaml is reported there',
      files: {
        'd/collection.yaml': FORUM_YAML.replace('id: test-forum', 'id: other-forum').replace('name: Test Forum', 'name: "Forum \\e]0;owned\\a"'),
        'd/w.md': evil().replace('forum: test-forum', 'forum: other-forum'),
      },
      expect: [{ rule: 'text-control', file: 'd/collection.yaml', at: 'name: "Forum' }],
    },

    // ── Contact addresses that would add recipients or headers ──────────────────────────────
    email('ada?cc=attacker@evil.example'),
    email('a@b.org?cc=x'),
    email('a@b.org&bcc=x'),
    email('a%0Abcc:x@b.org'),
    email('a%0Abcc=x@b.org'),
    email('a@b.org\r\nBcc: x', '"a@b.org\\r\\nBcc: x"'),
    email('a#x@b.org'),
    email('ada@un.org,eve@evil.example'),
    email('<ada@un.org>'),
    {
      name: "real addresses still build: o'brien@un.org, first.last+tag@sub.un.org, an xn-- domain",
      files: {
        [EVIL]: evil().replace(
          '    email: ada@un.org',
          "    email: o'brien@un.org\n  - name: B\n    email: first.last+tag@sub.un.org\n  - name: C\n    email: ada@xn--mnchen-3ya.de",
        ),
      },
      expect: [],
      check: async (result) => {
        expect(diagnostics(result).filter((d) => d.file.endsWith(EVIL))).toEqual([]);
        const html = (await result.html()) ?? '';
        expect(html).toMatch(/href="mailto:o(&#x27;|')brien@un\.org"/);
        expect(html).toContain('href="mailto:first.last+tag@sub.un.org"');
      },
    },

    // ── Diagnostics never point at line 0 ───────────────────────────────────────────────────
    {
      name: 'a front matter over the size limit is reported at its opening line, as a front matter',
      files: { [EVIL]: evil({ fm: Array.from({ length: 700 }, (_, i) => `x${i}: ${'y'.repeat(30)}`).join('\n') }) },
      expect: [{ rule: 'limit-exceeded', line: 1 }],
      check: (result) => {
        const found = diagnostics(result).filter((d) => d.file.endsWith(EVIL));
        expect(found.map((d) => d.line)).not.toContain(0);
        expect(found.find((d) => d.ruleId === 'limit-exceeded')?.message).toMatch(/front matter/);
      },
    },
    {
      name: 'a collection.yaml over the size limit is reported at line 1',
      files: {
        'd/collection.yaml': `${FORUM_YAML.replace('id: test-forum', 'id: other-forum')}${Array.from({ length: 700 }, (_, i) => `x${i}: ${'y'.repeat(30)}`).join('\n')}\n`,
        'd/w.md': evil().replace('forum: test-forum', 'forum: other-forum'),
      },
      expect: [{ rule: 'limit-exceeded', file: 'd/collection.yaml', line: 1 }],
    },
    {
      name: 'underscores in a long front matter are not counted as emphasis marks at line 0',
      files: { [EVIL]: evil({ fm: Array.from({ length: 300 }, (_, i) => `x_${i}: a_b_c`).join('\n') }) },
      expect: [{ rule: 'schema-unknown-key', at: 'x_0:' }],
      check: (result) => {
        const found = diagnostics(result).filter((d) => d.file.endsWith(EVIL));
        expect(found.map((d) => d.ruleId)).not.toContain('limit-exceeded');
        expect(found.map((d) => d.line)).not.toContain(0);
      },
    },

    // ── Inputs that cost super-linear time ─────────────────────────────────────────────────
    {
      name: '9,000 footnotes (under every other limit) are refused before parsing, at the 2,001st mark',
      files: { [EVIL]: evil({ body: footnotes(9000) }) },
      expect: [{ rule: 'limit-exceeded', at: '[^2001]' }],
    },
    {
      name: '20,000 footnote definitions, as dense as a note can hold them, are refused before parsing',
      files: { [EVIL]: evil({ body: Array.from({ length: 20_000 }, (_, i) => `[^${i}]:x`).join('\n\n') }) },
      expect: [{ rule: 'limit-exceeded', at: '[^2000]:' }],
    },
    {
      name: 'one footnote referenced 1,500 times is refused at the 1,001st reference',
      files: { [EVIL]: evil({ body: `${Array.from({ length: 30 }, () => '[^a] '.repeat(50)).join('\n\n')}\n\n[^a]: The source.` }) },
      expect: [{ rule: 'limit-exceeded', line: 61 }],
      check: (result) => {
        const found = diagnostics(result).find((d) => d.ruleId === 'limit-exceeded');
        expect(found?.message).toMatch(/more than 1000 footnote references \(this is the 1001st\)/);
        expect(found?.column).toBe(1);
      },
    },
    {
      name: '1,000 footnotes still build',
      files: { [EVIL]: evil({ body: footnotes(1000) }) },
      expect: [],
      check: async (result) => {
        expect(diagnostics(result).filter((d) => d.file.endsWith(EVIL))).toEqual([]);
        expect(await result.html()).toContain('fn-1000');
      },
    },
  ];
}

/** A body with `n` footnotes, 50 references to a paragraph and one definition to a paragraph. */
function footnotes(n: number): string {
  const refs = Array.from({ length: n / 50 }, (_, p) => Array.from({ length: 50 }, (_, i) => `[^${p * 50 + i + 1}]`).join(' ')).join('\n\n');
  const defs = Array.from({ length: n }, (_, i) => `[^${i + 1}]: x`).join('\n\n');
  return `${refs}\n\n${defs}`;
}
