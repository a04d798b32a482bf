import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/load/resources.js';
import type { KindDefinition } from '../../src/model/kind.js';
import type { JsonSchema } from '../../src/validate/schema.js';
import { fieldsOf } from '../../src/schema-docs/fields.js';
import { referenceParts, schemaReference } from '../../src/schema-docs/reference.js';

/** A small pair of schemas with each construct the generator follows. */
const SCHEMAS: Record<string, JsonSchema> = {
  'shared.schema.json': {
    $id: 'https://notes.local/schemas/shared.schema.json',
    $defs: {
      text: { type: 'string', minLength: 1, pattern: '\\S', description: 'A line of text.' },
      person: {
        description: 'A person.',
        type: 'object',
        required: ['name'],
        properties: {
          name: { $ref: '#/$defs/text', description: 'The name.', examples: ['Ada'] },
          email: { type: 'string', format: 'email', examples: ['ada@un.org'] },
        },
      },
    },
  },
  'thing.schema.json': {
    $id: 'https://notes.local/schemas/thing.schema.json',
    title: 'Thing',
    description: 'A thing with fields.',
    type: 'object',
    required: ['kind', 'size', 'people'],
    if: { properties: { kind: { const: 'big' } } },
    then: { required: ['where'] },
    properties: {
      kind: { enum: ['big', 'small'], description: 'How big | how small.' },
      size: { type: 'integer', minimum: 1, maximum: 9, examples: [3] },
      where: {
        description: 'Where it is.',
        type: 'object',
        properties: { city: { $ref: 'shared.schema.json#/$defs/text', 'x-translatable': true, examples: ['Samarkand'] } },
      },
      people: { type: 'array', minItems: 1, uniqueItems: true, items: { $ref: 'shared.schema.json#/$defs/person' } },
      tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, examples: [['one', 'two']] },
      when: { oneOf: [{ type: 'string', format: 'date' }, { type: 'object', properties: { start: { type: 'string', examples: ['2025-06-23'] } } }] },
      names: {
        type: 'object',
        propertyNames: { title: 'lang', pattern: '^[a-z]{2}$' },
        additionalProperties: { type: 'object', properties: { name: { type: 'string', examples: ['Nom'] } } },
      },
    },
  },
};

describe('fieldsOf', () => {
  it('lists every field with its path, type, requirement, description and example, following $ref across files', () => {
    const fields = fieldsOf('thing.schema.json', SCHEMAS).map(({ source, ...f }) => ({ ...f, at: `${source.file}#${source.pointer}` }));
    expect(fields).toEqual([
      { path: 'kind', type: 'one of `big`, `small`', required: true, description: 'How big | how small.', translatable: false, at: 'thing.schema.json#/properties/kind' },
      { path: 'size', type: 'whole number, from 1 to 9', required: true, example: 3, translatable: false, at: 'thing.schema.json#/properties/size' },
      { path: 'where', type: 'group of fields', required: false, requiredIf: '`kind` is `big`', description: 'Where it is.', example: { city: 'Samarkand' }, translatable: false, at: 'thing.schema.json#/properties/where' },
      { path: 'where.city', type: 'text, not blank', required: false, description: 'A line of text.', example: 'Samarkand', translatable: true, at: 'thing.schema.json#/properties/where/properties/city' },
      { path: 'people', type: 'list of groups of fields, at least 1 item, no repeats', required: true, example: [{ name: 'Ada' }], translatable: false, at: 'thing.schema.json#/properties/people' },
      { path: 'people[].name', type: 'text, not blank', required: true, description: 'The name.', example: 'Ada', translatable: false, at: 'shared.schema.json#/$defs/person/properties/name' },
      { path: 'people[].email', type: 'text, format `email`', required: false, example: 'ada@un.org', translatable: false, at: 'shared.schema.json#/$defs/person/properties/email' },
      { path: 'tags', type: 'list of text (matching `^[a-z]+$`)', required: false, example: ['one', 'two'], translatable: false, at: 'thing.schema.json#/properties/tags' },
      { path: 'when', type: 'text (format `date`) or group of fields', required: false, translatable: false, at: 'thing.schema.json#/properties/when' },
      { path: 'when.start', type: 'text', required: false, example: '2025-06-23', translatable: false, at: 'thing.schema.json#/properties/when/oneOf/1/properties/start' },
      { path: 'names', type: 'map from lang (text, matching `^[a-z]{2}$`) to group of fields', required: false, translatable: false, at: 'thing.schema.json#/properties/names' },
      { path: 'names.<lang>.name', type: 'text', required: false, example: 'Nom', translatable: false, at: 'thing.schema.json#/properties/names/additionalProperties/properties/name' },
    ]);
  });

  it('says which $ref points at nothing', () => {
    const broken = { 'a.schema.json': { type: 'object', properties: { x: { $ref: 'b.schema.json#/$defs/y' } } } };
    expect(() => fieldsOf('a.schema.json', broken)).toThrow('a.schema.json at /properties/x: the $ref b.schema.json#/$defs/y points at nothing.');
  });
});

describe('schemaReference', () => {
  it('writes one table per part, pipes escaped, with the required body sections', () => {
    const markdown = schemaReference(SCHEMAS, [{ file: 'thing.schema.json', heading: 'Thing (`kind: thing`)', prefix: 'thing.', path: 'kinds/thing/schema.json', sections: [{ id: 'a', headings: ['Aims', 'Aim'] }] }]);
    const [, part] = markdown.split('\n## ');
    expect(`## ${part}`).toBe(
      [
        '## Thing (`kind: thing`)',
        '',
        'A thing with fields.',
        '',
        'Schema: `kinds/thing/schema.json`.',
        '',
        'Required body sections, each a `##` heading: “Aims” or “Aim”.',
        '',
        '| Field | Type | Required | Description | Example |',
        '| --- | --- | --- | --- | --- |',
        '| `thing.kind` | one of `big`, `small` | required | How big \\| how small. |  |',
        '| `thing.size` | whole number, from 1 to 9 | required |  | `3` |',
        '| `thing.where` | group of fields | required if `kind` is `big` | Where it is. | `{ city: Samarkand }` |',
        '| `thing.where.city` | text, not blank | optional | A line of text. *Translatable.* | `Samarkand` |',
        '| `thing.people` | list of groups of fields, at least 1 item, no repeats | required |  | `[ { name: Ada } ]` |',
        '| `thing.people[].name` | text, not blank | required | The name. | `Ada` |',
        '| `thing.people[].email` | text, format `email` | optional |  | `ada@un.org` |',
        '| `thing.tags` | list of text (matching `^[a-z]+$`) | optional |  | `[ one, two ]` |',
        '| `thing.when` | text (format `date`) or group of fields | optional |  |  |',
        '| `thing.when.start` | text | optional |  | `2025-06-23` |',
        '| `thing.names` | map from lang (text, matching `^[a-z]{2}$`) to group of fields | optional |  |  |',
        '| `thing.names.<lang>.name` | text | optional |  | `Nom` |',
        '',
      ].join('\n'),
    );
    expect(markdown).toContain('- [Thing (kind: thing)](#thing-kind-thing)\n');
  });
});

describe('referenceParts', () => {
  it('lists every kind in its order, built-in and the project\'s, with where its schema is and its sections, then collection.yaml and translations', async () => {
    const { schemas, kinds } = await loadResources();
    const own = { ...(kinds['project-summary'] as KindDefinition), name: 'information-note', source: path.join('my-kinds', 'information-note'), builtIn: false, order: 0, sections: [{ id: 'practical', headings: ['Practical information'] }] };
    const parts = referenceParts({ ...schemas, 'information-note.schema.json': { title: 'Information note', type: 'object' } }, { ...kinds, [own.name]: own });
    expect(parts.map((p) => [p.file, p.heading, p.path, p.sections?.map((s) => s.id).join(' ')])).toEqual([
      ['information-note.schema.json', 'Information note (`kind: information-note`)', 'my-kinds/information-note/schema.json', 'practical'],
      ['concept-note.schema.json', 'Concept note (`kind: concept-note`)', 'kinds/concept-note/schema.json', 'introduction objective focus structure organisation'],
      ['project-notification.schema.json', 'Project notification (`kind: project-notification`)', 'kinds/project-notification/schema.json', 'objectives rationale background topics outcome qualifications'],
      ['project-summary.schema.json', 'Project summary (`kind: project-summary`)', 'kinds/project-summary/schema.json', 'description objectives agenda-2030 activities results'],
      ['collection.schema.json', 'collection.yaml', undefined, undefined],
      ['translation.schema.json', 'Language editions: the `translation` block', undefined, undefined],
    ]);
  });
});

describe('the schemas in schemas/', () => {
  it('give every field of every part a description and an example', async () => {
    const { schemas, kinds } = await loadResources();
    const missing = referenceParts(schemas, kinds).flatMap((part) =>
      fieldsOf(part.file, schemas, part.prefix)
        .filter((f) => f.description === undefined || f.example === undefined)
        .map((f) => `${part.file}: ${f.path}${f.description === undefined ? ' (no description)' : ''}${f.example === undefined ? ' (no example)' : ''}`),
    );
    expect(missing).toEqual([]);
  });

  it('give examples that are valid values of their own fields', async () => {
    const { schemas, kinds } = await loadResources();
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    ajvFormats.default(ajv, ['date', 'email', 'uri']);
    ajv.addKeyword({ keyword: 'x-translatable', schemaType: 'boolean' });
    for (const [name, schema] of Object.entries(schemas)) ajv.addSchema(schema, name);
    const invalid: string[] = [];
    let checked = 0;
    for (const part of referenceParts(schemas, kinds)) {
      for (const field of fieldsOf(part.file, schemas, part.prefix)) {
        const id = String(schemas[field.source.file]?.['$id']);
        const validate = ajv.compile({ $ref: `${id}#${field.source.pointer}` });
        checked++;
        if (!validate(field.example)) invalid.push(`${field.path} = ${JSON.stringify(field.example)}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(invalid).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});
