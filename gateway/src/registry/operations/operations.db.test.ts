import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Principal } from '../../../../shared/src/auth/principal';
import { SUBGRAPH_SCHEMA_HEADER } from '../../../../shared/src/governance/directives';
import { verifyLedger } from '../../../../shared/src/ledger/ledger';
import { LOOPBACK_ALLOWLIST } from '../../../../shared/src/net/url-allowlist';
import type { Refusal } from '../api';
import { Registry } from '../registry';
import { openRegistryDatabase } from '../start-registry';
import { testDatabaseUrl } from '../../../../test/support/test-database';

/**
 * The registry's operations against a real PostgreSQL database of their own, below HTTP: each
 * returns its outcome as a value, and a refusal leaves the registry and its ledger as they were.
 */
const CATALOG = `${SUBGRAPH_SCHEMA_HEADER}
type Item @key(fields: "id") @owner(team: "catalog") {
  id: ID!
  name: String!
  cost: Float @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]])
}
type Query {
  items: [Item!]! @owner(team: "catalog") @requiresScopes(scopes: [["catalog:read"]])
}`;
const PRICING = `${SUBGRAPH_SCHEMA_HEADER}
type Item @key(fields: "id") @owner(team: "catalog") {
  id: ID!
  price: Float
}
type Query {
  prices: [Item!]! @owner(team: "pricing")
}`;
const CATALOG_URL = 'http://127.0.0.1:4010/graphql';
const PRICING_URL = 'http://127.0.0.1:4011/graphql';
const COST = '  cost: Float @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]])\n';

const person = (sub: string, roles: string[]): Principal => ({ sub, roles, scopes: [], brands: '*', brandIds: '*' });
const as = (principal: Principal) => ({ principal, requestId: `test-${randomBytes(4).toString('hex')}` });
const pat = as(person('pat@platform', ['platform']));
const patApproving = as(person('pat@platform', ['platform', 'governance-approver']));
const olu = as(person('olu@platform', ['platform']));
const gail = as(person('gail@governance', ['governance-approver']));

let dataSource: DataSource;
let registry: Registry;
const fetched: string[] = [];

beforeAll(async () => {
  dataSource = await openRegistryDatabase(testDatabaseUrl('registry_ops'));
  registry = new Registry(dataSource, LOOPBACK_ALLOWLIST, async ({ url }) => {
    fetched.push(url);
    return url === CATALOG_URL ? { ok: true, sdl: CATALOG } : { ok: false, message: 'connection refused' };
  });
});
afterAll(async () => {
  await dataSource?.destroy();
});

/** Everything a refusal must leave as it was. */
async function snapshot() {
  const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM ledger_entry');
  return { head: await registry.head(), ledger: n, changes: (await registry.changes()).length };
}

const refused = (outcome: { outcome: string }, code: Refusal['code']) => expect(outcome).toMatchObject({ outcome: 'refused', code });

describe('the registry operations', () => {
  it('register the first subgraphs once', async () => {
    expect(await registry.bootstrap([{ name: 'catalog', url: CATALOG_URL, sdl: CATALOG }, { name: 'pricing', url: PRICING_URL, sdl: PRICING }])).toMatchObject({
      outcome: 'registered',
      supergraph: { version: 1 },
    });
    expect(await registry.bootstrap([{ name: 'catalog', url: CATALOG_URL, sdl: CATALOG }])).toEqual({ outcome: 'already-registered' });
  });

  it('answer a publish that changes nothing as unchanged, recording nothing', async () => {
    const before = await snapshot();
    expect(await registry.publish(pat, { name: 'catalog', url: CATALOG_URL, sdl: CATALOG, reason: 'again' })).toMatchObject({ outcome: 'unchanged', subgraph: { version: 1 } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuse bad names, URLs outside the allowlist, failing checks and unaccepted breaking changes, writing nothing', async () => {
    const before = await snapshot();
    refused(await registry.publish(pat, { name: 'Catalog', url: CATALOG_URL, sdl: CATALOG, reason: 'x' }), 'BAD_USER_INPUT');
    refused(await registry.publish(pat, { name: 'catalog', url: 'http://10.1.2.3/graphql', sdl: CATALOG, reason: 'x', acceptGovernance: true }), 'ROUTING_URL_NOT_ALLOWED');
    refused(await registry.publish(pat, { name: 'catalog', url: CATALOG_URL, sdl: CATALOG.replace('@owner(team: "catalog") @requiresScopes', '@requiresScopes'), reason: 'x' }), 'CHECKS_FAILED');
    // Nobody used Item.name (no usage is recorded here): the check lets it through, and only --strict blocks it.
    const unused = await registry.check({ name: 'catalog', sdl: CATALOG.replace('  name: String!\n', '') });
    expect(unused).toMatchObject({ ok: true, breaking: [{ coordinate: 'Item.name', blocking: false, usage: [], registeredOperations: [] }] });
    const breaking = await registry.publish(pat, { name: 'catalog', url: CATALOG_URL, sdl: CATALOG.replace('  name: String!\n', ''), reason: 'x', strict: true });
    refused(breaking, 'BREAKING_CHANGE');
    expect((breaking as Refusal).checks?.breaking.map((b) => b.coordinate)).toEqual(['Item.name']);
    refused(await registry.remove(pat, { name: 'nothing', reason: 'x' }), 'NOT_FOUND');
    refused(await registry.rollback(pat, { version: 99, reason: 'x' }), 'NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('read a schema only from an allowlisted URL, before any request', async () => {
    refused(await registry.readSchema({ name: 'catalog', url: 'http://169.254.169.254/latest' }), 'ROUTING_URL_NOT_ALLOWED');
    expect(fetched).toEqual([]);
    expect(await registry.readSchema({ name: 'catalog', url: CATALOG_URL })).toEqual({ outcome: 'read', sdl: CATALOG });
    refused(await registry.readSchema({ name: 'pricing', url: PRICING_URL }), 'SCHEMA_UNAVAILABLE');
    expect(fetched).toEqual([CATALOG_URL, PRICING_URL]);
  });

  let weakening: string;

  it('propose a weakening accepted with a reason, without making it live', async () => {
    const before = await snapshot();
    const open = CATALOG.replace('[["catalog:read"]]', '[["catalog:read"], ["partners:read"]]');
    refused(await registry.publish(pat, { name: 'catalog', url: CATALOG_URL, sdl: open, reason: 'Partners list items' }), 'GOVERNANCE_CHANGE');
    const proposed = await registry.publish(pat, { name: 'catalog', url: CATALOG_URL, sdl: open, reason: 'Partners list items', acceptGovernance: true });
    expect(proposed).toMatchObject({
      outcome: 'pending',
      change: { status: 'PENDING', kind: 'publish', subgraph: 'catalog', proposedBy: 'pat@platform', governance: [{ type: 'GOVERNANCE_WEAKENED', coordinate: 'Query.items' }] },
    });
    weakening = (proposed as { change: { id: string } }).change.id;
    expect((await snapshot()).head).toEqual(before.head);
  });

  it('let neither the proposer nor someone without registry:approve approve it; a governance approver can', async () => {
    refused(await registry.approveChange(patApproving, { id: weakening, reason: 'mine' }), 'SEPARATION_OF_DUTIES');
    refused(await registry.approveChange(olu, { id: weakening, reason: 'ok' }), 'UNAUTHORIZED_FIELD_OR_TYPE');
    const before = (await registry.head())!;
    expect(await registry.approveChange(gail, { id: weakening, reason: 'Agreed with the partner team' })).toMatchObject({
      outcome: 'approved',
      change: { status: 'APPROVED', decidedBy: 'gail@governance', supergraphVersion: before.version + 1 },
      supergraph: { version: before.version + 1 },
    });
    const [latest] = await registry.history('catalog');
    expect(latest).toMatchObject({ publishedBy: 'pat@platform', approvedBy: 'gail@governance', acceptedGovernance: [expect.objectContaining({ coordinate: 'Query.items' })] });
    refused(await registry.approveChange(gail, { id: weakening, reason: 'again' }), 'CHANGE_NOT_PENDING');
  });

  it('see a field that leaves one subgraph and comes back weaker in another', async () => {
    const withoutCost = CATALOG.replace('[["catalog:read"]]', '[["catalog:read"], ["partners:read"]]').replace(COST, '');
    expect(await registry.publish(pat, { name: 'catalog', url: CATALOG_URL, sdl: withoutCost, reason: 'Costs move to pricing', acceptBreaking: true })).toMatchObject({ outcome: 'published' });
    const moved = await registry.publish(pat, { name: 'pricing', url: PRICING_URL, sdl: PRICING.replace('  price: Float\n', '  price: Float\n  cost: Float\n'), reason: 'Costs live here now' });
    refused(moved, 'GOVERNANCE_CHANGE');
    expect((moved as Refusal).checks?.governance.map((g) => g.description)).toEqual([
      expect.stringMatching(/^Item\.cost: @requiresScopes \[\["costs:read"\]\] → none \(since it was last served, in supergraph version \d+\)$/),
      expect.stringMatching(/^Item\.cost: @sensitive\(class: "COMMERCIAL"\) removed \(since/),
    ]);
    expect(await registry.publish(pat, { name: 'pricing', url: PRICING_URL, sdl: PRICING.replace('  price: Float\n', `  price: Float\n${COST}`), reason: 'Costs live here now' })).toMatchObject({
      outcome: 'published',
    });
  });

  it('hold a rollback that would weaken governance for approval, like a publish', async () => {
    const weak = await registry.rollback(pat, { version: 1, reason: 'Back to the start' });
    // Version 1 had the cost in catalog, guarded: going back is no weakening.
    expect(weak).toMatchObject({ outcome: 'rolled-back', restores: 1 });
    const approvedWeakening = (await registry.changes('APPROVED'))[0]!.supergraphVersion!;
    refused(await registry.rollback(pat, { version: approvedWeakening, reason: 'Partners again' }), 'GOVERNANCE_CHANGE');
    const pending = await registry.rollback(pat, { version: approvedWeakening, reason: 'Partners again', acceptGovernance: true });
    expect(pending).toMatchObject({ outcome: 'pending', change: { kind: 'rollback', restores: approvedWeakening } });
    const approved = await registry.approveChange(gail, { id: (pending as { change: { id: string } }).change.id, reason: 'Still agreed' });
    expect(approved).toMatchObject({ outcome: 'approved' });
    expect((await registry.current())!.rolledBackTo).toBe(approvedWeakening);
  });

  it('refuse to approve a change proposed against what is no longer live; its proposer may withdraw it', async () => {
    const base = (await registry.activeSubgraphs()).find((s) => s.name === 'catalog')!;
    const first = await registry.publish(pat, { name: 'catalog', url: 'http://localhost:4010/graphql', sdl: base.sdl, reason: 'By name', acceptGovernance: true });
    const second = await registry.publish(olu, { name: 'catalog', url: 'http://127.0.0.2:4010/graphql', sdl: base.sdl, reason: 'Other host', acceptGovernance: true });
    const [firstId, secondId] = [first, second].map((o) => (o as { change: { id: string } }).change.id) as [string, string];
    expect(await registry.approveChange(gail, { id: firstId, reason: 'ok' })).toMatchObject({ outcome: 'approved' });
    refused(await registry.approveChange(gail, { id: secondId, reason: 'ok' }), 'CHANGE_OUTDATED');
    refused(await registry.rejectChange(pat, { id: secondId, reason: 'not mine' }), 'UNAUTHORIZED_FIELD_OR_TYPE');
    expect(await registry.rejectChange(olu, { id: secondId, reason: 'Withdrawn' })).toMatchObject({ outcome: 'rejected', change: { status: 'REJECTED', decidedBy: 'olu@platform' } });
    expect(await registry.changes('PENDING')).toEqual([]);
  });

  it('keep one verifying ledger of all of it, each entry by its actor', async () => {
    expect(await verifyLedger(dataSource.manager)).toMatchObject({ ok: true });
    const entries: { action: string; actor_subject: string }[] = await dataSource.query('SELECT action, actor_subject FROM ledger_entry ORDER BY seq');
    expect(entries.slice(0, 2)).toEqual([
      { action: 'subgraph.publish', actor_subject: 'system:bootstrap' },
      { action: 'subgraph.publish', actor_subject: 'system:bootstrap' },
    ]);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['change.propose', 'change.approve', 'change.reject', 'supergraph.rollback']));
    expect(entries.filter((e) => e.action === 'change.approve').every((e) => e.actor_subject === 'gail@governance')).toBe(true);
  });
});
