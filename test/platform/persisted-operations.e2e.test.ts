import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asClient, trellis } from '../support/client-app';
import { Stack, token } from '../support/stack';

/**
 * Acceptance: with persisted operations required for an app, its ad-hoc operation gets
 * PERSISTED_QUERY_NOT_FOUND; its registered operations run by id — for that app only.
 */
let stack: Stack;
let platform: string;
let halden: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-pq-'));
beforeAll(async () => {
  stack = await Stack.start();
  platform = await token({ roles: ['platform'], sub: 'pat@platform' });
  halden = await token({ roles: ['storefront'], brands: ['halden'] });
});
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const BRAND = 'query HaldenBrand { brand(slug: "halden") { name lifecycle } }';
const SKUS = 'query HaldenSkus($first: Int!) { brand(slug: "halden") { skus(first: $first) { nodes { code } } } }';
const id = (body: string) => createHash('sha256').update(body).digest('hex');
const manifest = (operations: { name: string; type: string; body: string }[]) =>
  JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: operations.map((o) => ({ id: id(o.body), ...o })) });

it('registers an app’s manifest with the CLI, and lists it in the graph', async () => {
  const file = path.join(dir, 'halden-web.json');
  fs.writeFileSync(file, manifest([{ name: 'HaldenBrand', type: 'query', body: BRAND }, { name: 'HaldenSkus', type: 'query', body: SKUS }]));
  const { code, output } = await trellis(stack, ['client', 'register', '--name', 'halden-web', '--brand', 'halden', '--manifest', file, '--persisted', 'require'], platform);
  expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('registered halden-web (halden): 2 operation(s), 2 new') });

  const { data } = await stack.query('{ clientApps { name brand persistedOperations operations { id name } } }', undefined, platform);
  expect(data.clientApps).toEqual([{ name: 'halden-web', brand: 'halden', persistedOperations: 'require', operations: [
    { id: id(BRAND), name: 'HaldenBrand' }, { id: id(SKUS), name: 'HaldenSkus' },
  ] }]);
  const ledger = await stack.query('{ registryLedger { entries(first: 1) { nodes { action subject { id } actor { subject } } } } }', undefined, platform);
  expect(ledger.data.registryLedger.entries.nodes[0]).toEqual({ action: 'client.register', subject: { id: 'halden-web' }, actor: { subject: 'pat@platform' } });
});

it('runs the app’s registered operations by id (Apollo’s persistedQuery, documentId, and GET)', async () => {
  const byHash = await asClient(stack, 'halden-web', halden, { extensions: { persistedQuery: { version: 1, sha256Hash: id(BRAND) } } });
  expect(byHash).toMatchObject({ status: 200, data: { brand: { name: 'Halden & Co.' } } });
  expect(byHash.errors).toBeUndefined();
  const byDocumentId = await asClient(stack, 'halden-web', halden, { documentId: `sha256:${id(SKUS)}`, variables: { first: 2 } });
  expect(byDocumentId.data.brand.skus.nodes).toHaveLength(2);
  const get = await fetch(`${stack.gateway.url}?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: id(BRAND) } }))}`, {
    headers: { authorization: `Bearer ${halden}`, 'apollographql-client-name': 'halden-web', 'apollo-require-preflight': 'true' },
  }).then((r) => r.json() as any);
  expect(get).toEqual({ data: { brand: { name: 'Halden & Co.', lifecycle: 'DECLINING' } } });
});

it('refuses the app’s ad-hoc operations with PERSISTED_QUERY_NOT_FOUND, but not the text of a registered one', async () => {
  const adHoc = await asClient(stack, 'halden-web', halden, { query: '{ brand(slug: "halden") { name portfolioRole } }' });
  expect(adHoc.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  expect(adHoc.data).toBeUndefined();
  const registeredText = await asClient(stack, 'halden-web', halden, { query: BRAND });
  expect(registeredText.errors).toBeUndefined();
});

it('runs ids only for the app that registered them, and for callers of its brand', async () => {
  const unknown = await asClient(stack, 'halden-web', halden, { extensions: { persistedQuery: { version: 1, sha256Hash: id('query Other { brands { slug } }') } } });
  expect(unknown.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  const otherApp = await asClient(stack, 'lumen-app', halden, { extensions: { persistedQuery: { version: 1, sha256Hash: id(BRAND) } } });
  expect(otherApp.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  const otherBrand = await asClient(stack, 'halden-web', await token({ roles: ['storefront'], brands: ['lumen'] }), { extensions: { persistedQuery: { version: 1, sha256Hash: id(BRAND) } } });
  expect(otherBrand.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  // An app that registered nothing, under the gateway's default (allow), runs text as before.
  const free = await asClient(stack, 'lumen-app', halden, { query: '{ brand(slug: "halden") { name } }' });
  expect(free.errors).toBeUndefined();
});

it('counts the refused attempts, in the graph and on /metrics', async () => {
  await stack.gateway.usage!.flush();
  const { data } = await stack.query('{ clientApp(name: "halden-web") { refusedOperations usage { operationName requests } } }', undefined, platform);
  expect(data.clientApp.refusedOperations).toBe(3);
  expect(data.clientApp.usage.map((u: any) => u.operationName).sort()).toEqual(['HaldenBrand', 'HaldenSkus']);
  const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
  expect(metrics).toMatch(/trellis_persisted_operations_refused_total\{client="halden-web"[^}]*\} 3/);
});

it('refuses a manifest that is not Apollo’s format, and an app of a brand outside the token', async () => {
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ operations: [] }));
  const refused = await trellis(stack, ['client', 'register', '--name', 'x-app', '--brand', 'halden', '--manifest', bad], platform);
  expect(refused).toEqual({ code: 2, output: expect.stringContaining('manifest: format must be "apollo-persisted-query-manifest"') });
  const good = path.join(dir, 'good.json');
  fs.writeFileSync(good, manifest([{ name: 'HaldenBrand', type: 'query', body: BRAND }]));
  const foreign = await trellis(stack, ['client', 'register', '--name', 'halden-web', '--brand', 'halden', '--manifest', good], await token({ roles: ['platform'], brands: ['lumen'] }));
  expect(foreign.code).toBe(1);
  expect(foreign.output).toContain('FORBIDDEN_BRAND');
});
