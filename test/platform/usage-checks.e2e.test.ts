import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asClient, trellis } from '../support/client-app';
import { Stack, token } from '../support/stack';

/**
 * Acceptance (usage-aware checks, through the CLI): removing a field one app used this month is
 * refused naming that app and operation; removing a field nobody used passes with a note; a
 * registered operation that would break blocks the publish; `--strict` blocks every breaking change.
 */
let stack: Stack;
let platform: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-usage-'));
beforeAll(async () => {
  stack = await Stack.start();
  platform = await token({ roles: ['platform'], sub: 'pat@platform' });
});
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const LEGACY = '  legacyStockReport: String @owner(team: "inventory-platform")\n  legacyNodeReport: String @owner(team: "inventory-platform")\n';
const schemaFile = (name: string, sdl: string) => {
  const file = path.join(dir, `${name}.graphql`);
  fs.writeFileSync(file, sdl);
  return file;
};
const withQueryFields = (sdl: string, fields: string) => sdl.replace(/type Query \{\n/, `type Query {\n${fields}`);
const withoutSkuByCode = (sdl: string) => sdl.replace(/\n\s*"""One SKU by its code[^\n]*"""\n\s*skuByCode\(code: String!\): Sku[^\n]*\n/, '\n');

const publish = (file: string, ...extra: string[]) =>
  trellis(stack, ['subgraph', 'publish', '--name', 'inventory', '--url', stack.subgraphs.inventory.url, '--schema', file, '--reason', 'usage-aware checks', ...extra], platform);

it('adds two fields nobody uses yet, and an app registers an operation on one of them', async () => {
  const inventory = stack.subgraphs.inventory.sdl;
  expect(withoutSkuByCode(inventory)).not.toContain('skuByCode');
  const added = await publish(schemaFile('with-legacy', withQueryFields(inventory, LEGACY)));
  expect(added).toMatchObject({ code: 0, output: expect.stringContaining('published inventory version 2') });

  const body = 'query LegacyReport { legacyStockReport }';
  const manifest = schemaFile('reports-manifest', JSON.stringify({
    format: 'apollo-persisted-query-manifest', version: 1,
    operations: [{ id: createHash('sha256').update(body).digest('hex'), name: 'LegacyReport', type: 'query', body }],
  }));
  expect((await trellis(stack, ['client', 'register', '--name', 'reports-app', '--brand', 'halden', '--manifest', manifest], platform)).code).toBe(0);
});

it('removing a field nobody used passes with a note, and is recorded as such', async () => {
  const file = schemaFile('without-node-report', withQueryFields(stack.subgraphs.inventory.sdl, LEGACY.split('\n')[0] + '\n'));
  const check = await trellis(stack, ['subgraph', 'check', '--name', 'inventory', '--schema', file, '--json'], platform);
  expect(check.code).toBe(0);
  const report = JSON.parse(check.output);
  expect(report).toMatchObject({ ok: true, usageWindowDays: 30, breaking: [{ coordinate: 'Query.legacyNodeReport', blocking: false, usage: [], registeredOperations: [] }] });

  const strict = await trellis(stack, ['subgraph', 'check', '--name', 'inventory', '--schema', file, '--strict'], platform);
  expect(strict.code).toBe(1);
  expect(strict.output).toContain('blocks (--strict)');

  const published = await publish(file);
  expect(published.code).toBe(0);
  expect(published.output).toContain('note — breaking changes nobody used and no registered operation needs (not blocking)');
  expect(published.output).toContain('Query.legacyNodeReport');
  const { data } = await stack.query('{ subgraph(name: "inventory") { latest { version acceptedBreaking { coordinate blocking note } } } }', undefined, platform);
  expect(data.subgraph.latest).toEqual({ version: 3, acceptedBreaking: [{ coordinate: 'Query.legacyNodeReport', blocking: false, note: expect.stringContaining('does not block') }] });
});

it('a registered operation that would break blocks the publish, naming it', async () => {
  const refused = await publish(schemaFile('original', stack.subgraphs.inventory.sdl));
  expect(refused.code).toBe(1);
  expect(refused.output).toContain('BREAKING_CHANGE');
  expect(refused.output).toContain('breaks registered operation reports-app/LegacyReport');
});

it('removing a field one app used this month is refused, naming the app and the operation', async () => {
  const storefront = await token({ roles: ['storefront'], brands: ['halden'] });
  for (let i = 0; i < 3; i++) {
    const r = await asClient(stack, 'halden-web', storefront, { query: `query SkuLookup { skuByCode(code: "HAL-00${i + 1}") { code name } }` });
    expect(r.errors).toBeUndefined();
  }
  await stack.gateway.usage!.flush();
  const file = schemaFile('without-sku-by-code', withQueryFields(withoutSkuByCode(stack.subgraphs.inventory.sdl), LEGACY.split('\n')[0] + '\n'));
  const refused = await publish(file);
  expect(refused.code).toBe(1);
  expect(refused.output).toMatch(/Query\.skuByCode \(used by halden-web: SkuLookup \(3 requests\) in the last 30 days\)/);
  expect(refused.output).toMatch(/used by halden-web: SkuLookup [0-9a-f]{12} — 3 requests/);

  const json = JSON.parse((await trellis(stack, ['subgraph', 'check', '--name', 'inventory', '--schema', file, '--json'], platform)).output);
  expect(json.breaking).toEqual([
    expect.objectContaining({ coordinate: 'Query.skuByCode', blocking: true, usage: [expect.objectContaining({ clientName: 'halden-web', operationName: 'SkuLookup', requests: 3 })] }),
  ]);
  // Accepted with a reason, it goes through and is recorded as accepted.
  const accepted = await publish(file, '--accept-breaking');
  expect(accepted.code).toBe(0);
  expect(accepted.output).toContain('breaking changes accepted: Query.skuByCode');
});
