import type { Venue } from '../model/types.js';
import { asRange } from '../model/kind.js';
import { formatDate, formatDateRange, formatMonthRange } from './locale.js';
import type { FactFormat } from './fact-format.js';

/** The facts of time and place: a day, days or a range, months, a venue. */
export const TIME_FORMATS: Readonly<Record<string, FactFormat>> = {
  date: (locale, value) => ({ text: formatDate(locale.lang, String(value)) }),
  dates: (locale, value) => {
    const range = asRange(value);
    return range ? { text: formatDateRange(locale.lang, range) } : undefined;
  },
  months: (locale, value) => {
    const range = asRange(value);
    return range ? { text: formatMonthRange(locale.lang, range) } : undefined;
  },
  venue: (_locale, value) => {
    const v = value as Partial<Venue>;
    return { text: [v.place, v.city, v.country].filter(Boolean).join(', ') };
  },
};
