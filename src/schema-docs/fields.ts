import { TYPE_NOUNS } from '../model/json-types.js';
import type { JsonSchema } from '../validate/schema.js';

/** One field of a schema as the reference lists it, every `$ref` followed. */
export interface Field {
  /** `title`, `timing.start`, `contacts[].email`, `translations.<lang>.name`. */
  path: string;
  /** What to write, in words: `text, not empty`, `list of text, at least 1 item`, `one of \`Online\`, …`. */
  type: string;
  /** Required whenever the field that holds it is present. */
  required: boolean;
  /** When it is required only in some cases: "`type` is `forum`". */
  requiredIf?: string;
  description?: string;
  /** The first of `examples` (or a constant), else one built from the fields inside it. */
  example?: unknown;
  /** Marked x-translatable (itself or a field holding it): language editions translate it. */
  translatable: boolean;
  /** Where its schema is: the file name and a JSON pointer in it, e.g. common.schema.json and /$defs/contact/properties/email. */
  source: { file: string; pointer: string };
}

/** A subschema with the file and JSON pointer it was found at (a `$ref` inside it is relative to that file). */
interface Located {
  schema: JsonSchema;
  file: string;
  pointer: string;
}

/**
 * Every field of the schema in `file`, in the order the schema gives them, each followed by the
 * fields inside it (objects, lists of objects, maps of objects and the object branch of a oneOf).
 * `$ref`s are followed across files by file name, as src/validate/schema.ts registers them.
 */
export function fieldsOf(file: string, schemas: Readonly<Record<string, JsonSchema>>, prefix = ''): Field[] {
  const root = schemas[file];
  if (!root) throw new Error(`There is no schema ${file}.`);
  const fields: Field[] = [];
  walkObject(schemas, { schema: root, file, pointer: '' }, prefix, false, fields);
  return fields;
}

function walkObject(schemas: Readonly<Record<string, JsonSchema>>, object: Located, prefix: string, translatable: boolean, out: Field[]): void {
  const properties = record(object.schema['properties']);
  const required = new Set(strings(object.schema['required']));
  const conditional = conditionallyRequired(object.schema);
  for (const [name, raw] of Object.entries(properties)) {
    const at = { schema: raw as JsonSchema, file: object.file, pointer: `${object.pointer}/properties/${escapePointer(name)}` };
    const field = follow(schemas, at);
    const path = `${prefix}${name}`;
    const isTranslatable = translatable || field.schema['x-translatable'] === true;
    const description = text(field.schema['description']);
    const example = exampleOf(schemas, field);
    const condition = conditional.get(name);
    out.push({
      path,
      type: describeType(schemas, field).join(', '),
      required: required.has(name),
      ...(condition !== undefined && !required.has(name) && { requiredIf: condition }),
      ...(description !== undefined && { description }),
      ...(example !== undefined && { example }),
      translatable: isTranslatable,
      source: { file: at.file, pointer: at.pointer },
    });
    for (const [inner, innerPrefix] of innerObjects(schemas, field, path)) walkObject(schemas, inner, innerPrefix, isTranslatable, out);
  }
}

/** The objects whose fields are listed below a field, with the prefix of their paths. */
function innerObjects(schemas: Readonly<Record<string, JsonSchema>>, field: Located, path: string): [Located, string][] {
  const s = field.schema;
  if (hasProperties(s)) return [[field, `${path}.`]];
  if (isRecord(s['items'])) {
    const items = follow(schemas, child(field, 'items'));
    if (hasProperties(items.schema)) return [[items, `${path}[].`]];
  }
  if (isRecord(s['additionalProperties'])) {
    const value = follow(schemas, child(field, 'additionalProperties'));
    if (hasProperties(value.schema)) return [[value, `${path}.<${keyName(schemas, field)}>.`]];
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = s[keyword];
    if (!Array.isArray(branches)) continue;
    return branches
      .map((_, i) => follow(schemas, child(field, keyword, String(i))))
      .filter((b) => hasProperties(b.schema))
      .map((b): [Located, string] => [b, `${path}.`]);
  }
  return [];
}

/**
 * Follow `$ref` (to the same file with `#/…`, or to another by file name): the target's keywords,
 * with the referring schema's own annotations (description, examples …) taking precedence.
 */
export function follow(schemas: Readonly<Record<string, JsonSchema>>, at: Located, seen: ReadonlySet<string> = new Set()): Located {
  const ref = at.schema['$ref'];
  if (typeof ref !== 'string') return at;
  const [target = '', pointer = ''] = ref.split('#');
  const file = target === '' ? at.file : target.slice(target.lastIndexOf('/') + 1);
  const key = `${file}#${pointer}`;
  if (seen.has(key)) throw new Error(`${at.file}: the $ref ${ref} leads back to itself.`);
  const found = resolvePointer(schemas[file], pointer);
  if (!found) throw new Error(`${at.file}${at.pointer ? ` at ${at.pointer}` : ''}: the $ref ${ref} points at nothing.`);
  const inner = follow(schemas, { schema: found, file, pointer }, new Set([...seen, key]));
  const { $ref: _ref, ...own } = at.schema;
  return { schema: { ...inner.schema, ...own }, file: inner.file, pointer: inner.pointer };
}

/** The field's type in words, then its constraints: ['list of text (not empty)', 'at least 1 item']. */
function describeType(schemas: Readonly<Record<string, JsonSchema>>, field: Located): string[] {
  const s = field.schema;
  if ('const' in s) return [`always \`${String(s['const'])}\``];
  if (Array.isArray(s['enum'])) return [`one of ${s['enum'].map((v) => `\`${String(v)}\``).join(', ')}`];
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = s[keyword];
    if (Array.isArray(branches)) {
      return [branches.map((_, i) => inParentheses(describeType(schemas, follow(schemas, child(field, keyword, String(i)))))).join(' or ')];
    }
  }
  switch (s['type']) {
    case 'string':
      return [noun('string'), ...stringConstraints(s)];
    case 'integer':
    case 'number':
      return [noun(s['type']), ...numberRange(s)];
    case 'boolean':
      return [noun('boolean')];
    case 'array': {
      const items = isRecord(s['items']) ? describeType(schemas, follow(schemas, child(field, 'items'))) : ['anything'];
      const parts = [items[0] === noun('object') ? `${noun('array')} of groups of fields` : `${noun('array')} of ${inParentheses(items)}`];
      if (typeof s['minItems'] === 'number') parts.push(`at least ${s['minItems']} item${s['minItems'] === 1 ? '' : 's'}`);
      if (typeof s['maxItems'] === 'number') parts.push(`at most ${s['maxItems']} items`);
      if (s['uniqueItems'] === true) parts.push('no repeats');
      return parts;
    }
    case 'object':
      if (hasProperties(s)) return [noun('object')];
      if (isRecord(s['additionalProperties'])) {
        const value = describeType(schemas, follow(schemas, child(field, 'additionalProperties')));
        const names = isRecord(s['propertyNames']) ? follow(schemas, child(field, 'propertyNames')) : undefined;
        // Keys are always text: a propertyNames schema need not say so.
        const keys = names ? describeType(schemas, { ...names, schema: { type: 'string', ...names.schema } }) : [noun('string')];
        return [`map from ${keyName(schemas, field)} (${keys.join(', ')}) to ${inParentheses(value)}`];
      }
      return [noun('object')];
    default:
      return ['any value'];
  }
}

function stringConstraints(s: JsonSchema): string[] {
  const parts: string[] = [];
  // The shared `text` type: "not blank" says both what minLength 1 and the pattern \S ask.
  const blank = s['minLength'] === 1 && s['pattern'] === '\\S';
  if (blank) parts.push('not blank');
  else if (s['minLength'] === 1) parts.push('not empty');
  else if (typeof s['minLength'] === 'number') parts.push(`at least ${s['minLength']} characters`);
  if (typeof s['maxLength'] === 'number') parts.push(`at most ${s['maxLength']} characters`);
  if (typeof s['format'] === 'string') parts.push(`format \`${s['format']}\``);
  if (typeof s['pattern'] === 'string' && !blank) parts.push(`matching \`${s['pattern']}\``);
  return parts;
}

function numberRange(s: JsonSchema): string[] {
  const min = typeof s['minimum'] === 'number' ? s['minimum'] : undefined;
  const max = typeof s['maximum'] === 'number' ? s['maximum'] : undefined;
  if (min !== undefined && max !== undefined) return [`from ${min} to ${max}`];
  if (min !== undefined) return [`at least ${min}`];
  if (max !== undefined) return [`at most ${max}`];
  return [];
}

/** `text (not empty, matching …)` from ['text', 'not empty', 'matching …']. */
function inParentheses(parts: readonly string[]): string {
  const [head = '', ...rest] = parts;
  return rest.length > 0 ? `${head} (${rest.join(', ')})` : head;
}

/**
 * The example of a field: the first of its `examples`, its constant, else one made of the
 * examples of the fields inside it (the required ones, or all when none is required).
 */
function exampleOf(schemas: Readonly<Record<string, JsonSchema>>, field: Located, depth = 0): unknown {
  const s = field.schema;
  if (Array.isArray(s['examples']) && s['examples'].length > 0) return s['examples'][0];
  if ('const' in s) return s['const'];
  if (depth > 8) return undefined;
  if (hasProperties(s)) {
    const properties = Object.keys(record(s['properties']));
    const required = strings(s['required']);
    const out: Record<string, unknown> = {};
    for (const name of required.length > 0 ? required : properties) {
      const inner = follow(schemas, child(field, 'properties', name));
      const value = exampleOf(schemas, inner, depth + 1);
      if (value === undefined) return undefined;
      out[name] = value;
    }
    return out;
  }
  if (s['type'] === 'array' && isRecord(s['items'])) {
    const item = exampleOf(schemas, follow(schemas, child(field, 'items')), depth + 1);
    return item === undefined ? undefined : [item];
  }
  return undefined;
}

/** `if: {properties: {type: {const: forum}}}, then: {required: [dates]}` → dates: "`type` is `forum`". */
function conditionallyRequired(schema: JsonSchema): Map<string, string> {
  const result = new Map<string, string>();
  const condition = record(record(schema['if'])['properties']);
  const then = strings(record(schema['then'])['required']);
  const parts = Object.entries(condition)
    .filter(([, v]) => isRecord(v) && 'const' in v)
    .map(([k, v]) => `\`${k}\` is \`${String((v as JsonSchema)['const'])}\``);
  if (parts.length > 0) for (const name of then) result.set(name, parts.join(' and '));
  return result;
}

/** The name of a map's keys in paths: its propertyNames' `title`, else `key`. */
function keyName(schemas: Readonly<Record<string, JsonSchema>>, field: Located): string {
  if (!isRecord(field.schema['propertyNames'])) return 'key';
  const names = follow(schemas, child(field, 'propertyNames'));
  return text(names.schema['title']) ?? 'key';
}

function child(at: Located, ...keys: string[]): Located {
  let schema: unknown = at.schema;
  for (const key of keys) schema = (schema as Record<string, unknown>)[key];
  return { schema: schema as JsonSchema, file: at.file, pointer: `${at.pointer}/${keys.map(escapePointer).join('/')}` };
}

function resolvePointer(root: JsonSchema | undefined, pointer: string): JsonSchema | undefined {
  let node: unknown = root;
  for (const part of pointer.split('/').slice(1)) {
    if (!isRecord(node)) return undefined;
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isRecord(node) ? node : undefined;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function hasProperties(s: JsonSchema): boolean {
  return isRecord(s['properties']);
}

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A JSON type's noun in the reference ("whole number", "group of fields"). */
function noun(type: string): string {
  return TYPE_NOUNS[type] ?? type;
}
