import type { ChildProcess } from 'node:child_process';

export interface Stopped {
  name: string;
  /** How it ended: its exit code, or the signal that ended it. */
  outcome: string;
  /** It outlived `killAfterMs` and was killed. */
  killed: boolean;
}

/**
 * Stops processes group after group: every process of a group gets SIGTERM and the group is waited
 * for (a process still running `killAfterMs` later gets SIGKILL) before the next group is told —
 * so the gateway is gone before the subgraphs it calls, and they before the database they use.
 */
export async function stopInOrder(groups: readonly (readonly { name: string; process: ChildProcess }[])[], killAfterMs: number): Promise<Stopped[]> {
  const stopped: Stopped[] = [];
  for (const group of groups) stopped.push(...(await Promise.all(group.map(({ name, process }) => stopOne(name, process, killAfterMs)))));
  return stopped;
}

function stopOne(name: string, child: ChildProcess, killAfterMs: number): Promise<Stopped> {
  const outcome = () => (child.signalCode ? child.signalCode : `code ${child.exitCode}`);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ name, outcome: outcome(), killed: false });
  return new Promise((resolve) => {
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve({ name, outcome: outcome(), killed });
    });
    child.kill('SIGTERM');
  });
}
