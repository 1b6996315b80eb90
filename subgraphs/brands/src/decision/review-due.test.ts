import { isReviewOverdue, reviewDueFor } from './review-due';

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

describe('isReviewOverdue', () => {
  const now = new Date('2026-07-01T00:00:00Z');
  it('is true for a decision in effect past its review date', () => {
    expect(isReviewOverdue({ status: 'APPROVED', reviewDueAt: new Date('2026-06-30T23:59:59.999Z') }, now)).toBe(true);
  });

  it('is false before the date, at the instant itself, and for decisions not in effect', () => {
    expect(isReviewOverdue({ status: 'APPROVED', reviewDueAt: new Date('2026-09-30T23:59:59.999Z') }, now)).toBe(false);
    expect(isReviewOverdue({ status: 'APPROVED', reviewDueAt: now }, now)).toBe(false);
    expect(isReviewOverdue({ status: 'SUPERSEDED', reviewDueAt: new Date('2026-01-01T00:00:00Z') }, now)).toBe(false);
    expect(isReviewOverdue({ status: 'PROPOSED', reviewDueAt: null }, now)).toBe(false);
  });
});
