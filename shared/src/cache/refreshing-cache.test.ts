import { RefreshingCache } from './refreshing-cache';

describe('RefreshingCache', () => {
  it('makes callers that arrive during the first load wait for it', async () => {
    let loads = 0;
    const cache = new RefreshingCache(async () => {
      loads += 1;
      await new Promise((r) => setTimeout(r, 20));
      return 'value';
    });
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual(['value', 'value', 'value']);
    expect(loads).toBe(1);
  });

  it('keeps the last known value when a refresh fails, and rejects only if nothing was ever known', async () => {
    let fail = false;
    const errors: string[] = [];
    const cache = new RefreshingCache(
      async () => {
        if (fail) throw new Error('down');
        return 1;
      },
      0,
      0,
      (e) => errors.push(e.message),
    );
    expect(await cache.get()).toBe(1);
    fail = true;
    await new Promise((r) => setTimeout(r, 5));
    expect(await cache.get({ refresh: true })).toBe(1);
    expect(errors).toEqual(['down']);
    const empty = new RefreshingCache(async () => Promise.reject(new Error('down')));
    await expect(empty.get()).rejects.toThrow(/not known yet/);
  });

  it('reads the source again when forced, however recent the value', async () => {
    let loads = 0;
    const cache = new RefreshingCache(async () => (loads += 1), 60_000, 60_000);
    expect(await cache.get()).toBe(1);
    expect(await cache.get({ refresh: true })).toBe(1);
    expect(await cache.get({ force: true })).toBe(2);
  });
});
