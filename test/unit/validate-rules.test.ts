import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/diagnostics/catalog.js';
import { runCli } from '../helpers/cli.js';
import { conceptNote, FORUM_YAML, testdir } from '../helpers/project.js';

/** One diagnostic as `notes validate --format json` prints it, and the parts asserted here. */
interface Printed {
  file: string;
  line: number | null;
  column: number | null;
  severity: string;
  ruleId: string;
  message: string;
}
type Expected = [rule: string, severity: 'error' | 'warning', file: string, line: number | null, column: number | null, says: string];

const FIXTURES = 'test/fixtures';

/** Validate a project through the CLI, as a user would; paths in the result are relative to `root`. */
async function validate(root: string): Promise<{ code: number; diagnostics: Printed[] }> {
  const { code, stdout, stderr } = await runCli(['validate', '--notes', root, '--format', 'json']);
  expect(stderr).toBe('');
  const diagnostics = (JSON.parse(stdout) as Printed[]).map((d) => ({ ...d, file: path.relative(root, d.file).split(path.sep).join('/') }));
  return { code, diagnostics };
}

/** Check every diagnostic exactly (rule, severity, file, line, column) and a fragment of its message. */
function expectDiagnostics(diagnostics: Printed[], expected: Expected[]): void {
  expect(diagnostics.map((d) => [d.ruleId, d.severity, d.file, d.line, d.column])).toEqual(
    expected.map(([rule, severity, file, line, column]) => [rule, severity, file, line, column]),
  );
  expected.forEach(([, , , , , says], i) => expect(diagnostics[i]?.message).toContain(says));
  // Sentences joined from parts (a schema's description after a message) never end in "..".
  for (const d of diagnostics) expect(d.message).not.toMatch(/\.\.(\s|$)/);
}

/**
 * Each fixture in test/fixtures/<condition>/ is a small valid project (collection.yaml + a note)
 * broken in one way. The table gives the exit code of `notes validate` and everything it says:
 * rule, severity, file, line, column, and a fragment of the message a non-programmer reads.
 */
const cases: [fixture: string, exit: 0 | 1, diagnostics: Expected[]][] = [
  // Front matter
  ['no-front-matter', 1, [['front-matter-missing', 'error', 'w.md', 1, 1, 'A note must start with front matter: a line `---`, YAML fields, and another `---`.']]],
  ['js-front-matter', 1, [['front-matter-language', 'error', 'w.md', 1, 1, 'found `---js`. It was not read, and code in it is never run.']]],
  ['javascript-front-matter', 1, [['front-matter-language', 'error', 'w.md', 1, 1, 'found `---javascript`. It was not read, and code in it is never run.']]],
  ['unclosed-front-matter', 1, [['front-matter-unclosed', 'error', 'w.md', 1, 1, 'is never closed: add a line `---` after the last field']]],
  ['yaml-syntax', 1, [['yaml-syntax', 'error', 'w.md', 5, 8, 'The YAML cannot be read in `title`: a value that contains ": " must be put in quotes']]],
  ['duplicate-key', 1, [['yaml-syntax', 'error', 'w.md', 6, 1, 'The field `title` appears twice here: each field may appear only once.']]],
  // Fixed after they were found (they were it.fails rows of `bugs`):
  ['contact-missing-email', 1, [['schema-required', 'error', 'w.md', 15, 5, 'The field `email` is missing from contacts › 2.']]],
  ['empty-title', 1, [['schema-length', 'error', 'w.md', 5, 8, 'The field `title` must not be empty.']]],
  ['escaped-footnote', 0, []],
  ['image-reference-no-alt', 1, [['image-alt', 'error', 'w.md', 19, 1, 'The image [logo] has no alternative text']]],
  ['yaml-unclosed-quote', 1, [['yaml-syntax', 'error', 'w.md', 5, 8, 'The YAML cannot be read in `title`: a quote or bracket opened here is never closed']]],
  // <img/onerror=…> is not HTML to CommonMark: it stays literal, escaped text, so nothing is removed.
  ['raw-html-handler', 0, []],
  ['not-mapping', 1, [['yaml-not-mapping', 'error', 'w.md', 2, 1, 'The front matter must be a list of `key: value` fields.']]],
  // Limits and addresses (test/hostile has the hostile versions of these).
  ['deep-list', 1, [['limit-exceeded', 'error', 'w.md', 21, 1, 'This line nests lists or block quotes 40 levels deep; the limit is 32.']]],
  // A YAML escape is reported at the escape; a character written as it is, at its column.
  [
    'text-control',
    1,
    [
      ['text-control', 'error', 'w.md', 5, 15, 'The escape \\e writes the control character U+001B (escape), which no page can show: remove it.'],
      ['text-control', 'error', 'w.md', 19, 7, 'U+000B (a line break pasted from Word), which no page can show: write a space or start a new line (notes validate --fix puts a space).'],
    ],
  ],
  [
    'private-link',
    0,
    [
      ['url-private', 'warning', 'w.md', 19, 12, 'The link http://192.168.1.10/forum points at 192.168.1.10, which readers cannot reach'],
      ['url-private', 'warning', 'w.md', 19, 58, 'The link http://localhost:8080/ points at localhost'],
    ],
  ],
  [
    'placeholder',
    0,
    [
      ['text-placeholder', 'warning', 'w.md', 5, 8, '"{{TITLE}}" looks like a template placeholder'],
      ['text-placeholder', 'warning', 'w.md', 19, 20, '"{{ topic }}" looks like a template placeholder'],
    ],
  ],
  [
    'scaffold-placeholder',
    0,
    [
      ['placeholder', 'warning', 'w.md', 5, 8, '"Title of the workshop" is a placeholder notes new wrote: replace it with the workshop\'s title'],
      ['placeholder', 'warning', 'w.md', 14, 12, '"name@example.org" is a placeholder notes new wrote'],
      ['placeholder', 'warning', 'w.md', 23, 1, '"Write here what the workshop aims to achieve and what par…" is a placeholder'],
    ],
  ],
  ['merge-key', 1, [['yaml-alias', 'error', 'w.md', 13, 5, 'The merge key << is not allowed: write the keys out in full.']]],
  ['kind-missing', 1, [['kind-unknown', 'error', 'w.md', 2, 1, 'The field `kind` is missing: add `kind: concept-note`']]],
  ['kind-unknown', 1, [['kind-unknown', 'error', 'w.md', 2, 7, '"concept-paper" is not a kind of note: use one of concept-note, project-notification, project-summary.']]],
  // Schema
  ['missing-required', 1, [['schema-required', 'error', 'w.md', 2, 1, 'The field `title` is missing.']]],
  ['unknown-key', 1, [['schema-unknown-key', 'error', 'w.md', 7, 1, '`language` is not a field of this kind of note: check its spelling. Allowed here: kind, forum, workshop']]],
  // Field names as the author wrote them, never re-cased; the field's description follows as a sentence of its own.
  ['wrong-type', 1, [['schema-type', 'error', 'w.md', 11, 14, 'The field `minutes` of sessions › 1 should be a whole number, not text. Optional length of the session in minutes, e.g. 50.']]],
  // A workshop is numbered (7) or labelled (II, B, A2): "one" is neither. The branch that failed has no description, the field's is given.
  ['workshop-label', 1, [['schema-pattern', 'error', 'w.md', 4, 11, 'The field `workshop` is not written as it should be: "one". The workshop\'s number within the forum']]],
  ['bad-email', 1, [['schema-format', 'error', 'w.md', 14, 12, '"ada@un" is not a valid email address (contacts › 1 › email): write it as name@domain']]],
  ['bad-date', 1, [['schema-format', 'error', 'w.md', 6, 7, '"2025-06-31" is not a valid date (date): write it as YYYY-MM-DD']]],
  ['bad-enum', 1, [['schema-value', 'error', 'w.md', 11, 14, 'The field `minutes` of sessions › 1 must be at least 1, not 0.']]],
  // The value, then the schema's description as a sentence of its own (one full stop between them).
  ['bad-forum-id', 1, [['schema-pattern', 'error', 'w.md', 3, 8, 'The field `forum` is not written as it should be: "Test Forum". The id of the forum (collection)']]],
  // A note may name no contact person (no contact block is printed); a workshop has a language.
  ['empty-contacts', 0, []],
  ['empty-languages', 1, [['schema-length', 'error', 'w.md', 6, 12, 'The field `languages` needs at least 1 item. Languages the workshop is conducted in']]],
  // Collections and cross-note checks
  ['collection-missing', 1, [['collection-missing', 'error', 'w.md', 1, 1, 'This note is in no collection: put it in a folder with a collection.yaml']]],
  ['duplicate-collection-id', 1, [['collection-duplicate-id', 'error', 'copy/collection.yaml', 1, 5, 'The collection id "test-forum" is already used by']]],
  ['forum-mismatch', 1, [['forum-mismatch', 'error', 'w.md', 3, 8, 'The note says forum "other-forum" but its folder belongs to the forum "test-forum"']]],
  ['forum-kind', 1, [['forum-kind', 'error', 'w.md', 2, 7, 'which is a programme, not a forum: move it to a forum\'s folder.']]],
  ['duplicate-workshop', 1, [['workshop-duplicate', 'error', 'b.md', 4, 11, 'Workshop 1 is already the number of']]],
  ['date-outside-forum', 1, [['date-outside-forum', 'error', 'w.md', 6, 7, "The date 2025-07-01 is outside the forum's dates (2025-06-23 to 2025-06-25)."]]],
  ['date-outside-forum-days', 1, [['date-outside-forum', 'error', 'w.md', 6, 20, "The date 2025-07-01 is outside the forum's dates (2025-06-23 to 2025-06-25)."]]],
  ['date-order', 1, [['date-order', 'error', 'w.md', 8, 8, 'The range ends (2025-06-24) before it starts (2025-06-25).']]],
  ['collection-date-order', 1, [['date-order', 'error', 'collection.yaml', 6, 8, 'The range ends (2025-06-20) before it starts (2025-06-23).']]],
  // Body
  // Sections are an editor's checklist: a missing one is a warning naming the headings that count as it.
  ['section-missing', 0, [['section-missing', 'warning', 'w.md', 17, 1, 'The section "Objective" is missing: add a heading `## Objective` with its text. These headings count as it, in any order: Objective, Objectives']]],
  ['text-before-section', 0, [['text-before-section', 'warning', 'w.md', 17, 1, "This text comes before the first `##` section, but a note's body starts with its first section (the title comes from the front matter): move the text under one, e.g. `## Introduction`."]]],
  // Numbered headings, longer forms, another order, session headings with a time or a room after the title, good addresses.
  ['real-document', 0, []],
  ['heading-h1', 1, [['heading-h1', 'error', 'w.md', 17, 1, 'The heading "A Test Workshop" uses `#`: the title comes from the front matter, so start body sections at `##`.']]],
  ['session-date', 1, [['session-date', 'error', 'w.md', 12, 11, "Session 1 is on 2025-06-24, a day the workshop does not meet (2025-06-23, 2025-06-25): correct the session's date or the workshop's."]]],
  ['session-time', 0, [['session-time', 'warning', 'w.md', 7, 7, "The sessions last 90 minutes, more than the 60 the workshop's hours give (09:00–10:00): shorten a session or correct the hours."]]],
  ['time-zone-unknown', 0, [['time-zone-unknown', 'warning', 'w.md', 7, 31, '"Asia/Samarcand" is not a time zone this machine knows']]],
  ['session-mismatch', 1, [['session-mismatch', 'error', 'w.md', 31, 1, 'The heading says "Welcome" but the front matter\'s sessions › 1 › title says "Opening": make them the same.']]],
  ['session-missing-heading', 1, [['session-mismatch', 'error', 'w.md', 12, 5, 'Session 2 "Closing" is in the front matter but has no `### Session 2: …` heading']]],
  ['footnote-undefined', 1, [['footnote-undefined', 'error', 'w.md', 19, 20, 'The footnote reference [^1] has no definition: add a line `[^1]: …`']]],
  ['footnote-unused', 0, [['footnote-unused', 'warning', 'w.md', 39, 1, 'The footnote [^1] is defined but never referenced in the text: reference it or remove it.']]],
  ['missing-link', 1, [['link-missing', 'error', 'w.md', 19, 9, 'The link "annex.pdf" points to annex.pdf, which does not exist in the notes folder.']]],
  ['missing-image', 1, [['image-missing', 'error', 'w.md', 19, 1, 'The image "images/logo.png" points to images/logo.png, which does not exist']]],
  ['missing-logo', 1, [['image-missing', 'error', 'w.md', 16, 8, 'The logo "logo.png" points to logo.png, which does not exist']]],
  ['image-no-alt', 1, [['image-alt', 'error', 'w.md', 19, 1, 'The image logo.png has no alternative text: write what it shows between the brackets']]],
  [
    'link-outside',
    1,
    [
      ['link-outside', 'error', 'w.md', 19, 5, 'The link "../../../etc/passwd" points outside the notes folder.'],
      ['link-outside', 'error', 'w.md', 19, 42, 'The link "file:///etc/passwd" uses "file:", which notes do not allow'],
    ],
  ],
  ['image-remote', 0, [['image-remote', 'warning', 'w.md', 19, 1, 'The image https://example.org/logo.png is on the web: PDFs never fetch anything']]],
  ['raw-html', 0, [['html-removed', 'warning', 'w.md', 19, 1, 'This HTML is not allowed in a note']]],
  [
    'email-invalid',
    0,
    [
      ['email-invalid', 'warning', 'w.md', 19, 36, '"unpsf@un" is not a valid email address (written in the text): write it as name@domain, e.g. name@un.org.'],
      ['email-invalid', 'warning', 'w.md', 19, 50, 'The mailto: link to ada@un.org also sets "bcc", which a mail program reads as more recipients or headers'],
    ],
  ],
  // Language editions
  ['translation-source-missing', 1, [['translation-source-missing', 'error', 'w.fr.md', 1, 1, 'This fr edition has no source note w.md beside it']]],
  ['translation-fact', 1, [['translation-fact', 'error', 'w.fr.md', 22, 11, '`workshop` is 2 here but 1 in the source: facts come from the source, so remove it from the translation.']]],
  ['translation-stale', 0, [['translation-stale', 'warning', 'w.fr.md', 7, 5, 'changed since this edition was translated (Introduction): see `notes translate status`.']]],
  ['translation-language', 0, [['translation-language', 'warning', 'w.fr.md', 4, 9, 'fr is not among the languages of test-forum (en): add it to']]],
  ['uz-apostrophe', 0, [['uz-apostrophe', 'warning', 'w.uz-Latn.md', 30, 2, '"O\'zbekiston" uses \' (U+0027) where Uzbek Latin writes ʻ (U+02BB): Oʻzbekiston']]],
  // The control: the same project, unbroken.
  ['valid', 0, []],
];

/**
 * Fixtures that show a bug in src (see the report in the test names): what validate should say.
 * They run as `it.fails`, so they turn red the day the bug is fixed and can move to `cases`.
 */
const bugs: [fixture: string, bug: string, exit: 0 | 1, diagnostics: Expected[]][] = [
  ['yaml-alias', 'the anchor &t is at column 8 of `title: &t A Test Workshop`, but is reported at the value after it (column 11)', 1, [['yaml-alias', 'error', 'w.md', 5, 8, 'The anchor &t is not allowed: write each value out in full.']]],
];

describe('each validation rule, on a fixture that breaks it', () => {
  it.each(cases)('%s → exit %i', async (fixture, exit, expected) => {
    const { code, diagnostics } = await validate(path.join(FIXTURES, fixture));
    expectDiagnostics(diagnostics, expected);
    expect(code).toBe(exit);
  });

  it.fails.each(bugs)('src bug, %s: %s', async (fixture, _bug, exit, expected) => {
    const { code, diagnostics } = await validate(path.join(FIXTURES, fixture));
    // Compare only the columns the bug is about (null: not asserted).
    const shown = diagnostics.map((d, i) => ({ ...d, column: expected[i]?.[4] === null ? null : d.column }));
    expectDiagnostics(shown, expected);
    expect(code).toBe(exit);
  });

  it('has a row for every fixture folder, and a folder for every row', async () => {
    const folders = (await readdir(FIXTURES, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).toEqual([...cases.map(([f]) => f), ...bugs.map(([f]) => f)].sort());
  });
});

describe('messages a non-programmer can act on', () => {
  it('a repeated key names the key', async () => {
    const { diagnostics } = await validate(path.join(FIXTURES, 'duplicate-key'));
    expect(diagnostics[0]?.message).toContain('title');
  });

  it('a colon inside a value names the field', async () => {
    const { diagnostics } = await validate(path.join(FIXTURES, 'yaml-syntax'));
    expect(diagnostics[0]?.message).toContain('title');
  });
});

describe('files that are not text (written as bytes)', () => {
  it('reports invalid UTF-8 and NUL bytes as file-encoding, and the other notes still validate, exit 1', async () => {
    const dir = await testdir({
      'c/collection.yaml': FORUM_YAML,
      'c/latin1.md': Buffer.concat([Buffer.from(conceptNote().replace('Intro.', 'Caf')), Buffer.from([0xe9]), Buffer.from('.\n')]),
      'c/nul-byte.md': conceptNote({ body: 'Intro\u0000duction\n' }).replace('workshop: 1', 'workshop: 2'),
      // A warning of its own shows that this note is still read and checked.
      'c/good.md': `${conceptNote().replace('workshop: 1', 'workshop: 3')}\n[^1]: Unused.\n`,
    });
    const { code, diagnostics } = await validate(dir);
    expectDiagnostics(diagnostics, [
      ['footnote-unused', 'warning', 'c/good.md', 39, 1, 'The footnote [^1] is defined but never referenced'],
      ['file-encoding', 'error', 'c/latin1.md', null, null, 'This file is not UTF-8 text: save it as UTF-8.'],
      ['file-encoding', 'error', 'c/nul-byte.md', 17, 1, 'This file contains a NUL character, which text never does: remove it.'],
    ]);
    expect(code).toBe(1);
  });

  it('says nothing about the same notes once they are valid UTF-8 (the control)', async () => {
    const dir = await testdir({
      'c/collection.yaml': FORUM_YAML,
      'c/latin1.md': Buffer.from(conceptNote().replace('Intro.', 'Café.')),
    });
    expect(await validate(dir)).toEqual({ code: 0, diagnostics: [] });
  });
});

describe('contact addresses', () => {
  const withEmail = (email: string): string => conceptNote().replace('email: ada@un.org', `email: ${JSON.stringify(email)}`);

  it.each([
    ['ada?cc=attacker@evil.example', 'it holds "?"'],
    ['a%0Abcc=x@b.org', 'it holds "%"'],
    ['a&bcc=x@b.org', 'it holds "&"'],
    ['a=b@un.org', 'it holds "="'],
    ['a#b@un.org', 'it holds "#"'],
    ['a@b.org?cc=x', 'it holds "?"'],
    ['ada@un.org, eve@evil.example', 'it holds ","'],
    ['ada@un.org;eve@evil.example', 'it holds ";"'],
    ['a b@un.org', 'it holds the character U+0020'],
    ['a@b.org\r\nBcc: x', 'it holds the character U+000D'],
    ['<ada@un.org>', 'it holds "<"'],
    ['ada@un.org@evil.example', 'it holds a second @'],
  ])('%s is an error at its line that names what makes it more than one address', async (email, says) => {
    const root = await testdir({ 'c/collection.yaml': FORUM_YAML, 'c/w.md': withEmail(email) });
    const { code, diagnostics } = await validate(root);
    expect(code).toBe(1);
    const format = diagnostics.find((d) => d.ruleId === 'schema-format');
    expect([format?.line, format?.column]).toEqual([14, 12]);
    expect(format?.message).toContain(`is not one email address (contacts › 1 › email): ${says}`);
    expect(format?.message).toContain('Write one address, e.g. name@un.org.');
  });

  it.each(["o'brien@un.org", 'first.last+tag@sub.un.org', 'ada@xn--mnchen-3ya.de', 'a_b-c@un-habitat.org', 'x@a.co'])('%s is valid', async (email) => {
    const root = await testdir({ 'c/collection.yaml': FORUM_YAML, 'c/w.md': withEmail(email) });
    expect(await validate(root)).toEqual({ code: 0, diagnostics: [] });
  });

  it('a domain in another script is asked for in its xn-- form', async () => {
    const root = await testdir({ 'c/collection.yaml': FORUM_YAML, 'c/w.md': withEmail('ada@münchen.de') });
    const { diagnostics } = await validate(root);
    expect(diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['schema-format', 14]]);
    expect(diagnostics[0]?.message).toContain('in its xn-- form');
  });
});

describe('the catalog', () => {
  it('has every rule exercised here, except those only a build or the file system can cause', () => {
    const covered = new Set([...cases.flatMap(([, , ds]) => ds.map(([rule]) => rule)), 'file-encoding']);
    const uncovered = Object.keys(rules).filter((id) => !covered.has(id));
    // file-unreadable: needs an unreadable file (permissions); print-failed: test/print/print-faults;
    // browser-missing: test/unit/browser.test.ts; file-symlink: test/hostile (a link in a fixture
    // would be a link in the repository); config-invalid, config-syntax: test/unit/config.test.ts and
    // test/cli/config.test.ts (a config file, not a note); name-unsafe: test/hostile/cases-names.ts
    // (a fixture would need such a file name in the repository); theme-invalid: test/theme (a config's
    // theme, not a note); kind-invalid: test/kinds/kind-load.test.ts (a kind's folder, not a note).
    // None comes from `notes validate` on a fixture.
    expect(uncovered.sort()).toEqual(['browser-missing', 'config-invalid', 'config-syntax', 'file-symlink', 'file-unreadable', 'kind-invalid', 'name-unsafe', 'print-failed', 'theme-invalid']);
  });

  it('gives each fixture the severity the catalog gives its rule', () => {
    const wrong = cases.flatMap(([, , ds]) => ds).filter(([rule, severity]) => rules[rule as keyof typeof rules].severity !== severity);
    expect(wrong).toEqual([]);
  });
});
