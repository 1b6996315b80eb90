import type { RunningSubgraph } from '../shared/src/subgraph/server';
import type { RunningGateway } from '../gateway/src/gateway';
import { runCli } from '../scripts/cli/run';
import { sustainabilitySubgraph } from '../examples/sustainability/src/subgraph';
import { Stack, token } from './support/stack';

let stack: Stack;
let example: RunningSubgraph;
let platform: string;
let second: RunningGateway | undefined;

beforeAll(async () => {
  stack = await Stack.start();
  example = await stack.startExtraSubgraph('sustainability', sustainabilitySubgraph);
  platform = await token({ roles: ['platform'], sub: 'pat@platform' });
});
afterAll(async () => {
  await second?.stop();
  await example?.stop();
  await stack?.stop();
});

/**
 * Runs the CLI in-process against the test gateway; returns its exit code, what it printed (both
 * streams in order), and stdout and stderr apart.
 */
async function trellis(args: string[], as = platform) {
  const lines: string[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli([...args, '--gateway', stack.baseUrl], {
    out: (l) => (lines.push(l), stdout.push(l)),
    err: (l) => (lines.push(l), stderr.push(l)),
    gateway: stack.baseUrl,
    token: async () => as,
  });
  return { code, output: lines.join('\n'), stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

const until = async (what: string, condition: () => Promise<boolean>, timeoutMs = 8000) => {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
};

const SUSTAINABILITY = '{ brand(slug: "halden") { sustainability { skusMeasured averageFootprintKg } skus(first: 2) { nodes { code carbonFootprintKg } } } }';

describe('the registry', () => {
  it('lists the subgraphs registered at first start', async () => {
    const { code, output } = await trellis(['subgraph', 'list']);
    expect(code).toBe(0);
    expect(output).toMatch(/^brands .*\ninventory .*\npartners /m);
  });

  it('publishes a new subgraph under steady load: queryable within 5 s, no request fails', async () => {
    let stop = false;
    let requests = 0;
    const failures: unknown[] = [];
    const worker = async () => {
      while (!stop) {
        const r = await stack.query('{ brands { slug skus(first: 2) { nodes { code available } } } }');
        requests += 1;
        if (r.status !== 200 || r.errors) failures.push(r.errors ?? r.status);
      }
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    await new Promise((r) => setTimeout(r, 300));

    const before = (await stack.query(SUSTAINABILITY)).errors?.[0]?.extensions?.code;
    expect(before).toBe('GRAPHQL_VALIDATION_FAILED');
    const check = await trellis(['subgraph', 'check', '--name', 'sustainability', '--schema', example.url]);
    expect(check).toMatchObject({ code: 0, output: expect.stringContaining('breaks nothing') });

    const published = Date.now();
    const { code, output } = await trellis(['subgraph', 'publish', '--name', 'sustainability', '--url', example.url, '--schema', example.url, '--reason', 'Carbon footprints for the storefronts']);
    expect(code).toBe(0);
    expect(output).toMatch(/published sustainability version 1 → supergraph version 2/);
    await until('the new fields', async () => !(await stack.query(SUSTAINABILITY)).errors);
    const elapsed = Date.now() - published;
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await load;

    expect(elapsed).toBeLessThan(5000);
    expect(requests).toBeGreaterThan(20);
    expect(failures).toEqual([]);
    const { data } = await stack.query(SUSTAINABILITY);
    expect(data.brand.sustainability.skusMeasured).toBe(50);
    expect(data.brand.skus.nodes[0].carbonFootprintKg).toEqual(expect.any(Number));
  });

  it('refuses a publish that removes a field in use, naming it; with --accept-breaking and a reason it goes through, recorded', async () => {
    const live = stack.subgraphs.inventory.sdl;
    const without = live.replace(/\n\s*"""One SKU by its code[^\n]*"""\n\s*skuByCode\(code: String!\): Sku[^\n]*\n/, '\n');
    expect(without).not.toContain('skuByCode');
    const file = `${require('node:os').tmpdir()}/inventory-${process.pid}.graphql`;
    require('node:fs').writeFileSync(file, without);

    // In use: a client asked for it (usage-aware checks refuse only what was used, or registered).
    expect((await stack.query('{ skuByCode(code: "HAL-001") { code } }')).errors).toBeUndefined();
    await stack.gateway.usage!.flush();
    const refused = await trellis(['subgraph', 'publish', '--name', 'inventory', '--url', stack.subgraphs.inventory.url, '--schema', file, '--reason', 'Drop skuByCode']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Query.skuByCode');
    const head = await stack.gateway.registry.head();

    const accepted = await trellis([
      'subgraph', 'publish', '--name', 'inventory', '--url', stack.subgraphs.inventory.url, '--schema', file,
      '--reason', 'skuByCode has had no callers for 90 days', '--accept-breaking',
    ]);
    expect(accepted.code).toBe(0);
    expect(accepted.output).toContain('breaking changes accepted: Query.skuByCode');
    expect((await stack.gateway.registry.head())!.version).toBe(head!.version + 1);

    const auditor = await token({ roles: ['auditor'] });
    const ledger = await fetch(`${stack.baseUrl}/registry/ledger`, { headers: { authorization: `Bearer ${auditor}` } }).then((r) => r.json() as any);
    expect(ledger.verify.ok).toBe(true);
    expect(ledger.entries[0]).toMatchObject({
      action: 'subgraph.publish',
      actor: { subject: 'pat@platform' },
      subject: { type: 'Subgraph', id: 'inventory' },
      reason: 'skuByCode has had no callers for 90 days',
      evidence: { acceptedBreakingChanges: [expect.objectContaining({ coordinate: 'Query.skuByCode', type: 'FIELD_REMOVED' })] },
    });
    await until('skuByCode to disappear', async () => (await stack.query('{ skuByCode(code: "HAL-001") { code } }')).errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');

    // Put it back: adding a field is not breaking.
    const restored = await trellis(['subgraph', 'publish', '--name', 'inventory', '--url', stack.subgraphs.inventory.url, '--schema', stack.subgraphs.inventory.url, '--reason', 'Restore skuByCode']);
    expect(restored.code).toBe(0);
  });

  it('refuses a schema that fails the governance lint or does not compose, and changes nothing', async () => {
    const head = await stack.gateway.registry.head();
    const noOwner = example.sdl.replace(/footprintMethodology: String! @owner\(team: "[^"]+"\)/, 'footprintMethodology: String!');
    expect(noOwner).not.toBe(example.sdl);
    const file = `${require('node:os').tmpdir()}/sustainability-${process.pid}.graphql`;
    require('node:fs').writeFileSync(file, noOwner);
    const lint = await trellis(['subgraph', 'publish', '--name', 'sustainability', '--url', example.url, '--schema', file, '--reason', 'x']);
    expect(lint.code).toBe(1);
    expect(lint.output).toMatch(/\[sustainability\] Query\.footprintMethodology: owner-required/);

    require('node:fs').writeFileSync(file, `${example.sdl}\nextend type Query { brands: Int @owner(team: "x") }`);
    const conflict = await trellis(['subgraph', 'check', '--name', 'sustainability', '--schema', file]);
    expect(conflict.code).toBe(1);
    expect(conflict.output).toContain('Query.brands');
    expect(await stack.gateway.registry.head()).toEqual(head);
  });

  it('refuses to publish without the platform role', async () => {
    const auditor = await token({ roles: ['auditor'] });
    const { code, output } = await trellis(['subgraph', 'publish', '--name', 'sustainability', '--url', example.url, '--schema', example.url, '--reason', 'x'], auditor);
    expect(code).toBe(2);
    expect(output).toContain('registry:write');
  });

  it('serves the current supergraph with an ETag', async () => {
    const headers = { authorization: `Bearer ${platform}` };
    const first = await fetch(`${stack.baseUrl}/supergraph`, { headers });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(await first.text()).toContain('@join__graph(name: "sustainability"');
    expect((await fetch(`${stack.baseUrl}/supergraph`, { headers: { ...headers, 'if-none-match': etag } })).status).toBe(304);
  });

  it('rolls back on every gateway instance of the registry', async () => {
    second = await stack.startGateway();
    const current = (await stack.gateway.registry.head())!.version;
    await until('both gateways on the same version', async () => stack.gateway.servedVersion() === current && second!.servedVersion() === current);

    const { code, output } = await trellis(['supergraph', 'rollback', '1', '--reason', 'Back to the three original subgraphs']);
    expect(code).toBe(0);
    expect(output).toContain(`now serving version ${current + 1}`);
    await until('both gateways to converge', async () => stack.gateway.servedVersion() === current + 1 && second!.servedVersion() === current + 1);
    for (const url of [stack.gateway.url, second.url]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${platform}` },
        body: JSON.stringify({ query: SUSTAINABILITY }),
      }).then((r) => r.json() as any);
      expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const history = await trellis(['subgraph', 'history', 'sustainability']);
    expect(history.output).toMatch(/^v2 .*REMOVED.*Rollback to supergraph 1/m);
  });

  it('explains its usage and exits 2 on a bad command', async () => {
    expect((await trellis(['subgraph', 'frobnicate'])).code).toBe(2);
    expect((await trellis(['subgraph', 'publish', '--name', 'x'])).output).toContain('--url is required');
  });
});

describe('the trellis CLI', () => {
  it('lists the supergraphs, newest (in service) first; --first cuts the list', async () => {
    const head = (await stack.gateway.registry.head())!;
    const { code, stdout, stderr } = await trellis(['supergraph', 'list']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^v${head.version} +\\* ${head.hash.slice(0, 12)} `));
    expect(lines.map((l) => Number(/^v(\d+)/.exec(l)![1]))).toEqual(Array.from({ length: head.version }, (_, i) => head.version - i));
    expect(stdout).toMatch(/^v1 .*\[brands,inventory,partners,platform\]/m);
    expect(stderr).toBe(`* in service: supergraph version ${head.version}`);

    const first = await trellis(['supergraph', 'list', '--first', '2', '--json']);
    expect(first.code).toBe(0);
    const body = JSON.parse(first.stdout);
    expect(body.supergraphs.map((s: { version: number }) => s.version)).toEqual([head.version, head.version - 1]);
    expect(body.supergraphs[0]).toMatchObject({ version: head.version, hash: head.hash, subgraphs: expect.any(Object), createdBy: expect.any(String) });
  });

  it('--json: one JSON document on stdout, nothing for people mixed in', async () => {
    const list = await trellis(['subgraph', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe('');
    expect(JSON.parse(list.stdout).subgraphs.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['brands', 'inventory', 'partners']));

    const schema = await trellis(['subgraph', 'fetch', 'brands', '--json']);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout)).toMatchObject({ name: 'brands', version: expect.any(Number), sdl: expect.stringContaining('type Brand') });

    const supergraph = await trellis(['supergraph', 'fetch', '--json']);
    expect(JSON.parse(supergraph.stdout)).toMatchObject({ version: (await stack.gateway.registry.head())!.version, sdl: expect.stringContaining('@join__graph') });

    const history = await trellis(['subgraph', 'history', 'sustainability', '--json']);
    expect(JSON.parse(history.stdout)).toMatchObject({ name: 'sustainability', versions: expect.arrayContaining([expect.objectContaining({ removed: true })]) });

    const ledger = await trellis(['registry', 'ledger', '--first', '3', '--json'], await token({ roles: ['auditor'] }));
    expect(ledger.code).toBe(0);
    expect(JSON.parse(ledger.stdout)).toMatchObject({ entries: expect.any(Array), verify: { ok: true } });
    expect(JSON.parse(ledger.stdout).entries).toHaveLength(3);

    const check = await trellis(['subgraph', 'check', '--name', 'sustainability', '--schema', example.url, '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual({ ok: true, composition: [], breaking: [], governance: [], brokenOperations: [], strict: false, usageWindowDays: 30 });
  });

  it('--json: a refusal is { errors } on stdout with the exit code, the message on stderr', async () => {
    const auditor = await token({ roles: ['auditor'] });
    const denied = await trellis(['subgraph', 'publish', '--name', 'sustainability', '--url', example.url, '--schema', example.url, '--reason', 'x', '--json'], auditor);
    expect(denied.code).toBe(2);
    const body = JSON.parse(denied.stdout);
    expect(body.errors[0].message).toContain('registry:write');
    expect(body.errors[0].extensions.code).toEqual(expect.any(String));
    expect(denied.stderr).toContain('registry:write');

    const usage = await trellis(['subgraph', 'list', '--name', 'x', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({ errors: [{ message: 'subgraph list takes no --name', extensions: { code: 'BAD_USER_INPUT' } }] });

    const lines: string[] = [];
    const unreachable = await runCli(['subgraph', 'list', '--json', '--gateway', 'http://127.0.0.1:9'], {
      out: (l) => lines.push(l),
      err: () => {},
      gateway: stack.baseUrl,
      token: async () => platform,
    });
    expect(unreachable).toBe(2);
    expect(JSON.parse(lines.join('\n')).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('refusals and errors go to stderr; results to stdout', async () => {
    const auditor = await token({ roles: ['auditor'] });
    const denied = await trellis(['subgraph', 'publish', '--name', 'sustainability', '--url', example.url, '--schema', example.url, '--reason', 'x'], auditor);
    expect(denied.code).toBe(2);
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toContain('registry:write');

    const list = await trellis(['subgraph', 'list']);
    expect(list.stdout).toMatch(/^brands /m);
    expect(list.stderr).toBe('');
  });

  it('--help: for everything, a group and each command, on stdout with exit 0', async () => {
    const all = await trellis(['--help']);
    expect(all.code).toBe(0);
    for (const name of ['subgraph check', 'subgraph publish', 'supergraph list', 'supergraph rollback', 'change approve', 'registry ledger', 'token', 'audit export', 'keys']) {
      expect(all.stdout).toContain(`  ${name}`);
    }
    const group = await trellis(['supergraph', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('supergraph list');
    expect(group.stdout).not.toContain('subgraph publish');

    for (const args of [['supergraph', 'rollback', '--help'], ['help', 'supergraph', 'rollback'], ['supergraph', 'rollback', '-h']]) {
      const one = await trellis(args);
      expect(one.code).toBe(0);
      expect(one.stdout).toMatch(/^usage: trellis supergraph rollback <version> --reason <text> \[--accept-governance\]/);
      expect(one.stdout).toContain('trellis supergraph list');
    }
    const data = await trellis(['--help', '--json']);
    const doc = JSON.parse(data.stdout);
    expect(doc.commands.map((c: { name: string }) => c.name)).toContain('supergraph list');
    expect(doc.exitCodes).toEqual({ done: 0, refused: 1, couldNotRun: 2 });

    const unknown = await trellis(['supergraph', 'frobnicate', '--help']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "supergraph frobnicate"');
  });

  it('says what is wrong with the arguments, with the usage, and exits 2', async () => {
    const cases: [string[], string][] = [
      [['supergraph', 'list', '--first', 'zero'], '--first must be a whole number from 1'],
      [['subgraph', 'list', 'extra'], 'unexpected argument "extra"'],
      [['change', 'list', '--status', 'maybe'], '--status must be one of pending, approved, rejected, all'],
      [['supergraph', 'rollback', 'x', '--reason', 'r'], '<version> must be a supergraph version number'],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await trellis(args);
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(stderr).toContain(message);
      expect(stderr).toContain(`usage: trellis ${args.slice(0, 2).join(' ')}`);
    }
  });
});
