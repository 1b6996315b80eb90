import { badInput } from '../errors';

/** A reporting period: a calendar month in UTC, written "YYYY-MM". */
export interface Period {
  period: string;
  /** First instant of the month. */
  start: Date;
  /** First instant of the next month (exclusive end). */
  end: Date;
  days: number;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month a "YYYY-MM" names, or null when it names none (years 0001–9999). */
export function parsePeriod(value: string): Period | null {
  const match = PERIOD.exec(value);
  if (!match || Number(match[1]) < 1) return null;
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  const start = new Date(Date.UTC(year, month, 1));
  start.setUTCFullYear(year);
  const end = new Date(Date.UTC(year, month + 1, 1));
  end.setUTCFullYear(month === 11 ? year + 1 : year);
  return { period: value, start, end, days: Math.round((end.getTime() - start.getTime()) / 86_400_000) };
}

/** The period named by an argument, refused with BAD_USER_INPUT naming `field` when malformed. */
export function requirePeriod(field: string, value: string): Period {
  const parsed = parsePeriod(value);
  if (!parsed) throw badInput(field, `must be a month, YYYY-MM, not "${value}".`);
  return parsed;
}

/** The period an instant falls in. */
export function periodOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The month before a period. */
export function previousPeriod(period: string): string {
  const { start } = parsePeriod(period)!;
  return periodOf(new Date(start.getTime() - 1));
}
