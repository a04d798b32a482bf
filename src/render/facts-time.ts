import type { Hours, NoteData, Venue } from '../model/types.js';
import { ISO_MONTH, isDay } from '../model/dates.js';
import { asRange, valueAt, type KindDefinition } from '../model/kind.js';
import { describeZone, formatDate, formatDateRange, formatDays, formatMonthRange, formatTimeRange, t, type Locale } from './locale.js';
import type { FactFormat, FactValue } from './fact-format.js';


/** The value a date still to be fixed is written as. */
export const TO_BE_DETERMINED = 'TBD';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A date as the edition prints it: a day, a range ("23–25 June 2025"), separate days ("16, 18 and
 * 19 June 2025"), a month alone ("June 2025") or a date still to be fixed ("To be determined").
 */
export function dateText(locale: Locale, value: unknown): string | undefined {
  if (value === TO_BE_DETERMINED) return t(locale, 'toBeDetermined');
  if (typeof value === 'string' && ISO_MONTH.test(value)) return formatMonthRange(locale.lang, { start: value, end: value });
  if (Array.isArray(value)) {
    const days = value.filter(isDay);
    return days.length > 0 ? formatDays(locale.lang, days) : undefined;
  }
  const range = asRange(value);
  return range ? formatDateRange(locale.lang, range) : undefined;
}

/**
 * The day a time is read on, for its time zone's offset (summer or winter time): a day, the first
 * of a range or of separate days, the middle of a month; none for a date still to be fixed.
 */
export function referenceDay(value: unknown): string | undefined {
  if (typeof value === 'string' && ISO_MONTH.test(value)) return `${value}-15`;
  const start = asRange(value)?.start;
  return start !== undefined && isDay(start) ? start : undefined;
}

/** A time zone as printed: "Uzbekistan Standard Time, UTC+5"; "UTC+5" for an offset. */
export function zoneText(locale: Locale, zone: string, day?: string): string {
  const { name, offset } = describeZone(locale.lang, zone, day);
  if (name !== undefined && offset !== undefined) return t(locale, 'zoneNameOffset', { name, offset });
  return name ?? offset ?? zone;
}

/**
 * Hours as printed: "09:00–12:30 (Uzbekistan Standard Time, UTC+5)"; without the zone when
 * `withZone` is false (a programme that says its zone once) or when none is known.
 */
export function timeText(locale: Locale, time: Hours, day?: string, withZone = true): string {
  const hours = formatTimeRange(locale.lang, time.start, time.end);
  return withZone && time.zone ? t(locale, 'timeInZone', { time: hours, zone: zoneText(locale, time.zone, day) }) : hours;
}

/** A time value as the schema gives it, else undefined. */
export function asTime(value: unknown): Hours | undefined {
  return isRecord(value) && typeof value['start'] === 'string' ? (value as unknown as Hours) : undefined;
}

/** How a modality is printed: "Online", "Hybrid", "In person". */
export function modalityText(locale: Locale, modality: string): string {
  return t(locale, `modality.${modality}`);
}

/** Between the parts of a place, as each script writes it: ", "; Arabic "، "; Chinese "，". */
function placeSeparator(lang: string): string {
  const primary = lang.split('-')[0];
  return primary === 'ar' ? '\u060c ' : primary === 'zh' || primary === 'ja' ? '\uff0c' : ', ';
}

/**
 * A venue as printed: "place, city, country" in person; "Online" (its place, if any, is not a
 * place one goes to); "Hybrid: place, city, country". Its link comes apart, to print as a link.
 */
export function venueValue(locale: Locale, value: unknown): FactValue {
  if (!isRecord(value)) return undefined;
  const v = value as Venue;
  const where = [v.place, v.city, v.country].filter(Boolean).join(placeSeparator(locale.lang));
  let text = where;
  if (v.modality === 'online') text = modalityText(locale, 'online');
  else if (v.modality === 'hybrid') text = where ? t(locale, 'hybridVenue', { where }) : modalityText(locale, 'hybrid');
  if (!text && !v.link) return undefined;
  return v.link ? { text, link: v.link } : { text };
}

/** The facts of time and place: a day, days or a range, months, a time with its zone, a venue. */
export const TIME_FORMATS: Readonly<Record<string, FactFormat>> = {
  date: (locale, value) => ({ text: formatDate(locale.lang, String(value)) }),
  dates: (locale, value) => {
    const text = dateText(locale, value);
    return text === undefined ? undefined : { text };
  },
  months: (locale, value) => {
    const range = typeof value === 'string' && ISO_MONTH.test(value) ? { start: value, end: value } : asRange(value);
    return range ? { text: formatMonthRange(locale.lang, range) } : undefined;
  },
  time: (locale, value, context) => {
    const time = asTime(value);
    if (!time) return undefined;
    const day = context?.kind.date ? referenceDay(valueAt(context.note, context.kind.date)) : undefined;
    return { text: timeText(locale, time, day) };
  },
  venue: (locale, value) => venueValue(locale, value),
};

/** The `as` of the facts that say when and where: what a forum's programme at a glance prints under each workshop. */
const WHEN_AND_WHERE = ['dates', 'time', 'venue'] as const;

/**
 * When and where a note takes place, in one line for the programme at a glance: its days, its
 * hours and its venue, as its kind's facts print them ("16, 18 and 19 June 2025 · 09:00–12:30
 * (…) · Hybrid: …"); a date still to be fixed says so ("Date to be determined"). None when the
 * note gives none of them.
 */
export function whenOf(locale: Locale, note: NoteData, kind: KindDefinition): string | undefined {
  const parts = (kind.facts ?? []).flatMap((rule): string[] => {
    if (!(WHEN_AND_WHERE as readonly string[]).includes(rule.as ?? 'text')) return [];
    const value = valueAt(note, rule.field);
    if (value === undefined || value === null) return [];
    if (rule.as === 'dates' && value === TO_BE_DETERMINED) return [t(locale, 'dateToBeDetermined')];
    const text = TIME_FORMATS[rule.as as string]?.(locale, value, { note, kind })?.text;
    return text ? [text] : [];
  });
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
