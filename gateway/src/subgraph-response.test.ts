import { GraphQLError } from 'graphql';
import { argumentPathAt, argumentPathOfVariable } from './subgraph-argument';
import { countsAsSubgraphFailure, subgraphFailureOutcome } from './subgraph-response';

const outcome = (status: number, body: unknown, operation?: string) => subgraphFailureOutcome({ serviceName: 'inventory', status, body, operation });
const errorsOf = (result: ReturnType<typeof outcome>) => ('response' in result ? result.response.errors : undefined);

describe('subgraphFailureOutcome', () => {
  it('relays a bad custom-scalar literal as BAD_USER_INPUT naming the argument', () => {
    const operation = '{nodeUtilisation(day:"2026-13-45"){day}}';
    const body = { errors: [{ message: 'Date cannot represent an invalid date-string 2026-13-45.', locations: [{ line: 1, column: 22 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] };
    const result = outcome(400, body, operation);
    expect(result).toEqual({
      response: {
        data: null,
        errors: [{ message: 'day: Date cannot represent an invalid date-string 2026-13-45.', extensions: { code: 'BAD_USER_INPUT', field: 'day', serviceName: 'inventory' } }],
      },
    });
  });

  it('names the argument a badly coerced variable is used in, with the path inside it', () => {
    const operation = 'mutation M($input:ContractChangesInput!){amendContract(contractId:"c",changes:$input,reason:"r"){id}}';
    const body = {
      errors: [
        {
          message: 'Variable "$input" got invalid value "2026-02-30" at "input.validTo"; Date cannot represent an invalid date-string 2026-02-30.',
          locations: [{ line: 1, column: 12 }],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    };
    expect(errorsOf(outcome(400, body, operation))).toEqual([
      {
        message: 'changes.validTo: got invalid value "2026-02-30"; Date cannot represent an invalid date-string 2026-02-30.',
        extensions: { code: 'BAD_USER_INPUT', field: 'changes.validTo', serviceName: 'inventory' },
      },
    ]);
    const plain = { errors: [{ message: 'Variable "$d" got invalid value 5; Date cannot represent non string type 5', extensions: { code: 'BAD_USER_INPUT' } }] };
    expect(errorsOf(outcome(400, plain, 'query Q($d:Date){nodeUtilisation(day:$d){day}}'))?.[0]).toMatchObject({
      message: 'day: got invalid value 5; Date cannot represent non string type 5',
      extensions: { field: 'day' },
    });
  });

  it('keeps a field the subgraph named, and the codes it gave, without stack traces', () => {
    const body = {
      errors: [
        { message: 'reason: contains the NUL character', extensions: { code: 'BAD_USER_INPUT', field: 'reason', stacktrace: ['at /srv/app.js:1'] } },
        { message: 'Not enough stock', path: ['adjustStock'], extensions: { code: 'INSUFFICIENT_STOCK', exception: { stacktrace: ['x'] } } },
      ],
    };
    expect(errorsOf(outcome(400, body))).toEqual([
      { message: 'reason: contains the NUL character', extensions: { code: 'BAD_USER_INPUT', field: 'reason', serviceName: 'inventory' } },
      { message: 'Not enough stock', path: ['adjustStock'], extensions: { code: 'INSUFFICIENT_STOCK', serviceName: 'inventory' } },
    ]);
  });

  it('does not blame the caller for a validation error outside any argument (a schema that drifted)', () => {
    const body = { errors: [{ message: 'Cannot query field "gone" on type "Query".', locations: [{ line: 1, column: 2 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] };
    expect(errorsOf(outcome(400, body, '{gone}'))?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', serviceName: 'inventory' });
    const parse = { errors: [{ message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] };
    expect(errorsOf(outcome(400, parse, '{'))?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('masks errors without a code', () => {
    expect(errorsOf(outcome(500, { errors: [{ message: 'TypeError at /srv/x.js:3' }] }))).toEqual([
      { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'inventory' } },
    ]);
  });

  it.each([
    ['HTML from a proxy', 502, '<html>Bad Gateway</html>'],
    ['an empty errors list', 500, { errors: [] }],
    ['errors that are not GraphQL errors', 400, { errors: ['boom'] }],
    ['a refused signature, whatever the body', 401, { errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] }],
    ['a 403', 403, null],
  ])('calls the subgraph unavailable for %s', (_what, status, body) => {
    const result = outcome(status, body);
    expect('error' in result && result.error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'inventory' });
    expect('error' in result && result.error.message).toMatch(/^Subgraph "inventory" is unavailable: /);
  });
});

describe('argumentPathAt / argumentPathOfVariable', () => {
  const operation = 'mutation {\n  route(input: { lines: [{ q: 1 }, { q: "x" }], day: "d" }, other: 1) { id }\n}';
  it('names the argument and the path inside it at a location', () => {
    expect(argumentPathAt(operation, 2, operation.split('\n')[1]!.indexOf('"x"') + 1)).toBe('input.lines[1].q');
    expect(argumentPathAt(operation, 2, operation.split('\n')[1]!.indexOf('"d"') + 1)).toBe('input.day');
    expect(argumentPathAt(operation, 2, operation.split('\n')[1]!.indexOf('route') + 1)).toBeNull();
    expect(argumentPathAt('{ not graphql', 1, 1)).toBeNull();
  });
  it('names where a variable is used', () => {
    expect(argumentPathOfVariable('query($v: String) { f(a: { b: [$v] }) }', 'v')).toBe('a.b[0]');
    expect(argumentPathOfVariable('query($v: String) { f(a: 1) }', 'v')).toBeNull();
  });
});

describe('a subgraph whose database is away', () => {
  const databaseUnavailable = { message: 'The database is unavailable: it cannot be reached. Try again shortly.', extensions: { code: 'DATABASE_UNAVAILABLE', reason: 'unreachable' } };

  it('has its DATABASE_UNAVAILABLE relayed with the code, the reason and its name, even from an HTTP 500', () => {
    expect(errorsOf(outcome(500, { errors: [databaseUnavailable] }))).toEqual([
      { message: databaseUnavailable.message, extensions: { code: 'DATABASE_UNAVAILABLE', reason: 'unreachable', serviceName: 'inventory' } },
    ]);
  });

  it('counts against its circuit, whatever the HTTP status; a timeout or a refusal does not', () => {
    expect(countsAsSubgraphFailure(200, { data: { _entities: [null] }, errors: [databaseUnavailable] })).toBe(true);
    expect(countsAsSubgraphFailure(500, { errors: [databaseUnavailable] })).toBe(true);
    expect(countsAsSubgraphFailure(200, { data: null, errors: [{ message: 'lock wait', extensions: { code: 'DATABASE_TIMEOUT', reason: 'lock_timeout' } }] })).toBe(false);
    expect(countsAsSubgraphFailure(200, { data: null, errors: [{ message: 'no', extensions: { code: 'INSUFFICIENT_STOCK' } }] })).toBe(false);
    expect(countsAsSubgraphFailure(200, { data: { brands: [] } })).toBe(false);
    expect(countsAsSubgraphFailure(400, { errors: [{ message: 'bad', extensions: { code: 'BAD_USER_INPUT' } }] })).toBe(false);
  });

  it('counts an answer that is not GraphQL, a refused signature and a 5xx', () => {
    expect(countsAsSubgraphFailure(200, '<html>')).toBe(true);
    expect(countsAsSubgraphFailure(401, { errors: [{ message: 'Unauthenticated' }] })).toBe(true);
    expect(countsAsSubgraphFailure(502, undefined)).toBe(true);
  });
});
