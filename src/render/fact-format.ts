import type { Locale } from './locale.js';

/** One row of a facts table: a label and a text, a list, or a link. */
export interface Fact {
  label: string;
  text?: string;
  items?: string[];
}

/** What a fact prints for a value: a text or a list of items; undefined when there is nothing to print. */
export type FactValue = Pick<Fact, 'text' | 'items'> | undefined;

/** How a fact's value is printed, by kind.yaml's `as`: one function a format, in the edition's locale. */
export type FactFormat = (locale: Locale, value: unknown) => FactValue;
