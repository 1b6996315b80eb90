import { clockTicksPerSecond, cpuMs, parseProcStat } from './proc-cpu';

describe('/proc CPU time', () => {
  it('reads utime+stime and the waited-for children, even when the command name has spaces and parentheses', () => {
    const line = '4242 (node (x) y) S 17 4242 4242 0 -1 4194304 99 0 0 0 120 30 7 3 20 0 11 0 962824 3133440 358';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 17, ticks: 150, childTicks: 10 });
  });

  it('reads this process, and nothing for a process that does not exist', () => {
    if (process.platform !== 'linux') return;
    let x = 0;
    for (let i = 0; i < 2e7; i++) x += i;
    expect(x).toBeGreaterThan(0);
    expect(clockTicksPerSecond()).toBeGreaterThan(0);
    expect(cpuMs(process.pid)).toBeGreaterThan(0);
    expect(cpuMs(2 ** 22 + 1)).toBe(0);
  });
});
