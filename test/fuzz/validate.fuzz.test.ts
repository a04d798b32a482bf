import fc from 'fast-check';
import type { Point } from 'unist';
import { VFile } from 'vfile';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYamlText, stringify } from 'yaml';
import { rules } from '../../src/diagnostics/catalog.js';
import { hasErrors } from '../../src/diagnostics/report.js';
import type { Project } from '../../src/model/types.js';
import { createParser } from '../../src/parse/parse.js';
import { loadResources } from '../../src/load/resources.js';
import { compileSchemas } from '../../src/validate/schema.js';
import { validateProject, type ValidateContext } from '../../src/validate/validate.js';
import { conceptNote, FORUM_YAML } from '../helpers/project.js';

// Property-based fuzzing of the validate path (parse → YAML → schema → body checks), in memory:
// whatever bytes a note holds, validation never throws, and every message it leaves is a
// catalogued rule at a real place in the file, never a leaked exception.
// FUZZ_RUNS sets the number of cases per property (`npm run fuzz` runs 10,000); FUZZ_SEED replays.

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 100);
const SEED = process.env['FUZZ_SEED'];
const PARAMS: fc.Parameters<unknown> = { numRuns: RUNS, ...(SEED !== undefined && SEED !== '' && { seed: Number(SEED) }) };

const COLLECTION_DIR = 'test-forum';
const NOTE = `${COLLECTION_DIR}/workshop-1.md`;
const EDITION = `${COLLECTION_DIR}/workshop-1.fr.md`;
/** Other files of the notes folder, so that some local links resolve. */
const OTHER_FILES = [`${COLLECTION_DIR}/annex.pdf`, `${COLLECTION_DIR}/map.png`, `${COLLECTION_DIR}/other.md`];

let context: ValidateContext;

beforeAll(async () => {
  const resources = await loadResources();
  context = { parser: createParser(), validators: compileSchemas(resources.schemas, resources.kinds), messages: resources.messages };
});

/** A project of one valid forum and the given notes (path relative to the notes folder → content). */
function project(notes: Record<string, string | Uint8Array>, collectionYaml: string = FORUM_YAML): Project {
  const collection = new VFile({ path: `notes/${COLLECTION_DIR}/collection.yaml`, value: collectionYaml, data: { relative: `${COLLECTION_DIR}/collection.yaml` } });
  const files = new Set([`${COLLECTION_DIR}/collection.yaml`, ...OTHER_FILES, ...Object.keys(notes)]);
  return {
    root: 'notes',
    collections: [{ file: collection, dir: COLLECTION_DIR }],
    notes: Object.entries(notes).map(([relative, value]) => new VFile({ path: `notes/${relative}`, value, data: { relative } })),
    files,
  };
}

/** The text of a file as validation saw it (decoded and BOM-stripped when it could be). */
function textOf(file: VFile): string {
  const value = file.value;
  const text = typeof value === 'string' ? value : new TextDecoder('utf-8').decode(value);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** Text that looks like an exception rather than a sentence for an author. */
const LEAKS = [
  /^\s*at\s+(?:\S+\s+)?\(?(?:file:|node:|\/|[A-Za-z]:\\)[^\n]*:\d+:\d+\)?\s*$/m,
  /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|InternalError|AggregateError)\b/,
  /Cannot read propert|is not a function|is not iterable|undefined is not|Maximum call stack/,
  /\[object Object\]/,
];

/**
 * Validate `notes` beside a valid forum and check every message of every file. Returns the
 * project so a property can look further.
 */
function validateAndCheck(notes: Record<string, string | Uint8Array>, collectionYaml: string = FORUM_YAML): Project {
  const p = project(notes, collectionYaml);
  // Validation never throws (an exception here fails the property with its stack).
  validateProject(p, context);
  // Nothing a note says reaches Object.prototype (`__proto__` keys, say).
  expect(Object.getOwnPropertyNames(Object.prototype).sort(), 'Object.prototype was polluted').toEqual(PROTOTYPE_KEYS);
  // Nothing is rejected silently: a file without an error is accepted, with its data.
  for (const c of p.collections) if (!hasErrors(c.file)) expect(c.data, `${c.file.path} has no error but no data`).toBeDefined();
  for (const n of p.notes) if (!hasErrors(n)) expect(n.data.note, `${n.path} has no error but was not accepted`).toBeDefined();
  const inputs = [collectionYaml, ...Object.values(notes).map((v) => (typeof v === 'string' ? v : new TextDecoder().decode(v)))];
  for (const file of [...p.collections.map((c) => c.file), ...p.notes]) {
    const text = textOf(file);
    // Lines as YAML counts them (\n) and as Markdown does (\r\n, \r or \n): a place must exist in one.
    const lineSets = [text.split('\n'), text.split(/\r\n|\r|\n/)];
    const exists = (point: Point): boolean => lineSets.some((lines) => point.column <= (lines[point.line - 1]?.length ?? -1) + 1);
    for (const m of file.messages) {
      const where = `${file.path}: [${m.ruleId}] ${m.reason}`;
      // Every message is a rule of the catalog, reported through report().
      expect(Object.hasOwn(rules, m.ruleId ?? ''), `unknown rule id: ${where}`).toBe(true);
      expect(m.source, where).toBe('notes');
      // A place, when given, is a real place of the file (1-based lines and columns).
      const place = m.place;
      const points: Point[] = place === undefined ? [] : 'start' in place ? [place.start, place.end] : [place];
      for (const point of points) {
        expect(Number.isInteger(point.line) && point.line >= 1, `line ${point.line}: ${where}`).toBe(true);
        expect(Number.isInteger(point.column) && point.column >= 1, `column ${point.column}: ${where}`).toBe(true);
        expect(exists(point), `${point.line}:${point.column} is not in the file (no such line, or the line is shorter): ${where}`).toBe(true);
      }
      if (place && 'start' in place) {
        const { start, end } = place;
        expect(end.line > start.line || (end.line === start.line && end.column >= start.column), `span ends before it starts: ${where}`).toBe(true);
      }
      // No exception leaks into a message (unless the author wrote that very text).
      expect(m.cause, `message carries an exception: ${where}`).toBeUndefined();
      for (const leak of LEAKS) {
        const found = leak.exec(m.reason)?.[0];
        if (found !== undefined) expect(inputs.some((input) => input.includes(found.trim())), `leaked exception text "${found}": ${where}`).toBe(true);
      }
    }
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const VALID = conceptNote();
const VALID_FRONT_MATTER_TEXT = /^---\n([\s\S]*?)\n---\n/.exec(VALID)?.[1] ?? '';
const VALID_FRONT_MATTER = parseYamlText(VALID_FRONT_MATTER_TEXT) as Record<string, unknown>;
const VALID_BODY = VALID.slice(VALID.indexOf('\n---\n') + 5);

/** Characters that mean something to YAML, Markdown or a decoder, plus some words the schema knows. */
const TRICKY = fc.constantFrom(
  ...[':', '-', ' ', '  ', '\n', '\r\n', '\r', '\t', '"', "'", '&a', '*a', '<<', '[', ']', '{', '}', '#', '|', '>', '!', '!!js/function', '%YAML 1.1', '@', '`', '?', ',', '\\', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ud800', '\udfff', '\u200b', '\u0000', '\u007f', '---', '...', '~', 'null', 'true', 'no', '0x1F', '.inf', '1e400', '-0', '2025-13-45', 'kind', 'concept-note', 'project-summary', 'forum', 'test-forum', 'workshop', 'title', 'sessions', 'contacts', 'email', 'translation', '__proto__', 'constructor', 'a', 'é', '𝔘', '👩‍👩‍👧', "o'", "g'", '‘', '’', '´', 'ʻ', 'ʼ', '{{x}}', 'http://localhost/', '\u001b[2K', '\u000b', '\u0085', '\u202e', '\\e', '\\0', '\\N', '[^1]', '?cc=', '%0A'],
);

/** Text of every sort: code units, full Unicode, and the characters above. */
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }),
  fc.string({ unit: TRICKY, maxLength: 80 }),
);

/** One edit of a text: insert, delete, replace or duplicate a piece at a position. */
type Edit = { op: 'insert' | 'replace'; at: number; length: number; text: string } | { op: 'delete' | 'duplicate'; at: number; length: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constantFrom('insert' as const, 'replace' as const), at: fc.nat(), length: fc.nat({ max: 12 }), text: fc.oneof(TRICKY, fc.string({ unit: 'binary', maxLength: 6 })) }),
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
);

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    const end = Math.min(out.length, at + edit.length);
    switch (edit.op) {
      case 'insert':
        out = out.slice(0, at) + edit.text + out.slice(at);
        break;
      case 'replace':
        out = out.slice(0, at) + edit.text + out.slice(end);
        break;
      case 'delete':
        out = out.slice(0, at) + out.slice(end);
        break;
      case 'duplicate':
        out = out.slice(0, end) + out.slice(at, end) + out.slice(end);
        break;
    }
  }
  return out;
}

const lineEnding = fc.constantFrom('\n', '\r\n', '\r');

/** A note with a few random edits, in any line-ending style. */
const mutated = (note: string): fc.Arbitrary<string> =>
  fc.tuple(lineEnding, fc.array(editArb, { minLength: 1, maxLength: 6 })).map(([eol, edits]) => applyEdits(note.replace(/\n/g, eol), edits));
const mutatedNote = mutated(VALID);

/** A YAML value of any shape (never throws: anything stringify refuses becomes a string). */
function yamlOf(value: unknown): string {
  try {
    return String(stringify(value) ?? '');
  } catch {
    return String(value);
  }
}

const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 3, withDate: true, withBigInt: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true }));

/** A front-matter key: one the schemas know, or any text. */
const keyArb = fc.oneof(fc.constantFrom(...Object.keys(VALID_FRONT_MATTER), 'code', 'date', 'venue', 'logo', 'translation', '__proto__', 'constructor', 'prototype', '<<', ''), fc.string({ maxLength: 12 }));

/** The valid front matter with keys set to random values, removed, or set deep inside. */
const mutatedFrontMatter = fc
  .array(
    fc.record({ path: fc.array(fc.oneof(keyArb, fc.nat({ max: 3 })), { minLength: 1, maxLength: 3 }), value: fc.option(anyValue, { nil: undefined }) }),
    { minLength: 1, maxLength: 4 },
  )
  .map((changes) => {
    const data = structuredClone(VALID_FRONT_MATTER) as Record<string, unknown>;
    // Set own properties only (`record['__proto__'] = …` would reach Object.prototype), and only on
    // plain objects and arrays (not on a generated boxed string, typed array or frozen value).
    const isContainer = (node: unknown): node is object =>
      typeof node === 'object' && node !== null && (Array.isArray(node) || [Object.prototype, null].includes(Object.getPrototypeOf(node))) && Object.isExtensible(node);
    const define = (node: object, key: string | number, value: unknown): void => {
      const own = Object.getOwnPropertyDescriptor(node, key);
      if (own && !own.configurable) return;
      Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
    };
    for (const { path, value } of changes) {
      let node: unknown = data;
      for (const key of path.slice(0, -1)) {
        if (!isContainer(node)) break;
        const own = Object.getOwnPropertyDescriptor(node, key)?.value as unknown;
        if (isContainer(own)) node = own;
        else {
          const child = {};
          define(node, key, child);
          node = child;
        }
      }
      if (!isContainer(node)) continue;
      const last = path[path.length - 1] as string | number;
      if (value === undefined) Reflect.deleteProperty(node, last);
      else define(node, last, value);
    }
    return data;
  });

/** A note whose front matter is `yaml` and whose body is the valid one. */
function withFrontMatter(yaml: string, body = VALID_BODY): string {
  return `---\n${yaml}${yaml.endsWith('\n') ? '' : '\n'}---\n\n${body}`;
}

/** Invalid UTF-8 and other byte sequences decoders trip on. */
const BAD_BYTES = fc.constantFrom(
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
  [0xef, 0xbb, 0xbf],
  [0x00],
  [0x0d, 0x0a],
  [0x0d],
);

/** The valid note's bytes with bad byte sequences inserted and/or a BOM in front. */
const damagedBytes = fc
  .tuple(fc.boolean(), lineEnding, fc.array(fc.tuple(fc.nat(), BAD_BYTES), { maxLength: 4 }))
  .map(([bom, eol, inserts]) => {
    let bytes = [...new TextEncoder().encode(VALID.replace(/\n/g, eol))];
    for (const [at, seq] of inserts) {
      const i = at % (bytes.length + 1);
      bytes = [...bytes.slice(0, i), ...seq, ...bytes.slice(i)];
    }
    return new Uint8Array(bom ? [0xef, 0xbb, 0xbf, ...bytes] : bytes);
  });

// ---------------------------------------------------------------------------------------------
// Properties

describe('fuzzing validation: no input makes it throw or report outside the catalog', () => {
  it('arbitrary text as a whole note', () => {
    fc.assert(fc.property(anyText, (text) => void validateAndCheck({ [NOTE]: text })), PARAMS);
  });

  it('arbitrary text after an opening fence, and between two fences', () => {
    fc.assert(
      fc.property(anyText, anyText, lineEnding, (head, body, eol) => {
        validateAndCheck({ [NOTE]: `---${eol}${head}` });
        validateAndCheck({ [NOTE]: `---${eol}${head}${eol}---${eol}${body}` });
      }),
      PARAMS,
    );
  });

  it('arbitrary bytes, invalid UTF-8, BOM and NUL included', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), damagedBytes), (bytes) => {
        const p = validateAndCheck({ [NOTE]: bytes });
        const note = p.notes[0] as VFile;
        // Invalid UTF-8 or a NUL is always reported as file-encoding, never read on.
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        if (!valid || bytes.includes(0)) {
          expect(note.messages.map((m) => m.ruleId)).toEqual(['file-encoding']);
          expect(note.data.frontMatter).toBeUndefined();
        }
      }),
      PARAMS,
    );
  });

  it('front matter made by YAML.stringify from arbitrary values', () => {
    fc.assert(fc.property(anyValue, (value) => void validateAndCheck({ [NOTE]: withFrontMatter(yamlOf(value)) })), PARAMS);
  });

  it('the valid front matter with fields changed to arbitrary values or removed', () => {
    fc.assert(
      fc.property(mutatedFrontMatter, (data) => {
        const p = validateAndCheck({ [NOTE]: withFrontMatter(yamlOf(data)) });
        const note = p.notes[0] as VFile;
        // A note is accepted only with the facts the schema requires, of the right types.
        const accepted = note.data.note;
        if (accepted?.kind === 'concept-note') {
          expect(typeof accepted.title === 'string' && accepted.title.trim() !== '').toBe(true);
          // A workshop is numbered, labelled (II, B) or left out; never anything else.
          const workshop = accepted.workshop;
          expect(workshop === undefined || Number.isInteger(workshop) || (typeof workshop === 'string' && /^[\p{Lu}\p{N}][\p{L}\p{N}.]{0,7}$/u.test(workshop))).toBe(true);
          expect(accepted.forum).toBe('test-forum');
        }
      }),
      PARAMS,
    );
  });

  it('the valid concept note with random insertions, deletions and duplications (English or Uzbek forum)', () => {
    // An Uzbek (Latin) forum turns on the apostrophe checks, which index into the text themselves.
    const uzbekForum = FORUM_YAML.replace('languages: [en]', 'languages: [uz-Latn, en]');
    const uzbekNote = VALID.replace('title: A Test Workshop', "title: O'zbekiston ta'limi").replace('Intro.', "Oʻzbek g'alaba, ma`no, so‘z, e´lon, qo'l.");
    fc.assert(
      fc.property(fc.oneof(mutatedNote.map((text) => [text, FORUM_YAML] as const), mutated(uzbekNote).map((text) => [text, uzbekForum] as const)), ([text, collection]) => {
        validateAndCheck({ [NOTE]: text }, collection);
      }),
      PARAMS,
    );
  });

  it('pathological sizes: deep nesting, long lines, runs of emphasis marks, many fields', () => {
    const piece = fc.constantFrom('> ', '- ', '1. ', '  ', '*', '_', '**a', '[', '](', '`', '<a>', '|', 'x', ' ', '\n', '\n\n', '[^1]', '&#1;', 'ʻ');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.integer({ min: 1, max: 3000 })), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 300 }), (runs, fields) => {
        const body = runs.map(([p, n]) => p.repeat(n)).join('');
        const extra = Array.from({ length: fields }, (_, i) => `x${i}: ${i}`).join('\n');
        validateAndCheck({ [NOTE]: conceptNote({ body: `${VALID_BODY}\n${body}\n`, ...(fields > 0 && { frontMatter: `${VALID_FRONT_MATTER_TEXT}\n${extra}` }) }) });
      }),
      { ...PARAMS, numRuns: Math.max(1, Math.ceil(RUNS / 10)) },
    );
  });

  // A front matter over the size limit was once reported at line 0: sizes around every limit, with
  // and without blank lines, in a note and in collection.yaml.
  it('front matters and collection files around the size limits: every place is a real one', () => {
    const field = fc.tuple(fc.nat({ max: 60 }), fc.constantFrom('', '\n', '\n\n', '\r\n'), fc.constantFrom('y', '_', '*', '- ', '> ', '[^1]'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1200 }), field, fc.boolean(), fc.boolean(), (fields, [width, gap, fill], closed, inCollection) => {
        const extra = Array.from({ length: fields }, (_, i) => `x${i}: ${fill.repeat(width)}${i % 7 === 0 ? gap : ''}`).join('\n');
        if (inCollection) validateAndCheck({ [NOTE]: VALID }, `${FORUM_YAML}${extra}\n`);
        else validateAndCheck({ [NOTE]: closed ? conceptNote({ frontMatter: `${VALID_FRONT_MATTER_TEXT}\n${extra}` }) : `---\n${VALID_FRONT_MATTER_TEXT}\n${extra}\n` });
      }),
      { ...PARAMS, numRuns: Math.max(1, Math.ceil(RUNS / 5)) },
    );
  });

  it('a damaged language edition beside its valid source note', () => {
    const edition = `---\ntranslation:\n  source: workshop-1.md\n  lang: fr\n  status: draft\n  segments:\n    fm.title: 43ce89e7ec7e\n    body.0: d753efbab681\ntitle: Un atelier\norganisers:\n  - name: Organisateur\nsessions:\n  - title: Ouverture\n---\n\n${VALID_BODY}`;
    fc.assert(
      fc.property(fc.oneof(fc.array(editArb, { minLength: 1, maxLength: 6 }).map((edits) => applyEdits(edition, edits)), anyText), (text) => {
        const p = validateAndCheck({ [NOTE]: VALID, [EDITION]: text });
        // The source stays valid whatever its edition holds.
        expect((p.notes[0] as VFile).data.note).toBeDefined();
      }),
      PARAMS,
    );
  });

  it('a damaged collection.yaml', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(editArb, { minLength: 1, maxLength: 6 }).map((edits) => applyEdits(FORUM_YAML, edits)), anyText), (yaml) => {
        const p = validateAndCheck({ [NOTE]: VALID }, yaml);
        // A note of a collection that is not valid is never accepted as belonging to it.
        const collection = p.collections[0] as Project['collections'][number];
        if (!collection.data) expect((p.notes[0] as VFile).data.collection).toBeUndefined();
      }),
      PARAMS,
    );
  });

  it('the unchanged fixtures are valid (the harness itself works)', () => {
    const p = validateAndCheck({ [NOTE]: VALID });
    expect((p.notes[0] as VFile).messages).toEqual([]);
    expect((p.notes[0] as VFile).data.note?.title).toBe('A Test Workshop');
  });
});
