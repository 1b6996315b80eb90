import type { Principal } from '../../../shared/src/auth/principal';
import { CallerRateLimiter } from './caller-rate';

const budgets = { default: 100, storefront: 1_000, admin: 100_000 };
const caller = (sub: string, roles: string[] = ['storefront']): Principal => ({ sub, roles, scopes: [], brands: ['halden'], brandIds: [] });

describe('CallerRateLimiter', () => {
  let now = 0;
  const limiter = () => new CallerRateLimiter({ budgetsPerSecond: 2, burstSeconds: 1 }, budgets, () => now);
  beforeEach(() => (now = 1_000_000));

  it('lets a caller spend its burst (rate × burst seconds), then makes it wait until it has refilled', () => {
    const rate = limiter();
    const halden = caller('halden-shop');
    // 2 budgets per second, 1 s of burst: 2 000 of cost at once.
    rate.charge(halden, { estimatedCost: 1_500 });
    expect(rate.waitSeconds(halden)).toBe(0);
    rate.charge(halden, { estimatedCost: 1_500 });
    // 1 000 in debt at 2 000 per second: one second (rounded up, at least 1).
    expect(rate.waitSeconds(halden)).toBe(1);
    now += 400;
    expect(rate.waitSeconds(halden)).toBe(1);
    now += 200;
    expect(rate.waitSeconds(halden)).toBe(0);
  });

  it('charges an operation refused before it was estimated (invalid, not allowed) a hundredth of the budget', () => {
    const rate = limiter();
    const halden = caller('halden-shop');
    for (let i = 0; i < 199; i += 1) rate.charge(halden, {});
    expect(rate.waitSeconds(halden)).toBe(0);
    rate.charge(halden, {});
    rate.charge(halden, {});
    expect(rate.waitSeconds(halden)).toBe(1);
  });

  it('charges an operation demand control refused the caller’s whole budget', () => {
    const rate = limiter();
    const halden = caller('halden-shop');
    rate.charge(halden, { refusedByDemandControl: true });
    expect(rate.waitSeconds(halden)).toBe(0);
    rate.charge(halden, { refusedByDemandControl: true });
    expect(rate.waitSeconds(halden)).toBe(1);
  });

  it('keeps callers apart, and sizes each by its own budget', () => {
    const rate = limiter();
    const flooder = caller('flooder');
    for (let i = 0; i < 50; i += 1) rate.charge(flooder, { refusedByDemandControl: true });
    expect(rate.waitSeconds(flooder)).toBeGreaterThan(10);
    expect(rate.waitSeconds(caller('lumen-shop'))).toBe(0);
    const admin = caller('ops-admin', ['admin']);
    for (let i = 0; i < 50; i += 1) rate.charge(admin, { estimatedCost: 1_000 });
    expect(rate.waitSeconds(admin)).toBe(0);
  });

  it('never refills beyond the burst', () => {
    const rate = limiter();
    const halden = caller('halden-shop');
    now += 3_600_000;
    rate.charge(halden, { estimatedCost: 2_000 });
    rate.charge(halden, { estimatedCost: 1 });
    expect(rate.waitSeconds(halden)).toBe(1);
  });

  it('is off at 0 budgets per second', () => {
    expect(new CallerRateLimiter({ budgetsPerSecond: 0, burstSeconds: 1 }, budgets).enabled).toBe(false);
  });
});
