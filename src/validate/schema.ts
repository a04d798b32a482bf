import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { VFile } from 'vfile';
import type { RuleId } from '../diagnostics/catalog.js';
import { report } from '../diagnostics/report.js';
import type { YamlSource } from '../model/types.js';
import type { KindDefinition, Kinds } from '../model/kind.js';
import { placeOf } from '../parse/yaml-source.js';
import { typeInWords } from '../model/json-types.js';

/** A JSON Schema as read from schemas/. */
export type { JsonSchema } from '../model/types.js';
import type { JsonSchema, RequiredSection } from '../model/types.js';

export type { RequiredSection } from '../model/types.js';

/** The compiled validators, built once per run. */
export interface Validators {
  /** Each kind of note by name: its compiled schema, the schema, its sections and its description. */
  kinds: Record<string, { validate: ValidateFunction; schema: JsonSchema; sections: RequiredSection[]; definition: KindDefinition }>;
  /** The kinds' descriptions by name. */
  definitions: Kinds;
  collection: ValidateFunction;
  /** The `translation` block of a language edition. */
  translation: ValidateFunction;
  /** Every schema by file name, for reading annotations such as x-translatable. */
  schemas: Record<string, JsonSchema>;
}

/**
 * An email address that is only an address: printed as a `mailto:` link, it must not carry what a
 * mail program reads as more of the URL or of the message. ajv-formats' email allows `?`, `&`, `=`,
 * `%` and `#` before the @ (RFC 5322 atext), so `ada?cc=x@evil.example` would become a link that
 * adds a recipient and `a%0Abcc=x@b.org` one that adds a header. This keeps the rest of atext
 * (`o'brien@un.org`, `first.last+tag@sub.un.org`), ASCII only as ajv-formats (a domain in another
 * script is written in its xn-- form), within RFC 5321's lengths.
 */
export const EMAIL = /^(?=[^@]{1,64}@)(?=.{3,254}$)[a-z0-9!$'*+^_`{|}~-]+(?:\.[a-z0-9!$'*+^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Characters that make an address more than an address, for the message that names them. */
const EMAIL_UNSAFE = /[?&=%#/,;:<>()[\]"\\\s\p{Cc}\p{Cf}]/u;

/** Compile every schema once (ajv, draft 2020-12, all errors, formats date/email/uri). */
export function compileSchemas(schemas: Record<string, JsonSchema>, kinds: Kinds): Validators {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false });
  ajvFormats.default(ajv, ['date', 'uri']);
  ajv.addFormat('email', EMAIL);
  ajv.addKeyword({ keyword: 'x-translatable', schemaType: 'boolean' });
  for (const [name, schema] of Object.entries(schemas)) ajv.addSchema(schema, name);
  const compiled = {} as Validators['kinds'];
  for (const definition of Object.values(kinds)) {
    const name = `${definition.name}.schema.json`;
    const schema = schemas[name];
    if (!schema) throw new Error(`${definition.source}/schema.json is missing`);
    compiled[definition.name] = { validate: ajv.getSchema(name) as ValidateFunction, schema, sections: definition.sections, definition };
  }
  return {
    kinds: compiled,
    definitions: kinds,
    collection: ajv.getSchema('collection.schema.json') as ValidateFunction,
    translation: ajv.getSchema('translation.schema.json') as ValidateFunction,
    schemas,
  };
}

/** Validate `data` and report every schema error at the place of its YAML key or value. */
export function checkSchema(file: VFile, validate: ValidateFunction, data: unknown, source: YamlSource, base: readonly string[] = []): boolean {
  if (validate(data)) return true;
  const errors = validate.errors ?? [];
  // A branch of a oneOf (a number, or a label written as text) has no description of its own: the field's says what it is.
  const fieldHints = new Map(errors.filter((e) => e.keyword === 'oneOf').map((e) => [e.instancePath, descriptionOf(e.parentSchema)]));
  for (const error of relevant(errors)) {
    const path = [...base, ...error.instancePath.split('/').slice(1).map(unescapePointer)];
    const { ruleId, message, atKey, extra } = describe(error, path, fieldHints.get(error.instancePath));
    const place = placeOf(source, extra === undefined ? path : [...path, extra], atKey);
    report(file, ruleId, message, place ?? { line: source.lineOffset, column: 1 });
  }
  return false;
}

/**
 * Drop the noise ajv reports next to a real error: if/then wrappers, the wrapper of a key that
 * fails its `propertyNames` (the key's own error says it), and for a failed oneOf the branch that
 * failed only on type, so "2025-06-31 is not a valid date" is said once, not thrice.
 */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const oneOfAt = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const emptyAt = new Set(errors.filter((e) => e.keyword === 'minLength').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') return false;
    // An empty value also fails its pattern: saying it is empty is enough.
    if (e.keyword === 'pattern' && emptyAt.has(e.instancePath)) return false;
    if (!oneOfAt.has(e.instancePath) && ![...oneOfAt].some((p) => e.instancePath.startsWith(`${p}/`))) return true;
    const at = [...oneOfAt].find((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)) as string;
    const specific = errors.some((o) => o.keyword !== 'oneOf' && o.keyword !== 'type' && (o.instancePath === at || o.instancePath.startsWith(`${at}/`)));
    if (e.keyword === 'oneOf') return !specific;
    if (e.keyword === 'type' && e.instancePath === at) return false;
    return true;
  });
}

/**
 * Join sentences into one message: each ends with its own full stop (added when it has none), and
 * never with two, so a schema's description ending in "." follows a sentence ending in "." as it
 * is. Empty parts are left out.
 */
export function sentences(...parts: (string | undefined)[]): string {
  return parts
    .map((part) => (part ?? '').trim())
    .filter((part) => part !== '')
    .map((part) => (/(?:[.!?。！？]["'”’»)\]]*|…)$/u.test(part) ? part : `${part}.`))
    .join(' ');
}

function descriptionOf(schema: unknown): string | undefined {
  const description = schema && typeof schema === 'object' ? (schema as JsonSchema)['description'] : undefined;
  return typeof description === 'string' ? description : undefined;
}

/** The message of one schema error at `path`; `fieldHint`, the field's description when the schema that failed has none. */
function describe(
  error: ErrorObject,
  path: (string | number)[],
  fieldHint?: string,
): { ruleId: RuleId; message: string; atKey: boolean; extra?: string } {
  const where = humanPath(path);
  const field = subject(path);
  const value = error.data;
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  const hint = descriptionOf(parent) ?? fieldHint;
  const params = error.params as Record<string, unknown>;
  const say = (ruleId: RuleId, ...parts: (string | undefined)[]): { ruleId: RuleId; message: string; atKey: boolean } => ({ ruleId, message: sentences(...parts), atKey: false });
  // A key that fails the schema's `propertyNames` (a language tag, say): the key is the problem.
  if (error.propertyName !== undefined) {
    return {
      ruleId: 'schema-pattern',
      message: sentences(`The key ${show(error.propertyName)} of ${where} is not written as it should be`, hint),
      atKey: true,
      extra: error.propertyName,
    };
  }
  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty']);
      const props = (parent['properties'] ?? {}) as Record<string, JsonSchema>;
      const about = props[missing]?.['description'];
      return say('schema-required', `The field \`${missing}\` is missing${path.length ? ` from ${where}` : ''}`, typeof about === 'string' ? about : undefined);
    }
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys((parent['properties'] ?? {}) as object);
      return {
        ruleId: 'schema-unknown-key',
        message: sentences(`\`${key}\` is not a field ${path.length ? `of ${where}` : 'of this kind of note'}: check its spelling`, `Allowed here: ${allowed.join(', ')}`),
        atKey: true,
        extra: key,
      };
    }
    case 'type':
      return say('schema-type', `${field} should be ${typeInWords(String(params['type']))}, not ${typeInWords(typeOf(value))}`, hint);
    case 'format':
      return { ruleId: 'schema-format', message: formatMessage(String(params['format']), value, where), atKey: false };
    case 'enum':
      return say('schema-value', `${show(value)} is not allowed for ${where}: use one of ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`);
    case 'const':
      return say('schema-value', `${field} must be ${show(params['allowedValue'])}`);
    case 'pattern':
      return say('schema-pattern', `${field} is not written as it should be: ${show(value)}`, hint);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return say('schema-value', `${field} must be ${error.keyword.endsWith('inimum') ? 'at least' : 'at most'} ${String(params['limit'])}, not ${show(value)}`);
    case 'minItems':
      return say('schema-length', `${field} needs at least ${count(Number(params['limit']), 'item')}`, hint);
    case 'maxItems':
      return say('schema-value', `${field} holds more than ${count(Number(params['limit']), 'item')}`, hint);
    case 'minLength':
      return say('schema-length', `${field} must not be empty`, hint);
    case 'maxLength':
      return say('schema-value', `${field} is longer than ${count(Number(params['limit']), 'character')}`, hint);
    case 'uniqueItems':
      return say('schema-length', `${field} lists the same item twice (items ${Number(params['j']) + 1} and ${Number(params['i']) + 1})`);
    case 'oneOf':
      return say('schema-type', `${field} is not written correctly`, hint);
    default:
      return say('schema-value', `${field} ${error.message ?? 'is not valid'}`, hint);
  }
}

/**
 * What a message says a value is, with every name as the author wrote it (never re-cased): "The
 * field `workshop`", "The field `phone` of contacts › 1", "Item 2 of `languages`", "The front matter".
 */
function subject(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'The front matter';
  const last = String(path[path.length - 1]);
  const parent = path.slice(0, -1);
  if (/^\d+$/.test(last)) {
    const list = parent.length === 0 ? 'the front matter' : /^\d+$/.test(String(parent[parent.length - 1])) ? humanPath(parent) : `\`${String(parent[parent.length - 1])}\`${parent.length > 1 ? ` in ${humanPath(parent.slice(0, -1))}` : ''}`;
    return `Item ${Number(last) + 1} of ${list}`;
  }
  return `The field \`${last}\`${parent.length ? ` of ${humanPath(parent)}` : ''}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function formatMessage(format: string, value: unknown, where: string): string {
  switch (format) {
    case 'email':
      return emailMessage(value, where);
    case 'date':
      return `${show(value)} is not a valid date (${where}): write it as YYYY-MM-DD, e.g. 2025-06-23.`;
    case 'uri':
      return `${show(value)} is not a valid web address (${where}): write it in full, starting with https://.`;
    default:
      return `${show(value)} is not a valid ${format} (${where}).`;
  }
}

/**
 * What is wrong with an email address, as the sentence that follows "is not … email address
 * (where):", or undefined when {@link EMAIL} accepts it. `one`: it is more than one address
 * (it holds what a mailto: link reads as more recipients or headers).
 */
export function emailProblem(text: string): { one: boolean; advice: string } | undefined {
  if (EMAIL.test(text)) return undefined;
  const unsafe = EMAIL_UNSAFE.exec(text)?.[0];
  if (unsafe !== undefined || text.split('@').length > 2) {
    const named = unsafe === undefined ? 'a second @' : /\s|\p{Cc}|\p{Cf}/u.test(unsafe) ? `the character U+${(unsafe.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}` : `"${unsafe}"`;
    return { one: true, advice: `it holds ${named}, and in a mailto: link ?, &, =, %, #, commas, semicolons, spaces and line breaks add recipients or headers. Write one address, e.g. name@un.org.` };
  }
  if (/[^\x20-\x7e]/.test(text)) {
    return { one: false, advice: 'write it in ASCII letters, and a domain in another script in its xn-- form, e.g. name@xn--mnchen-3ya.de.' };
  }
  return { one: false, advice: 'write it as name@domain, e.g. name@un.org.' };
}

/** The message of an email address that {@link EMAIL} refuses, written at `where`. */
export function emailMessage(value: unknown, where: string): string {
  const problem = emailProblem(typeof value === 'string' ? value : '') ?? { one: false, advice: 'write it as name@domain, e.g. name@un.org.' };
  return `${show(value)} is not ${problem.one ? 'one' : 'a valid'} email address (${where}): ${problem.advice}`;
}

/** `contacts › 1 › email` for ['contacts', '0', 'email']: list positions counted from 1. */
export function humanPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the front matter';
  return path.map((p) => (/^\d+$/.test(String(p)) ? String(Number(p) + 1) : String(p))).join(' › ');
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${s.length > 60 ? `${s.slice(0, 57)}…` : s}"`;
}

