import { reviewDueFor } from './review-due';

describe('reviewDueFor', () => {
  it.each([
    ['2026-11-21T10:00:00Z', '2027-03-31T23:59:59.999Z'],
    ['2026-01-01T00:00:00Z', '2026-06-30T23:59:59.999Z'],
    ['2026-03-31T23:59:59Z', '2026-06-30T23:59:59.999Z'],
    ['2026-04-01T00:00:00Z', '2026-09-30T23:59:59.999Z'],
    ['2026-07-15T12:00:00Z', '2026-12-31T23:59:59.999Z'],
    ['2026-10-01T00:00:00Z', '2027-03-31T23:59:59.999Z'],
  ])('approved %s → due %s (the end of the next quarter)', (approved, due) => {
    expect(reviewDueFor(new Date(approved)).toISOString()).toBe(due);
  });
});
