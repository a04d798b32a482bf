import type { KindDefinition, Kinds, PlaceholderRule } from '../model/kind.js';
import type { RequiredSection } from '../model/types.js';

/*
 * The plain-language placeholders `notes new` writes into a new note. A kind's own ones, and the
 * instructions under its sections, are in its kind.yaml; the ones every kind may write (a contact,
 * a session) are here. The scaffold writes them and validation warns about any a note still holds
 * (rule `placeholder`, check-placeholders.ts), so what is checked is always what was written.
 */

/** A placeholder text and what it stands for, as the warning says it ("replace it with …"). */
export interface Placeholder {
  readonly text: string;
  readonly means: string;
}

/** Where to write to an address that must pass `format: email` but is plainly not a real one. */
export const PLACEHOLDER_EMAIL = 'name@example.org';

/**
 * The placeholders any kind's `new.frontMatter` may name besides its own (`{{placeholder "email"}}`),
 * with what `notes init` writes in their place.
 */
export const SHARED_PLACEHOLDERS = {
  sessionTitle: { text: 'Title of the first session', means: "the session's title (the same in the front matter and in its heading)", sample: 'Opening and Keynote' },
  contactName: { text: 'Name of the contact person', means: "the contact person's name", sample: 'Alex Morgan' },
  email: { text: PLACEHOLDER_EMAIL, means: "the contact person's work email address", sample: 'alex.morgan@example.org' },
} as const satisfies Record<string, PlaceholderRule>;

/** The line `notes new` writes under the first session heading of a kind with sessions, and what `notes init` writes instead. */
export const SESSION_TEXT = {
  text: 'Write here what this session covers; a list of guiding questions may follow.',
  means: 'what this session covers',
  sample: 'A keynote speaker presents the main challenges and examples of what has worked. Guiding questions: who is left behind by digital services today, and what has helped most to reach them?',
} as const satisfies PlaceholderRule;

/** The placeholder `name` of `kind`: its own, else a shared one; undefined when neither has it. */
export function placeholderOf(kind: KindDefinition, name: string): PlaceholderRule | undefined {
  const own = kind.placeholders;
  if (own && Object.hasOwn(own, name)) return own[name];
  return Object.hasOwn(SHARED_PLACEHOLDERS, name) ? SHARED_PLACEHOLDERS[name as keyof typeof SHARED_PLACEHOLDERS] : undefined;
}

/** The instruction under a section: its own (kind.yaml), or a plain one for a section that has none. */
export function instructionFor(section: RequiredSection): string {
  return section.instruction ?? `Write here the ${(section.headings[0] ?? 'text').toLowerCase()} section.`;
}

/** Every placeholder line `notes new` may write in the body of a note of any of `kinds`. Pure. */
export function bodyPlaceholders(kinds: Kinds): Placeholder[] {
  const lines = new Set(Object.values(kinds).flatMap((kind) => kind.sections.map(instructionFor)));
  return [...[...lines].map((text) => ({ text, means: "the section's text" })), SESSION_TEXT, SHARED_PLACEHOLDERS.sessionTitle];
}

/** A front-matter placeholder: its text, what replaces it, and the pattern of a value that holds it. */
export interface FieldPlaceholder extends Placeholder {
  readonly pattern?: RegExp;
}

/** Every placeholder `notes new` may write in the front matter of a note of any of `kinds`, the shared ones first. Pure. */
export function fieldPlaceholders(kinds: Kinds): FieldPlaceholder[] {
  const rules: PlaceholderRule[] = [...Object.values(SHARED_PLACEHOLDERS), ...Object.values(kinds).flatMap((kind) => Object.values(kind.placeholders ?? {}))];
  return rules.map((rule) => {
    const pattern = patternOf(rule.pattern);
    return { text: rule.text, means: rule.means, ...(pattern && { pattern }) };
  });
}

/** A kind's pattern as a regular expression; none when it is not one (a kind's mistake must not stop validation). */
function patternOf(source: string | undefined): RegExp | undefined {
  if (source === undefined) return undefined;
  try {
    return new RegExp(source, 'u');
  } catch {
    return undefined;
  }
}
