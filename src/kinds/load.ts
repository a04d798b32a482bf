import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { VFile } from 'vfile';
import { rules } from '../diagnostics/catalog.js';
import type { Diagnostic } from '../diagnostics/report.js';
import type { KindDefinition } from '../model/kind.js';
import type { JsonSchema } from '../model/types.js';
import { lineAndColumn, lineStartsOf, parseYaml, placeOf } from '../parse/yaml-source.js';
import { partialsCalled, templateProblem } from '../render/templates.js';
import { checkSchema } from '../validate/schema.js';

/** The schema of kind.yaml, in the package's schemas/config/. */
export const KIND_SCHEMA = path.join('schemas', 'config', 'kind.schema.json');

/** Where every kind's schema is known, so a kind's `$ref: common.schema.json#/…` finds the shared definitions. */
export const SCHEMA_BASE = 'https://notes.local/schemas/';

/** The names templates have besides the kinds': a kind may not take one. */
const RESERVED = new Set(['layout', 'note', 'combined', 'index', 'collection', 'common', 'translation', 'kind']);

/** What a folder of kinds holds, read and checked: each kind's description, schema, template, partials and labels. */
export interface KindFiles {
  kinds: KindDefinition[];
  /** Each kind's schema, as `<name>.schema.json`. */
  schemas: Record<string, JsonSchema>;
  /** Each kind's template, by the kind's name. */
  templates: Record<string, string>;
  partials: Record<string, string>;
  /** The kinds' labels by language, merged. */
  messages: Record<string, Record<string, string>>;
}

/** How a kind folder is shown in messages, and whether it comes with notes. */
export interface KindsOrigin {
  /** The folder as the user would write it (relative to the working folder for a project's). */
  shown: string;
  builtIn: boolean;
  /**
   * The built-in kinds, for a project's folder: a folder of one of their names adjusts that kind
   * (its kind.yaml's keys over the built-in's, its labels over the built-in's) instead of adding one.
   */
  builtIns?: Readonly<Record<string, { definition: KindDefinition; schema: JsonSchema }>>;
  /** Partials already known (the package's), which a kind's template may call. */
  partials?: ReadonlySet<string>;
}

/**
 * Read every kind in `dir` (one folder each: kind.yaml, schema.json, template.hbs, and optional
 * partials/ and locales/), checking each file: every problem is a `kind-invalid` diagnostic at its
 * place; the kinds are returned only when there is none.
 */
export async function loadKinds(dir: string, origin: KindsOrigin, packageRoot: string): Promise<{ files: KindFiles } | { diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const problem = (file: string, at: { line: number; column: number } | undefined, message: string): void => {
    diagnostics.push({ file, line: at?.line ?? 1, column: at?.column ?? 1, endLine: null, endColumn: null, severity: rules['kind-invalid'].severity, ruleId: 'kind-invalid', message });
  };
  const files: KindFiles = { kinds: [], schemas: {}, templates: {}, partials: {}, messages: {} };
  let entries: string[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (error) {
    problem(origin.shown, undefined, `The kinds folder ${origin.shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): it should hold one folder per kind of note.`);
    return { diagnostics };
  }
  if (entries.length === 0) problem(origin.shown, undefined, `The kinds folder ${origin.shown} holds no kind: give each kind of note a folder with kind.yaml, schema.json and template.hbs.`);
  const validate = await kindValidator(packageRoot);
  const partialNames = new Set(origin.partials ?? []);
  const read = async (file: string, shown: string): Promise<string | undefined> => {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problem(shown, undefined, code === 'ENOENT' ? `${shown} is missing: every kind needs kind.yaml, schema.json and template.hbs.` : `${shown} cannot be read (${code ?? 'error'}).`);
      return undefined;
    }
  };

  for (const name of entries) {
    const folder = path.join(dir, name);
    const shown = (file: string): string => path.join(origin.shown, name, file);
    const before = diagnostics.length;
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || RESERVED.has(name)) {
      problem(shown(''), undefined, `"${name}" cannot name a kind of note: use lower-case letters, digits and dashes, e.g. information-note${RESERVED.has(name) ? `, and not one of ${[...RESERVED].join(', ')}` : ''}.`);
      continue;
    }
    const base = origin.builtIns && Object.hasOwn(origin.builtIns, name) ? origin.builtIns[name] : undefined;
    if (base) {
      const adjusted = await adjustKind(folder, shown, base, packageRoot, problem);
      if (adjusted && diagnostics.length === before) {
        files.kinds.push(adjusted.definition);
        for (const [lang, own] of Object.entries(adjusted.labels)) files.messages[lang] = { ...files.messages[lang], ...own };
      }
      continue;
    }
    const [yamlText, schemaText, template] = await Promise.all([read(path.join(folder, 'kind.yaml'), shown('kind.yaml')), read(path.join(folder, 'schema.json'), shown('schema.json')), read(path.join(folder, 'template.hbs'), shown('template.hbs'))]);

    let definition: KindDefinition | undefined;
    let inYaml: ((keys: readonly (string | number)[]) => { line: number; column: number } | undefined) | undefined;
    if (yamlText !== undefined) {
      const file = new VFile({ path: shown('kind.yaml'), value: yamlText });
      const parsed = parseYaml(file, yamlText, 0);
      if (parsed && checkSchema(file, validate, parsed.data, parsed.source)) {
        definition = { ...(parsed.data as Omit<KindDefinition, 'name' | 'source' | 'builtIn'>), name, source: path.join(origin.shown, name), builtIn: origin.builtIn };
        inYaml = (keys) => placeOf(parsed.source, keys)?.start;
        for (const [keys, message] of crossChecks(definition)) problem(file.path, inYaml(keys), message);
      }
      // The schema's messages speak of a note's fields; here they are kind.yaml's keys.
      for (const m of file.messages) problem(file.path, m.line !== undefined && m.column !== undefined ? { line: m.line, column: m.column } : undefined, m.reason.replace('is not a field of this kind of note', 'is not a key of kind.yaml'));
    }

    let schema: JsonSchema | undefined;
    if (schemaText !== undefined) {
      try {
        schema = JSON.parse(schemaText) as JsonSchema;
      } catch (error) {
        const at = /position (\d+)/.exec(String(error))?.[1];
        problem(shown('schema.json'), at === undefined ? undefined : lineAndColumn(lineStartsOf(schemaText), Number(at)), `schema.json is not JSON: ${(error as Error).message}.`);
      }
      if (schema) {
        for (const message of schemaProblems(schema, name)) problem(shown('schema.json'), placeInJson(schemaText, message.at), message.text);
        if (definition && inYaml) for (const [keys, message] of unknownFields(definition, schema)) problem(shown('kind.yaml'), inYaml(keys), message);
        schema = { ...schema, $id: `${SCHEMA_BASE}${name}.schema.json` };
      }
    }

    if (template !== undefined) {
      const wrong = templateProblem(template);
      if (wrong) problem(shown('template.hbs'), wrong, wrong.message);
    }
    const partials = await readFolder(path.join(folder, 'partials'), '.hbs');
    for (const [partial, text] of Object.entries(partials)) {
      const wrong = templateProblem(text);
      if (wrong) problem(shown(`partials/${partial}.hbs`), wrong, wrong.message);
      else if (files.partials[partial] !== undefined || origin.partials?.has(partial)) problem(shown(`partials/${partial}.hbs`), undefined, `A partial "${partial}" exists already: give this one a name of its own, e.g. ${name}-${partial}.`);
      partialNames.add(partial);
    }
    if (template !== undefined && !templateProblem(template)) {
      for (const call of partialsCalled(template)) {
        if (!partialNames.has(call.name)) problem(shown('template.hbs'), call, `The template calls the partial "${call.name}", which neither notes nor this kind has (${[...partialNames].sort().join(', ')}).`);
      }
    }
    const labels = await readLabels(folder, shown, problem);
    if (!labels['en']?.[`kind.${name}`]) problem(shown('locales/en.json'), undefined, `The kind has no English name: write locales/en.json with "kind.${name}": "…", its name as printed (e.g. "Information Note").`);

    if (diagnostics.length > before || !definition || !schema || template === undefined) continue;
    files.kinds.push(definition);
    files.schemas[`${name}.schema.json`] = schema;
    files.templates[name] = template;
    Object.assign(files.partials, partials);
    for (const [lang, own] of Object.entries(labels)) files.messages[lang] = { ...files.messages[lang], ...own };
  }
  return diagnostics.length > 0 ? { diagnostics } : { files };
}

type Problem = (file: string, at: { line: number; column: number } | undefined, message: string) => void;

/** A kind folder's labels by language (locales/<lang>.json), each file checked. */
async function readLabels(folder: string, shown: (file: string) => string, problem: Problem): Promise<Record<string, Record<string, string>>> {
  const labels: Record<string, Record<string, string>> = {};
  for (const [lang, text] of Object.entries(await readFolder(path.join(folder, 'locales'), '.json'))) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) throw new Error('it should be one object of labels, each a text');
      labels[lang] = parsed as Record<string, string>;
    } catch (error) {
      problem(shown(`locales/${lang}.json`), undefined, `locales/${lang}.json cannot be used: ${(error as Error).message}.`);
    }
  }
  return labels;
}

/**
 * A project's folder named after a built-in kind: its kind.yaml (every key optional) replaces the
 * built-in's keys it gives — the sections a secretariat expects, the facts it prints — and its
 * labels the built-in's. The schema and the template stay the package's: a folder that brings its
 * own is refused (a theme's templates folder replaces a template).
 */
async function adjustKind(
  folder: string,
  shown: (file: string) => string,
  base: { definition: KindDefinition; schema: JsonSchema },
  packageRoot: string,
  problem: Problem,
): Promise<{ definition: KindDefinition; labels: Record<string, Record<string, string>> } | undefined> {
  const name = base.definition.name;
  const present = new Set(await readdir(folder).catch(() => [] as string[]));
  for (const own of ['schema.json', 'template.hbs', 'partials']) {
    if (present.has(own)) problem(shown(own), undefined, `"${name}" is a kind of notes: a folder of that name adjusts it with kind.yaml (its sections, facts, …) and locales/, and cannot replace its ${own} (a theme's templates folder can replace ${name}.hbs; a kind of your own needs a name of its own).`);
  }
  let definition: KindDefinition = base.definition;
  if (present.has('kind.yaml')) {
    const text = await readFile(path.join(folder, 'kind.yaml'), 'utf8').catch(() => undefined);
    if (text === undefined) {
      problem(shown('kind.yaml'), undefined, `${shown('kind.yaml')} cannot be read.`);
      return undefined;
    }
    const file = new VFile({ path: shown('kind.yaml'), value: text });
    const parsed = parseYaml(file, text, 0);
    if (parsed && checkSchema(file, await kindValidator(packageRoot, true), parsed.data ?? {}, parsed.source)) {
      definition = { ...base.definition, ...(parsed.data as Partial<KindDefinition>), name, source: `${base.definition.source}, adjusted by ${shown('kind.yaml')}`, builtIn: true };
      const inYaml = (keys: readonly (string | number)[]): { line: number; column: number } | undefined => placeOf(parsed.source, keys)?.start;
      for (const [keys, message] of [...crossChecks(definition), ...unknownFields(definition, base.schema)]) problem(file.path, inYaml(keys), message);
    }
    for (const m of file.messages) problem(file.path, m.line !== undefined && m.column !== undefined ? { line: m.line, column: m.column } : undefined, m.reason.replace('is not a field of this kind of note', 'is not a key of kind.yaml'));
  }
  return { definition, labels: await readLabels(folder, shown, problem) };
}

/** What the schema of kind.yaml cannot say: the sections and fields named elsewhere in it exist. */
function crossChecks(kind: KindDefinition): [keys: (string | number)[], message: string][] {
  const found: [(string | number)[], string][] = [];
  if (kind.sessions && !kind.sections.some((s) => s.id === kind.sessions?.section)) {
    found.push([['sessions', 'section'], `There is no section "${kind.sessions.section}" in sections: the session headings go in one of ${kind.sections.map((s) => s.id).join(', ')}.`]);
  }
  const ids = new Set<string>();
  for (const [i, section] of kind.sections.entries()) {
    if (ids.has(section.id)) found.push([['sections', i, 'id'], `The section "${section.id}" is listed twice.`]);
    ids.add(section.id);
  }
  return found;
}

/** What makes a kind's schema unusable for notes, each with the key it concerns: no `kind` fixed to the kind's name, no required title. */
function schemaProblems(schema: JsonSchema, name: string): { at: string | undefined; text: string }[] {
  const problems: { at: string | undefined; text: string }[] = [];
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]) : [];
  if (schema['type'] !== 'object') problems.push({ at: 'type', text: 'The schema should describe an object ("type": "object"): the front matter of a note.' });
  if (properties['kind']?.['const'] !== name || !required.includes('kind')) problems.push({ at: 'kind', text: `The schema should require "kind" and fix it to the kind's name: "kind": { "const": "${name}" }.` });
  if (!required.includes('title')) problems.push({ at: 'required', text: 'The schema should require "title": every note has one.' });
  const id = schema['$id'];
  if (id !== undefined && id !== `${SCHEMA_BASE}${name}.schema.json` && id !== `${name}.schema.json`) problems.push({ at: '$id', text: `"$id" should be left out (notes gives it ${SCHEMA_BASE}${name}.schema.json, so "$ref": "common.schema.json#/$defs/…" finds the shared definitions).` });
  return problems;
}

/** The fields kind.yaml names that the schema does not have, each at its place in kind.yaml. */
function unknownFields(kind: KindDefinition, schema: JsonSchema): [keys: (string | number)[], message: string][] {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const named: [(string | number)[], string | undefined][] = [
    [['number', 'field'], kind.number?.field],
    [['number', 'suffix'], kind.number?.suffix],
    [['collectionField'], kind.collectionField],
    [['date'], kind.date],
    [['withinCollectionDates'], kind.withinCollectionDates],
    ...(kind.ranges ?? []).map((f, i): [(string | number)[], string] => [['ranges', i], f]),
    ...(kind.notAfter ?? []).flatMap((r, i): [(string | number)[], string][] => [[['notAfter', i, 'field'], r.field], [['notAfter', i, 'limit'], r.limit]]),
    [['organisers'], kind.organisers],
    [['time'], kind.time],
    [['sessions', 'field'], kind.sessions?.field],
    ...(kind.keywords ?? []).map((f, i): [(string | number)[], string] => [['keywords', i], f]),
    ...(kind.facts ?? []).map((f, i): [(string | number)[], string] => [['facts', i, 'field'], f.field]),
  ];
  return named
    .filter((n): n is [(string | number)[], string] => n[1] !== undefined && !((n[1].split('.')[0] as string) in properties))
    .map(([keys, field]) => [keys, `"${field}" is not a field of the kind's schema.json (its fields: ${Object.keys(properties).join(', ')}).`]);
}

/** The line and column of `"key"` in a JSON text (its first occurrence), or undefined. */
function placeInJson(text: string, key: string | undefined): { line: number; column: number } | undefined {
  const at = key === undefined ? -1 : text.indexOf(`"${key}"`);
  return at === -1 ? undefined : lineAndColumn(lineStartsOf(text), at);
}

/** Every file of `dir` ending in `ext`, by name without it; none when the folder is not there. */
async function readFolder(dir: string, ext: string): Promise<Record<string, string>> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(ext)).sort();
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const n of names) out[n.slice(0, -ext.length)] = await readFile(path.join(dir, n), 'utf8');
  return out;
}

/** The validators of kind.yaml: whole, and with every key optional (adjusting a built-in kind). */
const compiled = new Map<boolean, Promise<ValidateFunction>>();
async function kindValidator(root: string, partial = false): Promise<ValidateFunction> {
  let validator = compiled.get(partial);
  if (!validator) {
    validator = (async () => {
      const schema = JSON.parse(await readFile(path.join(root, KIND_SCHEMA), 'utf8')) as JsonSchema;
      return new Ajv2020({ allErrors: true, verbose: true, strict: true }).compile(partial ? { ...schema, required: [] } : schema);
    })();
    compiled.set(partial, validator);
  }
  return validator;
}
