/**
 * The JSON Schema types in the words notes uses for them, in messages and in the front-matter
 * reference alike: one table, so a field is never "a group of fields" in one place and something
 * else in another.
 */
export const TYPE_NOUNS: Readonly<Record<string, string>> = {
  string: 'text',
  integer: 'whole number',
  number: 'number',
  boolean: 'true or false',
  array: 'list',
  object: 'group of fields',
  null: 'empty',
};

/** The words for a type as a sentence says it: "a whole number", "text", "true or false". */
export function typeInWords(type: string, nouns: Readonly<Record<string, string>> = TYPE_NOUNS): string {
  const noun = nouns[type] ?? type;
  return ['string', 'boolean', 'null'].includes(type) ? noun : `a ${noun}`;
}
