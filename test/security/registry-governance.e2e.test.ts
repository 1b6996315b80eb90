import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ChangeListResponse, LedgerResponse } from '../../gateway/src/registry/api';
import { SUBGRAPH_SCHEMA_HEADER } from '../../shared/src/governance/directives';
import { runCli } from '../../scripts/cli/run';
import { Stack, token } from '../support/stack';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/**
 * The registry guards governance: a platform user alone cannot move a subgraph's routing URL, take
 * over another subgraph's fields, or weaken a rule. Each is refused naming what it changes; with
 * `--accept-governance` and a reason it waits, not live, for someone else holding
 * `registry:approve`. URLs outside REGISTRY_URL_ALLOWLIST are refused outright, and the registry —
 * not the CLI — reads schemas, only from allowlisted URLs.
 *
 * This stack's allowlist is loopback by address only (`localhost`, a name, is outside it), so a
 * spy on 127.0.0.1 reached as `localhost` shows whether the registry made a request at all.
 */
let stack: Stack;
let proxy: TcpProxy;
let spy: { url: string; requests: () => number; stop: () => Promise<void> };
let pat: string; // platform
let patApprover: string; // the same person, also holding registry:approve
let olu: string; // another platform user
let gail: string; // governance approver
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-governance-'));

beforeAll(async () => {
  stack = await Stack.start({ registryUrlAllowlist: '127.0.0.0/8,::1' });
  proxy = await startTcpProxy(stack.subgraphs.inventory.port);
  spy = await startSpy();
  pat = await token({ roles: ['platform'], sub: 'pat@platform' });
  patApprover = await token({ roles: ['platform', 'governance-approver'], sub: 'pat@platform' });
  olu = await token({ roles: ['platform'], sub: 'olu@platform' });
  gail = await token({ roles: ['governance-approver'], sub: 'gail@governance' });
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.stop();
  await spy?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function trellis(args: string[], as = pat) {
  const lines: string[] = [];
  const code = await runCli([...args, '--gateway', stack.baseUrl], { out: (l) => lines.push(l), err: (l) => lines.push(l), gateway: stack.baseUrl, token: async () => as });
  return { code, output: lines.join('\n') };
}

const file = (name: string, sdl: string) => {
  const at = path.join(dir, `${name}.graphql`);
  fs.writeFileSync(at, sdl);
  return at;
};

/** The inventory subgraph's schema as the registry serves it. */
async function liveInventorySdl(): Promise<string> {
  const at = path.join(dir, 'inventory-live.graphql');
  expect((await trellis(['subgraph', 'fetch', 'inventory', '--out', at])).code).toBe(0);
  return fs.readFileSync(at, 'utf8');
}

const UNIT_COST = 'unitCost: Float @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]])';

const SHADOW = `${SUBGRAPH_SCHEMA_HEADER}
type Brand @key(fields: "id") @owner(team: "portfolio-office") @brandScoped(by: "id") {
  id: ID!
}
type Sku @key(fields: "id") @owner(team: "inventory-platform") {
  id: ID!
  unitCost: Float @federation__override(from: "inventory") @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]])
}
type Query {
  brands: [Brand!]! @federation__override(from: "brands") @owner(team: "portfolio-office") @requiresScopes(scopes: [["catalog:read"]])
}`;

const head = () => stack.gateway.registry.head();
const pending = async () =>
  ((await fetch(`${stack.baseUrl}/registry/changes`, { headers: { authorization: `Bearer ${gail}` } }).then((r) => r.json())) as ChangeListResponse).changes;
const COSTS = '{ skuByCode(code: "HAL-001") { code unitCost } }';

describe('a platform user alone', () => {
  it('cannot move a routing URL: refused naming it, nothing changes', async () => {
    const before = await head();
    const schema = file('inventory', await liveInventorySdl());
    const check = await trellis(['subgraph', 'check', '--name', 'inventory', '--schema', schema, '--url', proxy.url]);
    expect(check.code).toBe(1);
    expect(check.output).toContain(`✘ governance ROUTING_URL_CHANGED inventory: routing URL of inventory: ${stack.subgraphs.inventory.url} → ${proxy.url}`);

    const publish = await trellis(['subgraph', 'publish', '--name', 'inventory', '--url', proxy.url, '--schema', schema, '--reason', 'Route through the cache']);
    expect(publish.code).toBe(1);
    expect(publish.output).toContain('refused (GOVERNANCE_CHANGE)');
    expect(publish.output).toContain(`routing URL of inventory: ${stack.subgraphs.inventory.url} → ${proxy.url}`);
    expect(await head()).toEqual(before);
    expect(await pending()).toEqual([]);
    expect(proxy.connections()).toBe(0);
  });

  it('cannot take over another subgraph’s fields with @override: refused naming each, nothing changes', async () => {
    const before = await head();
    const shadow = file('shadow', SHADOW);
    const check = await trellis(['subgraph', 'check', '--name', 'shadow', '--schema', shadow, '--url', proxy.url]);
    expect(check.code).toBe(1);
    const publish = await trellis(['subgraph', 'publish', '--name', 'shadow', '--url', proxy.url, '--schema', shadow, '--reason', 'Faster brands']);
    expect(publish.code).toBe(1);
    for (const { output } of [check, publish]) {
      expect(output).toContain('FIELD_OVERRIDDEN Query.brands: Query.brands is taken over from brands by shadow (@override)');
      expect(output).toContain('FIELD_OVERRIDDEN Sku.unitCost: Sku.unitCost is taken over from inventory by shadow (@override)');
    }
    expect(publish.output).toContain('refused (GOVERNANCE_CHANGE)');
    expect(await head()).toEqual(before);
  });

  it('cannot remove @requiresScopes and @sensitive from Sku.unitCost, or widen it: refused naming each, nothing changes', async () => {
    const before = await head();
    const live = await liveInventorySdl();
    expect(live).toContain(UNIT_COST);
    const removed = await trellis(['subgraph', 'publish', '--name', 'inventory', '--url', stack.subgraphs.inventory.url,
      '--schema', file('inventory-open', live.replace(UNIT_COST, 'unitCost: Float')), '--reason', 'Simplify', '--accept-breaking']);
    expect(removed.code).toBe(1);
    expect(removed.output).toContain('refused (GOVERNANCE_CHANGE)');
    expect(removed.output).toContain('✘ governance GOVERNANCE_WEAKENED Sku.unitCost: Sku.unitCost: @requiresScopes [["costs:read"]] → none');
    expect(removed.output).toContain('✘ governance GOVERNANCE_WEAKENED Sku.unitCost: Sku.unitCost: @sensitive(class: "COMMERCIAL") removed');

    const widened = await trellis(['subgraph', 'publish', '--name', 'inventory', '--url', stack.subgraphs.inventory.url,
      '--schema', file('inventory-wide', live.replace(UNIT_COST, UNIT_COST.replace('[["costs:read"]]', '[["costs:read"], ["catalog:read"]]'))), '--reason', 'Storefronts need costs']);
    expect(widened.code).toBe(1);
    expect(widened.output).toContain('Sku.unitCost: @requiresScopes [["costs:read"]] → [["costs:read"],["catalog:read"]]');
    expect(await head()).toEqual(before);
    expect(await pending()).toEqual([]);
    expect((await stack.query(COSTS, undefined, { roles: ['storefront'], brands: ['halden'] })).errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });
});

describe('a governance change accepted with a reason', () => {
  let moveId: string;
  let weakenId: string;

  it('is proposed, not live', async () => {
    const before = await head();
    const schema = file('inventory', await liveInventorySdl());
    const move = await trellis(['subgraph', 'publish', '--name', 'inventory', '--url', proxy.url, '--schema', schema, '--reason', 'Route through the cache', '--accept-governance']);
    expect(move.code).toBe(0);
    expect(move.output).toMatch(/proposed as change [0-9a-f-]{36} — pending approval, NOT live/);
    moveId = /change ([0-9a-f-]{36})/.exec(move.output)![1]!;

    const weaken = await trellis(['subgraph', 'publish', '--name', 'inventory', '--url', stack.subgraphs.inventory.url,
      '--schema', file('inventory-open', (await liveInventorySdl()).replace(UNIT_COST, 'unitCost: Float')), '--reason', 'Simplify', '--accept-governance']);
    expect(weaken.code).toBe(0);
    weakenId = /change ([0-9a-f-]{36})/.exec(weaken.output)![1]!;

    expect(await head()).toEqual(before);
    const list = await trellis(['change', 'list'], gail);
    expect(list.output).toContain(`${moveId} PENDING publish inventory at ${proxy.url} — proposed by pat@platform`);
    expect(list.output).toContain(`routing URL of inventory: ${stack.subgraphs.inventory.url} → ${proxy.url}`);
    // The approver can read exactly what would be published.
    const proposedSchema = await fetch(`${stack.baseUrl}/registry/changes/${weakenId}/schema`, { headers: { authorization: `Bearer ${gail}` } }).then((r) => r.text());
    expect(proposedSchema).toContain('unitCost: Float\n');
    expect((await stack.query(COSTS)).data.skuByCode.unitCost).toEqual(expect.any(Number));
    expect(proxy.connections()).toBe(0);
  });

  it('cannot be approved by its proposer, even holding registry:approve', async () => {
    const self = await trellis(['change', 'approve', moveId, '--reason', 'Looks fine to me'], patApprover);
    expect(self.code).toBe(1);
    expect(self.output).toContain('refused (SEPARATION_OF_DUTIES)');
  });

  it('cannot be approved by another platform user without registry:approve', async () => {
    const other = await trellis(['change', 'approve', moveId, '--reason', 'Looks fine to me'], olu);
    expect(other.code).toBe(2);
    expect(other.output).toContain('registry:approve');
    expect((await pending()).map((c) => c.id).sort()).toEqual([moveId, weakenId].sort());
  });

  it('goes live when a governance approver approves it, and the gateway serves it', async () => {
    const before = (await head())!;
    const approved = await trellis(['change', 'approve', moveId, '--reason', 'The cache is ours: ticket GOV-42'], gail);
    expect(approved.code).toBe(0);
    expect(approved.output).toContain(`approved ${moveId} → supergraph version ${before.version + 1}`);
    expect((await head())!.version).toBe(before.version + 1);
    await until(async () => stack.gateway.servedVersion() === before.version + 1);
    const { data, errors } = await stack.query('{ skuByCode(code: "HAL-001") { code available } }');
    expect(errors).toBeUndefined();
    expect(data.skuByCode.code).toBe('HAL-001');
    expect(proxy.connections()).toBeGreaterThan(0);
    const again = await trellis(['change', 'approve', moveId, '--reason', 'twice'], gail);
    expect(again).toMatchObject({ code: 1, output: expect.stringContaining('CHANGE_NOT_PENDING') });
  });

  it('proposed against a version no longer live cannot be approved; it can be rejected', async () => {
    const outdated = await trellis(['change', 'approve', weakenId, '--reason', 'ok'], gail);
    expect(outdated.code).toBe(1);
    expect(outdated.output).toContain('refused (CHANGE_OUTDATED)');
    const rejected = await trellis(['change', 'reject', weakenId, '--reason', 'Unit costs stay restricted'], gail);
    expect(rejected.code).toBe(0);
    expect(await pending()).toEqual([]);
    expect((await stack.query(COSTS, undefined, { roles: ['storefront'], brands: ['halden'] })).errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it('is in the registry ledger: proposal, approval and rejection, with actors and reasons', async () => {
    const auditor = await token({ roles: ['auditor'], sub: 'dave@audit' });
    const ledger = (await fetch(`${stack.baseUrl}/registry/ledger`, { headers: { authorization: `Bearer ${auditor}` } }).then((r) => r.json())) as LedgerResponse;
    expect(ledger.verify.ok).toBe(true);
    const about = (id: string) => ledger.entries.filter((e) => e.subject.id === id).map((e) => ({ action: e.action, actor: e.actor.subject, reason: e.reason }));
    expect(about(moveId)).toEqual([
      { action: 'change.approve', actor: 'gail@governance', reason: 'The cache is ours: ticket GOV-42' },
      { action: 'change.propose', actor: 'pat@platform', reason: 'Route through the cache' },
    ]);
    expect(about(weakenId)).toEqual([
      { action: 'change.reject', actor: 'gail@governance', reason: 'Unit costs stay restricted' },
      { action: 'change.propose', actor: 'pat@platform', reason: 'Simplify' },
    ]);
    const proposal = ledger.entries.find((e) => e.subject.id === moveId && e.action === 'change.propose')!;
    expect(proposal.evidence).toEqual({ governanceChanges: [expect.objectContaining({ type: 'ROUTING_URL_CHANGED', coordinate: 'inventory' })] });
    const publish = ledger.entries.find((e) => e.action === 'subgraph.publish')!;
    expect(publish).toMatchObject({
      actor: { subject: 'gail@governance' },
      subject: { id: 'inventory' },
      after: { routingUrl: proxy.url },
      evidence: { approvedChange: moveId, proposedBy: 'pat@platform' },
    });
  });
});

describe('URLs outside the allowlist', () => {
  it.each(['http://10.1.2.3:4000/graphql', 'http://example.com/graphql', 'http://localhost:4002/graphql', 'http://user:pw@127.0.0.1:4002/graphql'])(
    'a routing URL %s is refused outright, even with acceptance',
    async (url) => {
      const before = await head();
      const schema = file('inventory', await liveInventorySdl());
      const publish = await trellis(['subgraph', 'publish', '--name', 'inventory', '--url', url, '--schema', schema, '--reason', 'Move', '--accept-governance', '--accept-breaking']);
      expect(publish.code).toBe(1);
      expect(publish.output).toContain('refused (ROUTING_URL_NOT_ALLOWED)');
      expect(await head()).toEqual(before);
      expect(await pending()).toEqual([]);
    },
  );

  it('a schema URL outside it is refused before any request is made', async () => {
    const check = await trellis(['subgraph', 'check', '--name', 'inventory', '--schema', spy.url]);
    expect(check.code).toBe(1);
    expect(check.output).toContain('refused (ROUTING_URL_NOT_ALLOWED)');
    expect(check.output).toContain('schemaUrl');
    const publish = await trellis(['subgraph', 'publish', '--name', 'inventory', '--url', stack.subgraphs.inventory.url, '--schema', 'http://10.1.2.3:4000/graphql', '--reason', 'x']);
    expect(publish).toMatchObject({ code: 1, output: expect.stringContaining('ROUTING_URL_NOT_ALLOWED') });
    expect(spy.requests()).toBe(0);
    // The spy is reachable at that URL: the registry chose not to call it.
    await fetch(spy.url).then((r) => r.text());
    expect(spy.requests()).toBe(1);
  });

  it('a schema URL inside it is read by the registry, signed as the gateway for the subgraph named', async () => {
    const check = await trellis(['subgraph', 'check', '--name', 'partners', '--schema', stack.subgraphs.partners.url]);
    expect(check).toMatchObject({ code: 0, output: expect.stringContaining('changes no governance') });
    const wrongAudience = await trellis(['subgraph', 'check', '--name', 'brands', '--schema', stack.subgraphs.partners.url]);
    expect(wrongAudience).toMatchObject({ code: 2, output: expect.stringContaining('SCHEMA_UNAVAILABLE') });
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An HTTP server on 127.0.0.1 that counts requests, addressed as `localhost` (outside this stack's allowlist). */
function startSpy(): Promise<typeof spy> {
  let count = 0;
  const server = http.createServer((_req, res) => {
    count += 1;
    res.end('{}');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://localhost:${port}/graphql`, requests: () => count, stop: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
