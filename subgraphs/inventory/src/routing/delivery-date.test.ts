import { promisedDeliveryDate, utcDay } from './delivery-date';

describe('promisedDeliveryDate', () => {
  it('is the UTC day the delivery days after now', () => {
    expect(promisedDeliveryDate(new Date('2026-03-10T09:00:00Z'), 4)).toBe('2026-03-14');
  });

  it('counts from the UTC day, late in the evening too, and across months and leap days', () => {
    expect(promisedDeliveryDate(new Date('2026-03-10T23:59:59Z'), 1)).toBe('2026-03-11');
    expect(promisedDeliveryDate(new Date('2028-02-27T12:00:00Z'), 2)).toBe('2028-02-29');
    expect(promisedDeliveryDate(new Date('2026-12-30T12:00:00Z'), 3)).toBe('2027-01-02');
  });

  it('is today for an order delivered the same day', () => {
    expect(promisedDeliveryDate(new Date('2026-03-10T09:00:00Z'), 0)).toBe(utcDay(new Date('2026-03-10T09:00:00Z')));
  });
});
