import { exitDateAfterNotice } from './exit-date';

describe('exitDateAfterNotice', () => {
  it('is the notice days after notice is given, as a UTC day', () => {
    expect(exitDateAfterNotice(new Date('2026-01-15T10:00:00Z'), 90)).toBe('2026-04-15');
    expect(exitDateAfterNotice(new Date('2026-12-31T23:30:00Z'), 1)).toBe('2027-01-01');
  });

  it('is the same day for a contract with no notice period', () => {
    expect(exitDateAfterNotice(new Date('2026-01-15T10:00:00Z'), 0)).toBe('2026-01-15');
  });
});
