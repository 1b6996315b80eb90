import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { OperationTypeNode, parse } from 'graphql';
import { batchFetches, batchOperation, splitBatchResponse, splitsCleanly, type ExecNode } from './fetch-batching';

const fetch = (serviceName: string, operation: string, operationKind: OperationTypeNode = OperationTypeNode.QUERY): FetchNode => ({
  kind: 'Fetch',
  serviceName,
  operation,
  operationName: undefined,
  operationKind,
  requires: operation.includes('_entities') ? [{ kind: 'InlineFragment', typeCondition: 'T', selections: [{ kind: 'Field', name: 'id' }] }] : undefined,
});
const flatten = (path: string, node: FetchNode): PlanNode => ({ kind: 'Flatten', path: path.split('.'), node });
const ENTITIES = (field: string) => `query($representations:[_Any!]!){_entities(representations:$representations){...on T{${field}}}}`;

/** What the transformed plan does, as a short string: S(a) is a fetch to S, [..] a batch, {..} parallel, (..) sequence. */
function describe(node: ExecNode): string {
  switch (node.kind) {
    case 'Fetch':
      return `${node.serviceName}:${/\{\.\.\.on T\{(\w+)/.exec(node.operation)?.[1] ?? node.operation}`;
    case 'Flatten':
      return `${node.path.join('.')}>${describe(node.node)}`;
    case 'Sequence':
      return `(${node.nodes.map(describe).join(' ')})`;
    case 'Parallel':
      return `{${node.nodes.map(describe).join(' ')}}`;
    case 'Batch':
      return `[${node.items.map((i) => `${i.path.join('.')}>${describe(i.fetch)}`).join(' ')}]`;
    default:
      return node.kind;
  }
}

it('moves a fetch beside a later fetch to the same subgraph in a sibling sequence (the storefront page)', () => {
  const plan: PlanNode = {
    kind: 'Sequence',
    nodes: [
      fetch('brands', '{brand{__typename id}}'),
      {
        kind: 'Parallel',
        nodes: [
          flatten('brand', fetch('partners', ENTITIES('partners'))),
          { kind: 'Sequence', nodes: [flatten('brand', fetch('inventory', ENTITIES('skus'))), flatten('brand.skus.@.node', fetch('partners', ENTITIES('operator')))] },
        ],
      },
    ],
  };
  expect(describe(batchFetches(plan))).toBe('(brands:{brand{__typename id}} (brand>inventory:skus [brand.skus.@.node>partners:operator brand>partners:partners]))');
});

it('batches fetches to one subgraph side by side in a parallel, and leaves the others', () => {
  const plan: PlanNode = { kind: 'Parallel', nodes: [flatten('a', fetch('s', ENTITIES('x'))), flatten('b', fetch('t', ENTITIES('y'))), flatten('c', fetch('s', ENTITIES('z')))] };
  expect(describe(batchFetches(plan))).toBe('{[a>s:x c>s:z] b>t:y}');
});

it('does not batch mutations, nor look below a flatten or a condition for a later fetch', () => {
  const mutations: PlanNode = { kind: 'Parallel', nodes: [fetch('s', 'mutation{a}', OperationTypeNode.MUTATION), fetch('s', 'mutation{b}', OperationTypeNode.MUTATION)] };
  expect(describe(batchFetches(mutations))).toBe('{s:mutation{a} s:mutation{b}}');
  const nested: PlanNode = {
    kind: 'Parallel',
    nodes: [
      flatten('a', fetch('s', ENTITIES('x'))),
      { kind: 'Sequence', nodes: [fetch('t', '{t}'), { kind: 'Flatten', path: ['b'], node: { kind: 'Sequence', nodes: [fetch('s', ENTITIES('y'))] } }] },
    ],
  };
  expect(describe(batchFetches(nested))).toBe('{a>s:x (t:{t} b>(s:y))}');
  const conditional: PlanNode = { kind: 'Parallel', nodes: [flatten('a', fetch('s', ENTITIES('x'))), { kind: 'Sequence', nodes: [fetch('t', '{t}'), { kind: 'Condition', condition: 'v', ifClause: fetch('s', ENTITIES('y')) }] }] };
  expect(describe(batchFetches(conditional))).toBe('{a>s:x (t:{t} Condition)}');
});

it('builds one operation: each fetch under its own aliases, representations and fragments renamed apart, shared variables once', () => {
  const first = { ...fetch('s', 'query Op__s__1($representations:[_Any!]!,$first:Int){_entities(representations:$representations){...F}} fragment F on T{items(first:$first){id}}'), operationName: 'Op__s__1' };
  const second = fetch('s', 'query Op__s__2($representations:[_Any!]!,$first:Int){_entities(representations:$representations){...F}} fragment F on T{other(first:$first)}');
  const { query, operationName, representations } = batchOperation([first, second]);
  expect(operationName).toBe('Op__s__1__batch');
  expect(representations).toBe('representations');
  expect(query).toBe(
    'query Op__s__1__batch($representations0:[_Any!]!$first:Int$representations1:[_Any!]!){_0__entities:_entities(representations:$representations0){...F__0}_1__entities:_entities(representations:$representations1){...F__1}}fragment F__0 on T{items(first:$first){id}}fragment F__1 on T{other(first:$first)}',
  );
  expect(() => parse(query)).not.toThrow();
});

it('names the representations clear of the operation’s own variables', () => {
  // A client variable passed through to the first fetch happens to be called $representations1.
  const first = fetch('s', 'query($representations:[_Any!]!,$representations1:String){_entities(representations:$representations){...on T{x(arg:$representations1)}}}');
  const second = fetch('s', 'query($representations:[_Any!]!){_entities(representations:$representations){...on T{y}}}');
  const { query, representations } = batchOperation([first, second]);
  expect(representations).toBe('_representations');
  expect(query).toBe(
    'query($_representations0:[_Any!]!$representations1:String$_representations1:[_Any!]!){_0__entities:_entities(representations:$_representations0){...on T{x(arg:$representations1)}}_1__entities:_entities(representations:$_representations1){...on T{y}}}',
  );
});

it('splits the answer back: each fetch its own fields and errors', () => {
  const response = {
    data: { _0__entities: [{ a: 1 }], _1__entities: [null], _1_x: 2 },
    errors: [{ message: 'second', path: ['_1__entities', 0, 'b'] }],
  };
  expect(splitsCleanly(response, 2)).toBe(true);
  expect(splitBatchResponse(response, 2)).toEqual([
    { data: { _entities: [{ a: 1 }] } },
    { data: { _entities: [null], x: 2 }, errors: [{ message: 'second', path: ['_entities', 0, 'b'] }] },
  ]);
});

it('does not split an answer given to the request as a whole: no data, or an error that names no fetch', () => {
  expect(splitsCleanly({ data: null, errors: [{ message: 'a non-null field failed', path: ['_1__entities'] }] }, 2)).toBe(false);
  expect(splitsCleanly({ errors: [{ message: 'Variable "$x" is never used' }] }, 2)).toBe(false);
  expect(splitsCleanly({ data: { _0_a: 1, _1_b: 2 }, errors: [{ message: 'anywhere' }] }, 2)).toBe(false);
  expect(splitsCleanly({ data: { _0_a: 1, _1_b: 2 } }, 2)).toBe(true);
});
