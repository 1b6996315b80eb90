import { getEventListeners } from 'node:events';
import { TaskCancelledError } from 'cockatiel';
// Internal to cockatiel (no export names it): the signal it gives an execution started without one.
import { neverAbortedSignal } from 'cockatiel/dist/common/abort';
import { DEFAULT_RESILIENCE, SubgraphPolicy, withDeadline } from './subgraph-policies';

describe('withDeadline', () => {
  it('answers what the attempt answers, and leaves its signal alone when it finished in time', async () => {
    let seen: AbortSignal | undefined;
    await expect(withDeadline(1000, undefined, async (signal) => ((seen = signal), 'ok'))).resolves.toBe('ok');
    expect(seen!.aborted).toBe(false);
    await expect(withDeadline(1000, undefined, async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(withDeadline(1000, undefined, () => { throw new Error('sync'); })).rejects.toThrow('sync');
  });

  it('fails with TaskCancelledError at the deadline and aborts the attempt', async () => {
    let seen: AbortSignal | undefined;
    const never = (signal: AbortSignal) => ((seen = signal), new Promise<string>(() => {}));
    await expect(withDeadline(20, undefined, never)).rejects.toBeInstanceOf(TaskCancelledError);
    expect(seen!.aborted).toBe(true);
  });

  it('aborts the attempt when the outer signal aborts', async () => {
    const outer = new AbortController();
    let seen: AbortSignal | undefined;
    const attempt = withDeadline(1000, outer.signal, (signal) => new Promise<string>((_, reject) => ((seen = signal), signal.addEventListener('abort', () => reject(new Error('aborted'))))));
    outer.abort();
    await expect(attempt).rejects.toThrow('aborted');
    expect(seen!.aborted).toBe(true);
  });
});

describe('SubgraphPolicy', () => {
  it('times a read out per attempt, retries it once, and names the timeout', async () => {
    const policy = new SubgraphPolicy('inventory', 20, DEFAULT_RESILIENCE);
    let attempts = 0;
    const error = await policy.execute(() => ((attempts += 1), new Promise(() => {})), { idempotent: true }).catch((e: unknown) => e);
    expect(attempts).toBe(2);
    expect(policy.reasonOf(error)).toBe('it did not answer within 20 ms');
  });

  it('does not retry a mutation', async () => {
    const policy = new SubgraphPolicy('inventory', 20, DEFAULT_RESILIENCE);
    let attempts = 0;
    await policy.execute(() => ((attempts += 1), Promise.reject(new Error('down'))), { idempotent: false }).catch(() => undefined);
    expect(attempts).toBe(1);
  });

  it('keeps no listener per in-flight fetch on the signal cockatiel gives every call', async () => {
    // Without a signal of the caller's, cockatiel hands every execution one shared, never-aborted
    // signal: a listener on it per fetch grew with the process's concurrency (MaxListenersExceededWarning).
    const policy = new SubgraphPolicy('inventory', 1000, DEFAULT_RESILIENCE);
    const releases: (() => void)[] = [];
    const inFlight = Array.from({ length: 50 }, (_, i) =>
      policy.execute(() => new Promise<string>((resolve) => releases.push(() => resolve('ok'))), { idempotent: i % 2 === 0 }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toHaveLength(50);
    expect(getEventListeners(neverAbortedSignal, 'abort')).toHaveLength(0);
    releases.forEach((release) => release());
    await expect(Promise.all(inFlight)).resolves.toHaveLength(50);
  });
});
