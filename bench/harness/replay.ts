/**
 * The direct-subgraph ceiling replays the subgraph requests a gateway made for one client request.
 * They are captured once with their start and end times; a request belongs to the wave after the
 * latest wave that had fully answered before it started. Requests that overlapped in time share a
 * wave and are replayed in parallel; a wave starts when the previous one has answered.
 *
 * This is at least as slow as the plan itself: a fetch that depended on only part of the previous
 * wave still waits for all of it. With one fetch per dependency level (the storefront query's
 * plan), waves and the plan are the same.
 */
export interface CapturedFetch {
  subgraph: string;
  url: string;
  body: string;
  started: number;
  ended: number;
  response: string;
}

export interface ReplayRequest {
  subgraph: string;
  url: string;
  body: string;
  /** The answer it got when captured, to check the replay against. */
  response: string;
}

export function wavesOf(fetches: readonly CapturedFetch[]): ReplayRequest[][] {
  const sorted = [...fetches].sort((a, b) => a.started - b.started);
  const level = new Map<CapturedFetch, number>();
  for (const fetch of sorted) {
    let wave = 0;
    for (const [earlier, earlierWave] of level) {
      if (earlier.ended <= fetch.started) wave = Math.max(wave, earlierWave + 1);
    }
    level.set(fetch, wave);
  }
  const waves: ReplayRequest[][] = [];
  for (const fetch of sorted) {
    const wave = level.get(fetch)!;
    (waves[wave] ??= []).push({ subgraph: fetch.subgraph, url: fetch.url, body: fetch.body, response: fetch.response });
  }
  return waves.filter((w) => w && w.length > 0);
}

/** "brands → inventory ‖ partners → partners" */
export function describeWaves(waves: readonly ReplayRequest[][]): string {
  return waves.map((wave) => wave.map((r) => r.subgraph).join(' ‖ ')).join(' → ');
}
