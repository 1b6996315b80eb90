import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { OperationTypeNode, parse } from 'graphql';
import { batchFetches, batchOperation, splitBatchResponse, type ExecNode } from './fetch-batching';

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
  const { query, operationName } = batchOperation([first, second]);
  expect(operationName).toBe('Op__s__1__batch');
  expect(query).toBe(
    'query Op__s__1__batch($representations0:[_Any!]!$first:Int$representations1:[_Any!]!){_0__entities:_entities(representations:$representations0){...F__0}_1__entities:_entities(representations:$representations1){...F__1}}fragment F__0 on T{items(first:$first){id}}fragment F__1 on T{other(first:$first)}',
  );
  expect(() => parse(query)).not.toThrow();
});

it('splits the answer back: each fetch its own fields and errors, an error without a path to the first', () => {
  const parts = splitBatchResponse(
    {
      data: { _0__entities: [{ a: 1 }], _1__entities: [null], _1_x: 2 },
      errors: [
        { message: 'second', path: ['_1__entities', 0, 'b'] },
        { message: 'anywhere' },
      ],
    },
    2,
  );
  expect(parts).toEqual([
    { data: { _entities: [{ a: 1 }] }, errors: [{ message: 'anywhere' }] },
    { data: { _entities: [null], x: 2 }, errors: [{ message: 'second', path: ['_entities', 0, 'b'] }] },
  ]);
  expect(splitBatchResponse({ data: null, errors: [{ message: 'down' }] }, 2)).toEqual([{ data: null, errors: [{ message: 'down' }] }, { data: null }]);
});
