/*
 * The shapes a date takes in front matter, in one place: a day (YYYY-MM-DD), a month (YYYY-MM),
 * and the days a date fixes (a day, every day of a range, separate days).
 */

/** A day, YYYY-MM-DD. */
export const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A month alone, YYYY-MM. */
export const ISO_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Whether a value is a day, YYYY-MM-DD. */
export function isDay(value: unknown): value is string {
  return typeof value === 'string' && ISO_DAY.test(value);
}

/** The days a date fixes: a day, every day of a range (at most a year), separate days; none while not fixed (TBD, a month). */
export function daysOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter(isDay);
  if (isDay(value)) return [value];
  const range = value as { start?: unknown; end?: unknown } | null;
  if (!range || typeof range !== 'object' || !isDay(range.start) || !isDay(range.end) || range.end < range.start) return undefined;
  const days: string[] = [];
  for (let day = new Date(`${range.start}T00:00:00Z`); days.length < 366; day = new Date(day.getTime() + 86_400_000)) {
    const iso = day.toISOString().slice(0, 10);
    days.push(iso);
    if (iso >= range.end) break;
  }
  return days;
}
