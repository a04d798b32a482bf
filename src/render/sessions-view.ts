import type { Hours, NoteData } from '../model/types.js';
import { valueAt, type KindDefinition } from '../model/kind.js';
import { formatDayMonth, formatWeekday, plural, t, type Locale } from './locale.js';
import { asTime, modalityText, referenceDay, timeText, zoneText } from './facts-time.js';

/** A session row of the programme. */
export interface SessionView {
  number: number;
  label: string;
  title: string;
  duration?: string;
  minutes?: number;
  /** Its hours, without the zone when the programme gives it once ("09:00–10:30"), else with it. */
  time?: string;
  /** When, in one line for the programme at a glance: "16 June, 09:00–10:30". */
  when?: string;
  room?: string;
  /** In person, online or hybrid, as printed. */
  modality?: string;
  /** "Name, Role". */
  moderator?: string;
  /** "Speakers:" (or "Speaker:"), over the list. */
  speakersLabel?: string;
  /** Each "Name, Role". */
  speakers?: string[];
}

/** A person of a session as the schema gives them: a name, and optionally a role. */
export interface PersonData {
  name: string;
  role?: string;
}

/** A session as a note's front matter gives it. */
export interface SessionData {
  title: string;
  minutes?: number;
  /** A day, YYYY-MM-DD. */
  date?: string;
  time?: Hours;
  room?: string;
  modality?: 'in-person' | 'online' | 'hybrid';
  moderator?: PersonData;
  speakers?: PersonData[];
}

/** What a note's sessions share: the time zone they are given in, and the day they are on when they give none. */
export interface SessionSetting {
  zone?: string;
  day?: string;
}

/** One day of a programme that runs over several: its heading, and its sessions. */
export interface ProgrammeDay {
  /** "Monday 16 June 2025"; none for the sessions before the first that names its day. */
  day?: string;
  sessions: SessionView[];
}

/**
 * What the programme prints beyond the session, title and duration, each only when some session
 * has it: a column of times, a column of rooms (or of modalities), one heading a day.
 */
export interface ProgrammeView {
  /** Some session has a time: the Time column. */
  time: boolean;
  /** Some session has a room or a modality: the Room column, headed by this label. */
  place?: string;
  /** The sessions, one group a day (one group without a heading when no session gives its day). */
  days: ProgrammeDay[];
  /** The columns of a row, for a day's heading to span. */
  columns: number;
  /** The columns before the duration, for the total's label to span. */
  totalSpan: number;
  /** "Times: Uzbekistan Standard Time, UTC+5": the zone the times are in, said once. */
  zone?: string;
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

/**
 * What a note's sessions share: the zone of the note's own time (the field its kind prints `as:
 * time`), else of its first session that gives one; the day of its date (its first day).
 */
export function sessionSetting(note: NoteData, kind: KindDefinition | undefined, sessions: readonly SessionData[]): SessionSetting {
  const setting: SessionSetting = {};
  const timeRule = kind?.facts?.find((f) => f.as === 'time');
  const zone = (timeRule ? asTime(valueAt(note, timeRule.field))?.zone : undefined) ?? sessions.find((s) => s.time?.zone)?.time?.zone;
  if (zone !== undefined) setting.zone = zone;
  const day = kind?.date ? referenceDay(valueAt(note, kind.date)) : undefined;
  if (day !== undefined) setting.day = day;
  return setting;
}

/** A person as printed: "Name, Role" (in the edition's punctuation). */
function person(locale: Locale, p: PersonData): string {
  return p.role ? t(locale, 'personRole', { name: p.name, role: p.role }) : p.name;
}

/**
 * The programme's rows: each session numbered and labelled, with its duration when it gives
 * minutes, and its time, room, modality, moderator and speakers when it gives them. A time in the
 * zone the sessions share is printed bare (the programme says the zone once); another, with its own.
 */
export function sessionViews(locale: Locale, sessions: readonly SessionData[], setting: SessionSetting = {}): SessionView[] {
  return sessions.map((s, i) => {
    const row: SessionView = { number: i + 1, label: t(locale, 'sessionNumber', { n: i + 1 }), title: s.title };
    if (s.minutes !== undefined) {
      row.minutes = s.minutes;
      row.duration = duration(locale, s.minutes);
    }
    if (s.time) {
      const zone = s.time.zone ?? setting.zone;
      const time: Hours = zone === undefined ? s.time : { ...s.time, zone };
      row.time = timeText(locale, time, s.date ?? setting.day, zone !== setting.zone);
    }
    if (s.date !== undefined || row.time !== undefined) {
      const day = s.date === undefined ? undefined : formatDayMonth(locale.lang, s.date);
      row.when = day !== undefined && row.time !== undefined ? t(locale, 'dayAndTime', { day, time: row.time }) : (day ?? row.time);
    }
    if (s.room) row.room = s.room;
    if (s.modality) row.modality = modalityText(locale, s.modality);
    if (s.moderator) row.moderator = person(locale, s.moderator);
    if (s.speakers && s.speakers.length > 0) {
      row.speakersLabel = plural(locale, 'speakersLabel', s.speakers.length);
      row.speakers = s.speakers.map((p) => person(locale, p));
    }
    return row;
  });
}

/**
 * The programme beyond its plain rows, when some session gives a day, a time, a room, a modality,
 * a moderator or speakers; undefined otherwise (the programme is then the plain table).
 */
export function programmeView(locale: Locale, sessions: readonly SessionData[], rows: readonly SessionView[], setting: SessionSetting = {}): ProgrammeView | undefined {
  const more = sessions.some((s) => s.date !== undefined || s.time || s.room || s.modality || s.moderator || (s.speakers && s.speakers.length > 0));
  if (!more) return undefined;
  const time = rows.some((r) => r.time !== undefined);
  const rooms = rows.some((r) => r.room !== undefined);
  const modalities = rows.some((r) => r.modality !== undefined);
  const days: ProgrammeDay[] = [];
  sessions.forEach((s, i) => {
    const row = rows[i] as SessionView;
    const last = days[days.length - 1];
    const day = s.date === undefined ? undefined : formatWeekday(locale.lang, s.date);
    if (last && (day === undefined || day === last.day)) last.sessions.push(row);
    else days.push(day === undefined ? { sessions: [row] } : { day, sessions: [row] });
  });
  const programme: ProgrammeView = {
    time,
    days,
    columns: 0,
    totalSpan: 2 + (time ? 1 : 0) + (rooms || modalities ? 1 : 0),
  };
  programme.columns = programme.totalSpan + (rows.some((r) => r.minutes !== undefined) ? 1 : 0);
  if (rooms || modalities) programme.place = t(locale, rooms ? 'room' : 'format');
  const zoned = sessions.some((s) => s.time && (s.time.zone ?? setting.zone) === setting.zone);
  if (time && setting.zone !== undefined && zoned) {
    const day = sessions.find((s) => s.date !== undefined)?.date ?? setting.day;
    programme.zone = t(locale, 'timesIn', { zone: zoneText(locale, setting.zone, day) });
  }
  return programme;
}

/** The total length of the timed sessions, in words, when any gives minutes. */
export function totalDuration(locale: Locale, sessions: readonly SessionView[]): string | undefined {
  const timed = sessions.filter((s) => s.minutes !== undefined);
  return timed.length > 0 ? duration(locale, timed.reduce((sum, s) => sum + (s.minutes ?? 0), 0)) : undefined;
}
