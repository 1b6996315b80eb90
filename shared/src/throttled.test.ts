import { throttled } from './throttled';

describe('throttled', () => {
  it('reports the first call, then at most once per interval, counting what it skipped', () => {
    let clock = 0;
    const reports: string[] = [];
    const warn = throttled(1000, (suppressed, message: string) => reports.push(`${message} (+${suppressed})`), () => clock);
    warn('a');
    warn('b');
    clock = 999;
    warn('c');
    clock = 1000;
    warn('d');
    clock = 5000;
    warn('e');
    expect(reports).toEqual(['a (+0)', 'd (+2)', 'e (+0)']);
  });
});
