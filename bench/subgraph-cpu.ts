import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SIGNATURE_HEADER } from '../shared/src/auth/signing';
import { startEmbeddedPostgres } from '../shared/src/db/embedded-postgres';
import { freePort } from '../test/support/free-port';
import { Stack, token } from '../test/support/stack';
import { cpuMs } from './harness/proc-cpu';

/**
 * `node dist/bench/subgraph-cpu.js [--seconds 8] [--rounds 4] [--concurrency 8] [--base <dir>] [--profile <dir>]`
 *
 * Subgraph-side CPU per storefront request, the subgraphs each in its own process: the storefront
 * query goes once through a real gateway whose subgraph requests are captured; then those exact
 * requests (freshly signed each time, in the order the gateway sent them) are replayed against
 * brands, inventory and partners processes, and each process's CPU (utime + stime from
 * /proc/<pid>/stat) is divided by the storefront requests served. With `--base <dir>` (another
 * checkout, built, sharing node_modules) its subgraphs are measured too, rounds alternating, on the
 * same databases; their answers must equal this checkout's. `--profile <dir>` writes a CPU profile
 * of every subgraph process over the measured rounds (`<name>-<build>.cpuprofile`).
 */
const STOREFRONT =
  '{ brand(slug: "halden") { skus(first: 20) { nodes { code available stock { available node { code operator { name } } } } } partners { name } } }';
const SUBGRAPHS = ['brands', 'inventory', 'partners'] as const;
type Name = (typeof SUBGRAPHS)[number];

function arg(name: string, fallback: string | undefined): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}


interface Config {
  label: string;
  children: Record<Name, { process: ChildProcess; url: string }>;
}

async function startConfig(label: string, root: string, stack: Stack, jwk: object): Promise<Config> {
  const children = {} as Config['children'];
  await Promise.all(
    SUBGRAPHS.map(async (name) => {
      const child = fork(path.join(__dirname, 'subgraph-child.js'), [], {
        env: {
          ...process.env,
          BENCH_ROOT: root,
          BENCH_SUBGRAPH: name,
          BENCH_DATABASE_URL: stack.databaseUrl(name),
          BENCH_GATEWAY_JWK: JSON.stringify(jwk),
          APOLLO_TELEMETRY_DISABLED: 'true',
          // As `npm start` and the container image run them.
          NODE_ENV: 'production',
        },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const url = await new Promise<string>((resolve, reject) => {
        child.once('message', (m: { url: string }) => resolve(m.url));
        child.once('exit', (code) => reject(new Error(`${label} ${name} exited with ${code}`)));
      });
      children[name] = { process: child, url };
    }),
  );
  return { label, children };
}

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '8'));
  const rounds = Number(arg('rounds', '4'));
  const concurrency = Number(arg('concurrency', '8'));
  const base = arg('base', undefined);
  const profileDir = arg('profile', undefined);
  const here = path.resolve(__dirname, '..', '..');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-sgcpu-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  process.env.TRELLIS_TEST_SERVER_URL = pg.url;
  const stack = await Stack.start({ tap: [...SUBGRAPHS] });
  const configs: Config[] = [];
  try {
    // The gateway's subgraph requests for one storefront query.
    for (const name of SUBGRAPHS) stack.taps[name]!.captured.length = 0;
    const storefront = `Bearer ${await token({ roles: ['storefront'], brands: ['halden'] })}`;
    const once = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: storefront },
      body: JSON.stringify({ query: STOREFRONT }),
    });
    const answer = (await once.json()) as { data?: unknown; errors?: unknown };
    if (answer.errors || !answer.data) throw new Error(`the storefront query failed: ${JSON.stringify(answer)}`);
    const captured: { name: Name; body: Buffer; order: number }[] = [];
    let order = 0;
    for (const name of SUBGRAPHS) {
      for (const request of stack.taps[name]!.captured) {
        // The gateway's brand directory (slug → id) is cached for 30 s: not a per-request fetch.
        if (!request.body.toString('utf8').includes('brands { id slug }')) captured.push({ name, body: request.body, order: order++ });
      }
    }
    const first = stack.taps.inventory!.captured[0]!;
    const signature = String(first.headers[SIGNATURE_HEADER]);
    const principal = JSON.parse(Buffer.from(signature.split('.')[1]!, 'base64url').toString('utf8')).prn;
    // brands first, then inventory and partners' Brand fetch, then the operators: the gateway's order.
    captured.sort((a, b) => SUBGRAPHS.indexOf(a.name) - SUBGRAPHS.indexOf(b.name) || a.order - b.order);
    if (process.argv.includes('--show')) for (const c of captured) console.log(c.name, c.body.toString('utf8'));
    console.log(`storefront query → ${captured.map((c) => `${c.name} (${c.body.length} B)`).join(', ')}`);

    const jwk = stack.gatewayKey.publicJwk;
    configs.push(await startConfig('after', here, stack, jwk));
    if (base) configs.push(await startConfig('before', path.resolve(base), stack, jwk));
    const signer = stack.signer;

    const send = async (config: Config, c: { name: Name; body: Buffer }): Promise<string> => {
      const header = await signer.sign({ audience: c.name, method: 'POST', body: c.body, principal, requestId: 'bench' });
      const response = await fetch(config.children[c.name].url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: header },
        body: c.body,
      });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${config.label} ${c.name}: ${response.status} ${text.slice(0, 400)}`);
      return text;
    };
    const storefrontOnce = async (config: Config): Promise<string[]> => {
      const answers: string[] = [];
      for (const c of captured) answers.push(await send(config, c));
      return answers;
    };

    // Same answers from every build.
    const reference = await storefrontOnce(configs[0]!);
    for (const config of configs.slice(1)) {
      const answers = await storefrontOnce(config);
      answers.forEach((a, i) => {
        if (JSON.stringify(JSON.parse(a)) !== JSON.stringify(JSON.parse(reference[i]!))) {
          throw new Error(`${config.label} answers ${captured[i]!.name} differently:\n${a.slice(0, 600)}\nvs\n${reference[i]!.slice(0, 600)}`);
        }
      });
    }
    console.log(`answers: ${configs.length > 1 ? 'identical across builds' : 'ok'}`);

    const profiling = (what: (config: Config, name: Name) => string) =>
      Promise.all(
        configs.flatMap((config) =>
          SUBGRAPHS.map(
            (name) =>
              new Promise<void>((resolve) => {
                const child = config.children[name].process;
                const profile = what(config, name);
                if (profile === 'start') {
                  child.send({ profile });
                  return resolve();
                }
                child.once('message', () => resolve());
                child.send({ profile });
              }),
          ),
        ),
      );
    const samples: Record<string, Record<Name | 'rps', number[]>> = {};
    for (let round = 0; round < rounds + 1; round++) {
      for (const config of round % 2 === 0 ? configs : [...configs].reverse()) {
        const pids = Object.fromEntries(SUBGRAPHS.map((n) => [n, config.children[n].process.pid!])) as Record<Name, number>;
        const before = Object.fromEntries(SUBGRAPHS.map((n) => [n, cpuMs(pids[n])]));
        const idle = configs.filter((c) => c !== config);
        const idleBefore = idle.map((c) => SUBGRAPHS.reduce((sum, n) => sum + cpuMs(c.children[n].process.pid!), 0));
        const started = performance.now();
        const deadline = started + seconds * 1000;
        let done = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (performance.now() < deadline) {
              await storefrontOnce(config);
              done += 1;
            }
          }),
        );
        const elapsed = (performance.now() - started) / 1000;
        const per = Object.fromEntries(SUBGRAPHS.map((n) => [n, (cpuMs(pids[n]) - before[n]!) / done])) as Record<Name, number>;
        const idleRate = idle.map((c, i) => (SUBGRAPHS.reduce((sum, n) => sum + cpuMs(c.children[n].process.pid!), 0) - idleBefore[i]!) / elapsed);
        const line = `${SUBGRAPHS.map((n) => `${n} ${per[n].toFixed(2)}`).join('  ')}  sum ${SUBGRAPHS.reduce((s, n) => s + per[n], 0).toFixed(2)} ms/req  (${(done / elapsed).toFixed(0)} req/s, load ${os.loadavg()[0]!.toFixed(1)}${idle.length ? `, idle build ${idleRate.map((r) => r.toFixed(0)).join('/')} ms/s` : ''})`;
        if (round === 0) {
          console.log(`warm-up ${config.label.padEnd(6)} ${line}`);
          if (profileDir && config === configs.at(-1)) await profiling(() => 'start');
          continue;
        }
        console.log(`round ${round} ${config.label.padEnd(6)} ${line}`);
        const s = (samples[config.label] ??= { brands: [], inventory: [], partners: [], rps: [] });
        for (const n of SUBGRAPHS) s[n].push(per[n]);
        s.rps.push(done / elapsed);
      }
    }
    if (profileDir) {
      fs.mkdirSync(profileDir, { recursive: true });
      await profiling((config, name) => path.join(profileDir, `${name}-${config.label}.cpuprofile`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    console.log(`\nmedians of ${rounds} rounds (subgraph CPU ms per storefront request):`);
    for (const [label, s] of Object.entries(samples)) {
      const sum = SUBGRAPHS.reduce((acc, n) => acc + median(s[n]), 0);
      console.log(`  ${label.padEnd(6)} ${SUBGRAPHS.map((n) => `${n} ${median(s[n]).toFixed(2)}`).join('  ')}  sum ${sum.toFixed(2)}  (${median(s.rps).toFixed(0)} req/s)`);
    }
  } finally {
    await Promise.all(
      configs.flatMap((c) =>
        Object.values(c.children).map(
          (child) =>
            new Promise<void>((resolve) => {
              child.process.once('exit', () => resolve());
              child.process.kill('SIGTERM');
            }),
        ),
      ),
    );
    await stack.stop();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
