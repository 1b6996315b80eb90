import { createLogger } from '../logger';
import { startPeriodicJob } from './periodic-job';

const silent = createLogger('test', 'silent');

describe('startPeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs once at start, then on every interval', async () => {
    let runs = 0;
    const job = startPeriodicJob('sweep', 1000, async () => String(++runs), silent);
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(3000);
    expect(runs).toBe(4);
    await job.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(4);
  });

  it('never starts a run while the previous one is still going', async () => {
    let started = 0;
    let finish: () => void = () => {};
    const job = startPeriodicJob('sweep', 1000, () => {
      started += 1;
      return new Promise<null>((resolve) => (finish = () => resolve(null)));
    }, silent);
    await jest.advanceTimersByTimeAsync(3500);
    expect(started).toBe(1);
    finish();
    await jest.advanceTimersByTimeAsync(1000);
    expect(started).toBe(2);
    finish();
    await job.stop();
  });

  it('keeps going after a failed run, and stop waits for the run under way', async () => {
    let runs = 0;
    let finish: () => void = () => {};
    const job = startPeriodicJob('sweep', 1000, () => {
      runs += 1;
      if (runs === 1) return Promise.reject(new Error('database away'));
      return new Promise<null>((resolve) => (finish = () => resolve(null)));
    }, silent);
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });
});
