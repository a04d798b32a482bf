import type { NoteData } from '../model/types.js';
import { valueAt, type FactRule, type KindDefinition } from '../model/kind.js';
import { t, type Locale } from './locale.js';
import { TIME_FORMATS } from './facts-time.js';
import { TEXT_FORMATS } from './facts-text.js';
import type { Fact, FactFormat } from './fact-format.js';

export type { Fact, FactFormat, FactValue } from './fact-format.js';

/** Every way a fact can be printed: dates, times and places (facts-time.ts), texts, lists, people and money (facts-text.ts). */
const FORMATS: Readonly<Record<string, FactFormat>> = { ...TEXT_FORMATS, ...TIME_FORMATS };

/** Whether a value holds nothing to print: missing, null, an empty list. */
function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** The facts table of a note, row by row as its kind's facts say: a row without a value is left out unless it has an `empty` label. */
export function factsOf(locale: Locale, note: NoteData, kind: KindDefinition): Fact[] {
  return (kind.facts ?? []).flatMap((rule: FactRule): Fact[] => {
    const raw = valueAt(note, rule.field);
    const format = FORMATS[rule.as ?? 'text'] ?? FORMATS['text'];
    const value = isEmpty(raw) || !format ? undefined : format(locale, raw, { note, kind });
    if (value) return [{ label: t(locale, rule.label), ...value }];
    return rule.empty ? [{ label: t(locale, rule.label), text: t(locale, rule.empty) }] : [];
  });
}
