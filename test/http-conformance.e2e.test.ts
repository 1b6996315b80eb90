import { serverAudits } from 'graphql-http';
import { Stack, token } from './support/stack';

/**
 * The GraphQL-over-HTTP server audit (graphql-http's own suite) against the gateway, with a token:
 * every MUST and every SHOULD passes. (MAYs are choices: GET operations need Apollo's CSRF
 * preflight header, for instance.)
 */
let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  await stack?.stop();
});

it('passes every MUST and SHOULD of the GraphQL-over-HTTP audit', async () => {
  const bearer = await token({ roles: ['admin'] });
  const fetchFn = (input: string | URL | Request, init: RequestInit = {}) =>
    fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers).entries()), authorization: `Bearer ${bearer}` } });
  const results: { name: string; status: string; reason?: string }[] = [];
  for (const audit of serverAudits({ url: stack.gateway.url, fetchFn })) {
    const result = await audit.fn();
    results.push({ name: audit.name, status: result.status, reason: 'reason' in result ? result.reason : undefined });
  }
  const must = results.filter((r) => r.name.startsWith('MUST'));
  const should = results.filter((r) => r.name.startsWith('SHOULD'));
  expect(must.length).toBe(13);
  expect(should.length).toBe(23);
  expect([...must, ...should].filter((r) => r.status !== 'ok')).toEqual([]);
});
