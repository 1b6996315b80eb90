import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The services under test, each its own process (so its CPU can be read from /proc), each writing
 * to its own log file, all of them stopped when the harness stops — normally, on an error, or on
 * Ctrl-C — and a last-resort SIGKILL if the harness exits with any still running.
 */
export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
  log: string;
  /** Why it exited, once it has. */
  exited?: string;
}

const running = new Set<Service>();

process.on('exit', () => {
  for (const service of running) service.child.kill('SIGKILL');
});

/** Every service still running. */
export function runningServices(): Service[] {
  return [...running];
}

export function startService(name: string, args: string[], options: { env: NodeJS.ProcessEnv; logDir: string; cwd: string }): Service {
  fs.mkdirSync(options.logDir, { recursive: true });
  const log = path.join(options.logDir, `${name}.log`);
  const fd = fs.openSync(log, 'a');
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  if (!child.pid) throw new Error(`${name} did not start`);
  const service: Service = { name, child, pid: child.pid, log };
  running.add(service);
  child.once('exit', (code, signal) => {
    service.exited = signal ? `signal ${signal}` : `exit code ${code}`;
    running.delete(service);
  });
  return service;
}

/** The last lines a service wrote, to say why it failed. */
export function logTail(service: Service, lines = 15): string {
  try {
    return fs.readFileSync(service.log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Waits until `check` passes; fails at once if the service exits, or after the timeout. */
export async function waitReady(service: Service, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.exited) throw new Error(`${service.name} exited (${service.exited}) while starting:\n${logTail(service)}`);
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${service.name} was not ready within ${timeoutMs / 1000} s:\n${logTail(service)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function httpOk(url: string, init?: RequestInit): Promise<boolean> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
  await response.arrayBuffer();
  return response.ok;
}

/** SIGTERM (a clean stop: a CPU profile is written then), SIGKILL after `graceMs`. */
export async function stopService(service: Service, graceMs = 10_000): Promise<void> {
  if (service.exited || service.child.exitCode !== null || service.child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      service.child.kill('SIGKILL');
      setTimeout(resolve, 1000);
    }, graceMs);
    service.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    service.child.kill('SIGTERM');
  });
}

export async function stopAll(graceMs = 10_000): Promise<void> {
  await Promise.all([...running].map((service) => stopService(service, graceMs)));
}
