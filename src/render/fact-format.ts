import type { Locale } from './locale.js';
import type { NoteData } from '../model/types.js';
import type { KindDefinition } from '../model/kind.js';

/** One item of a list that has lines of its own: an organisation, then its address, telephone and email. */
export interface FactEntry {
  name: string;
  /** The lines under the name, as printed (an address's lines, "Telephone: …"). */
  lines: string[];
  /** Printed last, as a mailto: link. */
  email?: string;
}

/** One row of a facts table: a label and a text, a list, a list of entries with lines, or a link. */
export interface Fact {
  label: string;
  text?: string;
  items?: string[];
  entries?: FactEntry[];
  /** A web address printed after the text, as a link: a venue's registration or access link. */
  link?: string;
}

/** What a fact prints for a value: a text, a list of items or of entries; undefined when there is nothing to print. */
export type FactValue = Pick<Fact, 'text' | 'items' | 'entries' | 'link'> | undefined;

/** How a fact's value is printed, by kind.yaml's `as`: one function a format, in the edition's locale. */
export type FactFormat = (locale: Locale, value: unknown, context?: FactContext) => FactValue;

/** The note a fact is printed for, for a format that reads another field (a time's zone on the note's day). */
export interface FactContext {
  note: NoteData;
  kind: KindDefinition;
}
