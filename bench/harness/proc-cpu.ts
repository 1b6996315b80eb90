import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * CPU time of processes from `/proc/<pid>/stat` (Linux): utime + stime, in clock ticks, converted
 * with the kernel's tick rate (`getconf CLK_TCK`, usually 100 — a 10 ms resolution, which is why the
 * harness samples around whole rounds, not single requests).
 */
let clockTicks: number | undefined;

export function clockTicksPerSecond(): number {
  if (clockTicks === undefined) {
    const answer = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    clockTicks = Number.isFinite(answer) && answer > 0 ? answer : 100;
  }
  return clockTicks;
}

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime of the process itself, in ticks. */
  ticks: number;
  /** cutime + cstime: children that exited and were waited for, in ticks. */
  childTicks: number;
}

/** Parses one `/proc/<pid>/stat` line. The command name (field 2) may hold spaces and parentheses. */
export function parseProcStat(line: string): ProcStat {
  const close = line.lastIndexOf(')');
  const pid = Number(line.slice(0, line.indexOf(' ')));
  // Fields after the command: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17).
  const rest = line.slice(close + 2).split(' ');
  const field = (n: number) => Number(rest[n - 3]);
  return { pid, ppid: field(4), ticks: field(14) + field(15), childTicks: field(16) + field(17) };
}

export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** CPU milliseconds a process has used so far (0 once it is gone). */
export function cpuMs(pid: number): number {
  const stat = readProcStat(pid);
  return stat ? (stat.ticks * 1000) / clockTicksPerSecond() : 0;
}

/**
 * CPU milliseconds of a process tree used so far: the process, its live children, and the
 * children that already exited (PostgreSQL's postmaster and its backends, one per connection).
 */
export function treeCpuMs(rootPid: number): number {
  const root = readProcStat(rootPid);
  if (!root) return 0;
  let ticks = root.ticks + root.childTicks;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.ppid === rootPid) ticks += stat.ticks + stat.childTicks;
  }
  return (ticks * 1000) / clockTicksPerSecond();
}

/** CPU milliseconds the whole machine has been busy (all cores: user, nice, system, irq, softirq, steal) since boot. */
export function machineBusyMs(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / clockTicksPerSecond();
}
