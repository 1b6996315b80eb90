import type { GraphQLError } from 'graphql';
import { calendarDay, isCalendarDay } from './calendar-day';

describe('calendarDay', () => {
  it('gives YYYY-MM-DD for what the Date scalar hands over, and for strings', () => {
    expect(calendarDay('day', new Date('2026-06-01T00:00:00Z'))).toBe('2026-06-01');
    expect(calendarDay('day', '2024-02-29')).toBe('2024-02-29');
    expect(calendarDay('day', '0001-01-01')).toBe('0001-01-01');
  });

  it.each([['0000-01-01'], ['2026-02-30'], ['2026-13-01'], ['26-01-01'], ['2026-1-1'], [new Date('0000-06-01T00:00:00Z')], [new Date(Number.NaN)], [new Date('+010000-01-01T00:00:00Z')]])(
    'refuses %p naming the argument',
    (value) => {
      let error: GraphQLError | undefined;
      try {
        calendarDay('changes.validFrom', value);
      } catch (e) {
        error = e as GraphQLError;
      }
      expect(error?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'changes.validFrom' });
      expect(error?.message).toMatch(/^changes\.validFrom: must be a day/);
    },
  );

  it('isCalendarDay knows leap years', () => {
    expect(isCalendarDay('2000-02-29')).toBe(true);
    expect(isCalendarDay('1900-02-29')).toBe(false);
  });
});
