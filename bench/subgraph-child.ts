import 'reflect-metadata';
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

/**
 * One subgraph as its own process, for `bench/subgraph-cpu.ts`: started from the compiled tree
 * named by `BENCH_ROOT` (this checkout's or another one's, so two builds can be compared in one
 * run), on `BENCH_DATABASE_URL`, trusting the gateway key in `BENCH_GATEWAY_JWK`, logging at
 * `info` as `npm start` does. Tells its parent its URL over IPC; stops on SIGTERM.
 */
async function main(): Promise<void> {
  const root = process.env.BENCH_ROOT!;
  const name = process.env.BENCH_SUBGRAPH!;
  const dist = (file: string) => require(path.join(root, 'dist', file));
  const { startSubgraph } = dist('shared/src/subgraph/server.js');
  const { PublicKeySet } = dist('shared/src/auth/keys.js');
  const definition = dist(`subgraphs/${name}/src/subgraph.js`)[`${name}Subgraph`];
  const running = await startSubgraph(definition, {
    databaseUrl: process.env.BENCH_DATABASE_URL!,
    port: 0,
    seed: false,
    logLevel: 'info',
    gatewayKeys: PublicKeySet.of([JSON.parse(process.env.BENCH_GATEWAY_JWK!)]),
  });
  // `--profile`: the parent asks for a CPU profile of the measured rounds only (not of the start).
  const session = new inspector.Session();
  process.on('message', (message: { profile?: 'start' | string }) => {
    if (message.profile === 'start') {
      session.connect();
      session.post('Profiler.enable', () => session.post('Profiler.start'));
    } else if (message.profile) {
      const file = message.profile;
      session.post('Profiler.stop', (error, result) => {
        if (!error) fs.writeFileSync(file, JSON.stringify(result.profile));
        process.send?.({ profiled: file });
      });
    }
  });
  process.send?.({ url: running.url });
  process.once('SIGTERM', () => {
    void running.stop().finally(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
