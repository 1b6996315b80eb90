import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { startGateway, type RunningGateway } from '../gateway/src/gateway';
import { createLogger } from '../shared/src/logger';
import { startShapeSubgraphs, type RunningShapes } from './support/federation-shapes';
import { TEST_JWT_SECRET, testSigningKey, token } from './support/stack';

/**
 * `trellis gateway --supergraph <file>` on any Federation 2 supergraph answers exactly as plain
 * `@apollo/gateway` does. Three subgraphs of another team (interfaces, unions, `@interfaceObject`,
 * `@requires` with arguments, `@provides`, `@override`, nested entities) are composed into a
 * supergraph file; both gateways serve it; every operation gets the same answer from both.
 */
let shapes: RunningShapes;
let trellis: RunningGateway;
/** Trellis with `@apollo/gateway`'s executor (GATEWAY_EXECUTOR=apollo): the same answers too. */
let trellisOnApollo: RunningGateway;
let plain: ApolloServer;
let plainUrl: string;
let file: string;

beforeAll(async () => {
  shapes = await startShapeSubgraphs();
  const composed = composeServices(shapes.services.map(({ name, url, typeDefs }) => ({ name, url, typeDefs })));
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-shapes-')), 'supergraph.graphql');
  fs.writeFileSync(file, composed.supergraphSdl);

  plain = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl }) });
  ({ url: plainUrl } = await startStandaloneServer(plain, { listen: { port: 0, host: '127.0.0.1' } }));
  const gatewayOptions = {
    supergraphFile: file,
    port: 0,
    logger: createLogger('gateway', 'silent'),
    auth: { secret: TEST_JWT_SECRET, issuer: 'trellis', audience: 'trellis' },
    signingKey: await testSigningKey(),
  };
  trellis = await startGateway(gatewayOptions);
  trellisOnApollo = await startGateway({ ...gatewayOptions, executor: 'apollo' });
});

afterAll(async () => {
  await trellis?.stop();
  await trellisOnApollo?.stop();
  await plain?.stop();
  await shapes?.stop();
});

async function ask(url: string, query: string, variables?: Record<string, unknown>, bearer?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

const OPERATIONS: [string, string, Record<string, unknown>?][] = [
  ['an entity interface, its implementations, and @interfaceObject fields', '{ media { __typename id title ... on Book { pages } ... on Film { minutes } reviews { body stars } } }'],
  ['nested entities through three subgraphs', '{ media { title reviews { author { id handle } } } }'],
  ['a union with a field that @requires arguments', '{ search(term: "a") { __typename ... on Product { upc name shippingEstimate(zone: "EU") } ... on Book { title } ... on Film { title minutes } } }'],
  ['@provides, and a field of the same entity from its owner', '{ products { upc seller { id name rating } } }'],
  ['@override: the field answered by its new owner', '{ products { upc inStock } }'],
  [
    '@skip / @include with variables, and fragments',
    'query($seller: Boolean!, $hide: Boolean!) { products { ...P weight @skip(if: $hide) seller @include(if: $seller) { ...S } } } fragment P on Product { upc price shippingEstimate(zone: "US") } fragment S on Seller { name }',
    { seller: true, hide: true },
  ],
  ['a field that fails in its subgraph, beside one that answers', '{ broken products { upc } }'],
  ['introspection of the composed schema', '{ __type(name: "Media") { kind possibleTypes { name } fields { name } } }'],
  ['an entity field failing for one entity that occurs twice: its error at both places', '{ products { upc seller { id rating badge } } }'],
  ['a non-null entity field failing: its null bubbles up to the nearest nullable field', '{ product(upc: "p2") { upc shippingEstimate(zone: "MOON") } products { upc } }'],
  ['a nullable root field answering null, and one answering an entity', '{ none: product(upc: "p9") { upc name } some: product(upc: "p2") { upc seller { name rating } } }'],
  ['aliases, a response name selected twice, __typename under aliases', '{ t: __typename a: products { upc name } a: products { price kind: __typename } b: products { upc } }'],
  [
    'a fragment left out by a variable default, and one kept by a variable',
    'query($seller: Boolean = false, $estimate: Boolean!) { products { upc ...S @include(if: $seller) ... @include(if: $estimate) { shippingEstimate(zone: "EU") } } } fragment S on Product { seller { name } }',
    { estimate: true },
  ],
  ['variables with defaults passed to a subgraph', 'query($zone: String = "EU") { products { upc shippingEstimate(zone: $zone) } }'],
  // Two entity fetches to one subgraph, which Trellis sends as one request.
  ['two fetches to one subgraph, one failing for its entity', '{ a: product(upc: "p2") { upc shippingEstimate(zone: "MOON") } b: product(upc: "p1") { upc shippingEstimate(zone: "EU") } }'],
  [
    'two fetches to one subgraph, a client variable named as a batch would name representations',
    'query($representations1: String = "EU") { a: product(upc: "p1") { upc shippingEstimate(zone: $representations1) } b: product(upc: "p2") { upc shippingEstimate(zone: "EU") } }',
  ],
];

// Every row has its three values: jest takes a function with more parameters than the row for one that wants `done`.
it.each(OPERATIONS.map(([what, query, variables]) => [what, query, variables ?? {}] as const))('%s: the same answer as @apollo/gateway', async (_what, query, variables) => {
  const expected = await ask(plainUrl, query, variables);
  const admin = await token({ roles: ['admin'] });
  const actual = await ask(trellis.url, query, variables, admin);
  expect(expected.body.data ?? null).not.toBeNull();
  expect(actual.status).toBe(expected.status);
  expect(actual.body).toEqual(expected.body);
  expect((await ask(trellisOnApollo.url, query, variables, admin)).body).toEqual(expected.body);
});

it('validates texts of one shape with other values as @apollo/gateway does (a conflict only the values make is refused)', async () => {
  const admin = await token({ roles: ['admin'] });
  // The first text makes the shape known as valid; the others differ from it in their strings only.
  for (const query of [
    '{ a: product(upc: "p1") { upc } a: product(upc: "p1") { name } }',
    '{ a: product(upc: "p1") { upc } a: product(upc: "p2") { name } }',
    '{ a: product(upc: "p2") { upc } a: product(upc: "p2") { name } }',
    '{ a: product(upc: """p2""") { upc } a: product(upc: "p2") { name } }',
  ]) {
    // (The status differs by design: 200 for an `application/json` client, gateway/src/http/json-status-plugin.ts.)
    const expected = await ask(plainUrl, query);
    const actual = await ask(trellis.url, query, undefined, admin);
    expect([query, actual.body]).toEqual([query, expected.body]);
  }
  expect((await ask(plainUrl, '{ a: product(upc: "p1") { upc } a: product(upc: "p2") { name } }')).body.errors).toEqual([
    expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) }),
  ]);
});

it('bubbles a null from a non-null entity field up to the root as @apollo/gateway does', async () => {
  const query = '{ products { upc shippingEstimate(zone: "MOON") } }';
  const expected = await ask(plainUrl, query);
  const actual = await ask(trellis.url, query, undefined, await token({ roles: ['admin'] }));
  expect(expected.body).toEqual(expect.objectContaining({ data: null, errors: expect.arrayContaining([expect.objectContaining({ path: ['products', 0, 'shippingEstimate'] })]) }));
  expect(actual.body).toEqual(expected.body);
});

it('still guards the door: no token, no answer', async () => {
  expect((await ask(trellis.url, '{ products { upc } }')).status).toBe(401);
});

it('picks up a changed supergraph file without a restart', async () => {
  const sdl = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, sdl.replace(/(type Query[^{]*\{)/, '$1\n  shapesVersion: String @join__field(graph: CATALOG)'));
  // The catalogue does not know the new root field: the gateway plans it (the schema changed) and the
  // catalogue refuses it — a null with the subgraph's error, no longer a validation failure.
  const bearer = await token({ roles: ['admin'] });
  const deadline = Date.now() + 8_000;
  let answer = await ask(trellis.url, '{ shapesVersion }', undefined, bearer);
  const validationFailed = () => (answer.body.errors as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED';
  while (validationFailed() && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    answer = await ask(trellis.url, '{ shapesVersion }', undefined, bearer);
  }
  expect(answer.body.data).toEqual({ shapesVersion: null });
  expect(answer.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ serviceName: 'catalog' }) })]);
});
