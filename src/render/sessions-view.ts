import type { NoteData } from '../model/types.js';
import { valueAt, type KindDefinition } from '../model/kind.js';
import { plural, t, type Locale } from './locale.js';

/** A session row of the programme. */
export interface SessionView {
  number: number;
  label: string;
  title: string;
  duration?: string;
  minutes?: number;
}

/** A session as a note's front matter gives it. */
export interface SessionData {
  title: string;
  minutes?: number;
}

/** Minutes in words: "20 minutes". */
export function duration(locale: Locale, minutes: number): string {
  return plural(locale, 'minutes', minutes);
}

/** The sessions of a note, from its kind's sessions field (none when the kind has no programme). */
export function sessionsOf(note: NoteData, kind: KindDefinition | undefined): SessionData[] {
  const value = kind?.sessions ? valueAt(note, kind.sessions.field) : undefined;
  return Array.isArray(value) ? (value as SessionData[]) : [];
}

/** The programme's rows: each session numbered and labelled, with its duration when it gives minutes. */
export function sessionViews(locale: Locale, sessions: readonly SessionData[]): SessionView[] {
  return sessions.map((s, i) => {
    const row: SessionView = { number: i + 1, label: t(locale, 'sessionNumber', { n: i + 1 }), title: s.title };
    if (s.minutes !== undefined) {
      row.minutes = s.minutes;
      row.duration = duration(locale, s.minutes);
    }
    return row;
  });
}

/** The total length of the timed sessions, in words, when any gives minutes. */
export function totalDuration(locale: Locale, sessions: readonly SessionView[]): string | undefined {
  const timed = sessions.filter((s) => s.minutes !== undefined);
  return timed.length > 0 ? duration(locale, timed.reduce((sum, s) => sum + (s.minutes ?? 0), 0)) : undefined;
}
