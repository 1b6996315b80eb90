import { Stack, token } from '../support/stack';

/**
 * The control plane in the graph: an auditor reads the registry ledger and verifies it; the
 * registry's subgraphs, versions with checks and supergraphs; the service catalogue, changed only
 * by the platform role through audited mutations.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  await stack?.stop();
});

const LEDGER = '{ registryLedger { length headHash verify { ok checkedEntries firstBrokenSeq } entries(first: 10) { nodes { seq action subject { type id } actor { subject } reason } } } }';

it('an auditor reads the registry ledger and verifies it through the graph; the platform role too; others not', async () => {
  const auditor = await token({ roles: ['auditor'], sub: 'alex@audit' });
  const { data, errors } = await stack.query(LEDGER, undefined, auditor);
  expect(errors).toBeUndefined();
  expect(data.registryLedger.verify).toEqual({ ok: true, checkedEntries: 4, firstBrokenSeq: null });
  expect(data.registryLedger.entries.nodes.map((n: any) => n.subject.id).sort()).toEqual(['brands', 'inventory', 'partners', 'platform']);
  expect(data.registryLedger.entries.nodes[0]).toMatchObject({ action: 'subgraph.publish', actor: { subject: 'system:bootstrap' } });
  expect((await stack.query(LEDGER, undefined, await token({ roles: ['platform'] }))).errors).toBeUndefined();
  const storefront = await stack.query(LEDGER, undefined, await token({ roles: ['storefront'], brands: ['halden'] }));
  expect(storefront.errors?.[0]?.extensions?.coordinate).toBe('Query.registryLedger');
});

it('shows a rewritten registry entry as the first broken one', async () => {
  const registry = stack.gateway.registry.dataSource;
  await registry.query('ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_no_update_or_delete');
  await registry.query("UPDATE ledger_entry SET reason = 'rewritten' WHERE seq = 2");
  await registry.query('ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_no_update_or_delete');
  const { data } = await stack.query(LEDGER, undefined, await token({ roles: ['auditor'] }));
  expect(data.registryLedger.verify).toMatchObject({ ok: false, firstBrokenSeq: 2 });
});

it('reads subgraphs, their versions with checks, and supergraphs from the registry', async () => {
  const { data, errors } = await stack.query(
    '{ subgraphs { name active latest { version routingUrl publishedBy checks { ok breaking { coordinate } } } versions { version } } supergraph { version subgraphs { name version } } supergraphs(first: 5) { version } }',
    undefined,
    await token({ roles: ['platform'] }),
  );
  expect(errors).toBeUndefined();
  expect(data.subgraphs.map((s: any) => [s.name, s.active, s.latest.version, s.latest.publishedBy, s.latest.checks.ok])).toEqual([
    ['brands', true, 1, 'system:bootstrap', true],
    ['inventory', true, 1, 'system:bootstrap', true],
    ['partners', true, 1, 'system:bootstrap', true],
    ['platform', true, 1, 'system:bootstrap', true],
  ]);
  expect(data.supergraph).toEqual({ version: 1, subgraphs: ['brands', 'inventory', 'partners', 'platform'].map((name) => ({ name, version: 1 })) });
  expect(data.supergraphs).toEqual([{ version: 1 }]);
  const head = await stack.gateway.registry.head();
  expect(head!.version).toBe(1);
});

const DEFINE = `mutation { defineSharedService(input: { code: "order-routing", name: "Order routing", capability: "ORDER_MANAGEMENT", subgraphs: ["inventory"],
  ownerTeam: "inventory-platform", slo: { p99Ms: 500, errorRate: 0.002 }, monthlyCost: 4200.5, currency: "EUR", roadmap: "Q4: split shipments" }, reason: "Routing is a product of its own") {
  code name capabilityCode capability { id } subgraphs slo { p99Ms errorRate } monthlyCost currency } }`;

it('the platform role defines and changes shared services, recorded in the platform ledger; others may not', async () => {
  const platform = await token({ roles: ['platform'], sub: 'pat@platform' });
  const defined = await stack.query(DEFINE, undefined, platform);
  expect(defined.errors).toBeUndefined();
  expect(defined.data.defineSharedService).toMatchObject({ code: 'order-routing', capabilityCode: 'ORDER_MANAGEMENT', subgraphs: ['inventory'], monthlyCost: 4200.5 });
  const again = await stack.query(DEFINE, undefined, platform);
  expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

  const updated = await stack.query('mutation { updateSharedService(code: "order-routing", changes: { monthlyCost: 5000, slo: { p99Ms: 400, errorRate: 0.002 } }, reason: "New contract") { monthlyCost slo { p99Ms } } }', undefined, platform);
  expect(updated.data.updateSharedService).toEqual({ monthlyCost: 5000, slo: { p99Ms: 400 } });
  const same = await stack.query('mutation { updateSharedService(code: "order-routing", changes: { monthlyCost: 5000 }, reason: "again") { code } }', undefined, platform);
  expect(same.errors?.[0]?.extensions?.code).toBe('NO_CHANGE');
  const unknownCapability = await stack.query(DEFINE.replace('order-routing', 'x-service').replace('ORDER_MANAGEMENT', 'NO_SUCH'), undefined, platform);
  expect(unknownCapability.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

  const { data } = await stack.query('{ platformLedger { verify { ok } entries(first: 2) { nodes { action actor { subject } before after reason } } } }', undefined, { roles: ['auditor'] });
  expect(data.platformLedger.verify.ok).toBe(true);
  expect(data.platformLedger.entries.nodes[0]).toMatchObject({ action: 'service.update', actor: { subject: 'pat@platform' }, before: { monthlyCost: 4200.5, slo: { p99Ms: 500, errorRate: 0.002 } }, after: { monthlyCost: 5000 }, reason: 'New contract' });
  expect(data.platformLedger.entries.nodes[1]).toMatchObject({ action: 'service.define', reason: 'Routing is a product of its own' });

  const manager = await stack.query(DEFINE.replace('order-routing', 'y-service'), undefined, { roles: ['portfolio-manager'] });
  expect(manager.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'Mutation.defineSharedService' });
});

it('shows the catalogue to every caller, the monthly cost only with costs:read (or services:write)', async () => {
  const storefront = await stack.query('{ sharedServices { code name ownerTeam slo { p99Ms } monthlyCost } }', undefined, { roles: ['storefront'], brands: ['halden'] });
  expect(storefront.data.sharedServices.map((s: any) => s.code)).toEqual(['inventory-availability', 'order-routing', 'partner-management', 'portfolio-decisions']);
  expect(storefront.data.sharedServices.every((s: any) => s.monthlyCost === null)).toBe(true);
  expect(storefront.errors?.[0]?.extensions?.coordinate).toBe('SharedService.monthlyCost');
  const manager = await stack.query('{ sharedService(code: "inventory-availability") { monthlyCost currency } }', undefined, { roles: ['portfolio-manager'] });
  expect(manager.data.sharedService).toEqual({ monthlyCost: 18000, currency: 'EUR' });
});
