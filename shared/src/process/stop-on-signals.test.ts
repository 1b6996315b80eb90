import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { createLogger } from '../logger';
import { stopOnSignals } from './stop-on-signals';

const logger = createLogger('test', 'silent');

function harness(stop: () => Promise<void>) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  stopOnSignals(stop, { logger, graceMs: 1000, marginMs: 500, signals: signals as never, exit: (code) => void exits.push(code) });
  return { signals, exits };
}

describe('stopOnSignals', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('stops once on SIGTERM and exits 0 when stopping is done', async () => {
    let finish: () => void = () => {};
    const stop = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { signals, exits } = harness(stop);
    signals.emit('SIGTERM');
    await jest.advanceTimersByTimeAsync(100);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(exits).toEqual([]);
    finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(exits).toEqual([0]);
  });

  it('stops as on SIGTERM when its supervisor is gone (its stdin pipe ends), once', async () => {
    const supervisor = new PassThrough();
    const stop = jest.fn(() => Promise.resolve());
    const exits: number[] = [];
    const signals = new EventEmitter();
    stopOnSignals(stop, { logger, graceMs: 1000, signals: signals as never, exit: (code) => void exits.push(code), supervisor });
    supervisor.write('ignored');
    await jest.advanceTimersByTimeAsync(10);
    expect(stop).not.toHaveBeenCalled();
    supervisor.end();
    await jest.advanceTimersByTimeAsync(10);
    signals.emit('SIGTERM');
    await jest.advanceTimersByTimeAsync(10);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(exits).toEqual([0]);
  });

  it('exits 1 when stopping fails', async () => {
    const { signals, exits } = harness(() => Promise.reject(new Error('pool would not close')));
    signals.emit('SIGINT');
    await jest.advanceTimersByTimeAsync(0);
    expect(exits).toEqual([1]);
  });

  it('exits 1 when stopping outlasts the grace period and its margin', async () => {
    const { signals, exits } = harness(() => new Promise<void>(() => {}));
    signals.emit('SIGTERM');
    await jest.advanceTimersByTimeAsync(1499);
    expect(exits).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(exits).toEqual([1]);
  });

  it('takes a repeated signal (Ctrl-C from the terminal and again forwarded by npm) as the same request', async () => {
    let finish: () => void = () => {};
    const stop = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const { signals, exits } = harness(stop);
    signals.emit('SIGINT');
    signals.emit('SIGINT');
    signals.emit('SIGTERM');
    expect(stop).toHaveBeenCalledTimes(1);
    expect(exits).toEqual([]);
    finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(exits).toEqual([0]);
  });
});
