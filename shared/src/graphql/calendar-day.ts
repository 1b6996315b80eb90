import { badInput } from '../errors';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar day, YYYY-MM-DD, in the years PostgreSQL's `date` reads (0001–9999). */
export function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match || Number(match[1]) < 1) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * A calendar day as `YYYY-MM-DD`, from what the `Date` scalar hands a resolver (a Date at midnight
 * UTC) or a string. Anything else — an invalid date, year 0000 (which the scalar accepts and
 * PostgreSQL refuses) — is refused naming `field`, before it reaches SQL.
 */
export function calendarDay(field: string, value: Date | string): string {
  const day = value instanceof Date ? (Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)) : String(value);
  if (!isCalendarDay(day)) throw badInput(field, 'must be a day from 0001-01-01 to 9999-12-31, YYYY-MM-DD.');
  return day;
}
