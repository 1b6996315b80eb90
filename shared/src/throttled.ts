/**
 * Calls `report` at most once per `intervalMs` and tells it how many calls it skipped since the
 * last report: for log lines that a failing dependency would otherwise repeat for every request.
 */
export function throttled<A extends unknown[]>(intervalMs: number, report: (suppressed: number, ...args: A) => void, now: () => number = Date.now): (...args: A) => void {
  let last = -Infinity;
  let suppressed = 0;
  return (...args) => {
    const at = now();
    if (at - last < intervalMs) {
      suppressed += 1;
      return;
    }
    report(suppressed, ...args);
    last = at;
    suppressed = 0;
  };
}
