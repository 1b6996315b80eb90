import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';

/**
 * The load generator of `npm run bench`, in a worker thread of its own: the graph the bench
 * measures runs on the main thread, and the clients' own work (building requests, HTTP, parsing
 * answers) no longer takes its event loop. `concurrency` clients send requests back to back for
 * `seconds`, each answer checked; the latencies go back to the main thread.
 *
 * A request is a template: `{{i}}` in the body becomes the request's number (unique per run), so
 * every order has its own reference.
 */
export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  seconds: number;
  concurrency: number;
  /** Start numbering here (a warm-up and its run do not reuse numbers). */
  firstIndex: number;
}

export interface LoadResult {
  latencies: number[];
  error?: string;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const pool = new Pool(url.origin, { connections: spec.concurrency, pipelining: 1 });
  const headers = { 'content-type': 'application/json', ...spec.headers };
  const latencies: number[] = [];
  const deadline = performance.now() + spec.seconds * 1000;
  let next = spec.firstIndex;
  try {
    await Promise.all(
      Array.from({ length: spec.concurrency }, async () => {
        while (performance.now() < deadline) {
          const body = spec.body.replaceAll('{{i}}', String(next++));
          const started = performance.now();
          const response = await pool.request({ method: 'POST', path: `${url.pathname}${url.search}`, headers, body });
          const text = await response.body.text();
          latencies.push(performance.now() - started);
          const answer = JSON.parse(text) as { errors?: { message: string }[] };
          // A storefront's answer may carry the denials of the fields governance removed; nothing else.
          if (response.statusCode !== 200 || (answer.errors && !answer.errors.every((e) => /Unauthorized field/.test(e.message)))) {
            throw new Error(`${response.statusCode} ${JSON.stringify(answer.errors ?? answer).slice(0, 300)}`);
          }
        }
      }),
    );
    return { latencies };
  } catch (error) {
    return { latencies, error: (error as Error).message };
  } finally {
    await pool.close();
  }
}

if (parentPort) void run(workerData as LoadSpec).then((result) => parentPort!.postMessage(result));
