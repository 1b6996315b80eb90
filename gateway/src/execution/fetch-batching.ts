import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { FetchNode, PlanNode, ResponsePath } from '@apollo/query-planner';
import {
  Kind,
  parse,
  print,
  stripIgnoredCharacters,
  visit,
  type DefinitionNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';

/**
 * Fewer requests to a subgraph for one operation: fetches of a plan that go to the same subgraph
 * and may run at the same time are sent as one request, each under its own aliases.
 *
 * The planner puts independent fetches side by side in a `Parallel` node. Two cases are batched:
 *
 * - fetches to the same subgraph among the children of one `Parallel`;
 * - a fetch that is a child of a `Parallel` on its own, while a sibling `Sequence` goes to the
 *   same subgraph later on: it moves into that `Sequence`, next to the later fetch, and the two
 *   go together. The storefront page asks partners for the brand's partners beside the
 *   inventory fetch, and for the nodes' operators after it: one request instead of two.
 *
 * Children of a `Parallel` never depend on one another (that is why they are side by side), so a
 * fetch may wait for a sibling's later fetch without changing what anything reads; everything
 * after the `Parallel` still finds it done. Only queries are batched; mutation fields keep their
 * order, each in its own fetch.
 */
export interface BatchNode {
  kind: 'Batch';
  serviceName: string;
  /** Each fetch with the path it is flattened at (empty: the batch's own cursor). */
  items: BatchItem[];
}

export interface BatchItem {
  path: ResponsePath;
  fetch: FetchNode;
}

/** A plan node as this executor runs it. */
export type ExecNode =
  | Exclude<PlanNode, { kind: 'Sequence' | 'Parallel' | 'Flatten' | 'Condition' }>
  | { kind: 'Sequence'; nodes: ExecNode[] }
  | { kind: 'Parallel'; nodes: ExecNode[] }
  | { kind: 'Flatten'; path: ResponsePath; node: ExecNode }
  | { kind: 'Condition'; condition: string; ifClause?: ExecNode; elseClause?: ExecNode }
  | BatchNode;

/** The plan with its batchable fetches batched. */
export function batchFetches(node: PlanNode): ExecNode {
  switch (node.kind) {
    case 'Sequence':
      return { kind: 'Sequence', nodes: node.nodes.map(batchFetches) };
    case 'Flatten':
      return { kind: 'Flatten', path: node.path, node: batchFetches(node.node) };
    case 'Condition':
      return { kind: 'Condition', condition: node.condition, ifClause: node.ifClause && batchFetches(node.ifClause), elseClause: node.elseClause && batchFetches(node.elseClause) };
    case 'Parallel':
      return batchParallel(node.nodes.map(batchFetches));
    default:
      return node;
  }
}

/** A fetch (or a batch) a `Parallel` may run at its own cursor: a query fetch, or one flattened at a path. */
function itemsOf(node: ExecNode): BatchItem[] | undefined {
  if (node.kind === 'Batch') return node.items;
  if (node.kind === 'Fetch') return node.operationKind === 'query' ? [{ path: [], fetch: node }] : undefined;
  if (node.kind === 'Flatten' && node.node.kind === 'Fetch' && node.node.operationKind === 'query') return [{ path: node.path, fetch: node.node }];
  return undefined;
}

function batchParallel(children: ExecNode[]): ExecNode {
  // Side by side, per subgraph: one batch.
  const bySubgraph = new Map<string, BatchItem[]>();
  const rest: ExecNode[] = [];
  for (const child of children) {
    const items = itemsOf(child);
    if (!items) rest.push(child);
    else {
      const name = items[0]!.fetch.serviceName;
      bySubgraph.set(name, [...(bySubgraph.get(name) ?? []), ...items]);
    }
  }
  const nodes: ExecNode[] = [];
  for (const [serviceName, items] of bySubgraph) {
    // A fetch alone here joins a later fetch to the same subgraph in a sibling sequence, if there is one.
    const later = rest.find((sibling) => sibling.kind === 'Sequence' && joinLater(sibling, serviceName, items));
    if (later) continue;
    nodes.push(items.length === 1 ? single(items[0]!) : { kind: 'Batch', serviceName, items });
  }
  nodes.push(...rest);
  return nodes.length === 1 ? nodes[0]! : { kind: 'Parallel', nodes };
}

function single(item: BatchItem): ExecNode {
  return item.path.length ? { kind: 'Flatten', path: item.path, node: item.fetch } : item.fetch;
}

/**
 * Puts `items` into the first fetch to `serviceName` that `sequence` reaches at its own cursor
 * (through nested sequences and parallels, not below a `Flatten` or a condition); false when there is none.
 */
function joinLater(sequence: { kind: 'Sequence' | 'Parallel'; nodes: ExecNode[] }, serviceName: string, items: BatchItem[]): boolean {
  for (let i = 0; i < sequence.nodes.length; i++) {
    const node = sequence.nodes[i]!;
    const found = itemsOf(node);
    if (found && found[0]!.fetch.serviceName === serviceName) {
      sequence.nodes[i] = { kind: 'Batch', serviceName, items: [...found, ...items] };
      return true;
    }
    if ((node.kind === 'Sequence' || node.kind === 'Parallel') && joinLater(node, serviceName, items)) return true;
  }
  return false;
}

/** A batch's operation, and the variable each fetch's representations travel in (`<representations><i>`). */
export interface BatchOperation {
  query: string;
  operationName?: string;
  representations: string;
}

/** The operation of a batch: each fetch's root fields under `_<i>_` aliases, its representations and fragments renamed apart. */
export function batchOperation(fetches: readonly FetchNode[]): BatchOperation {
  const definitions: DefinitionNode[] = [];
  const variables = new Map<string, VariableDefinitionNode>();
  const selections: SelectionNode[] = [];
  const documents = fetches.map((fetch) => fetch.operationDocumentNode ?? parse(fetch.operation));
  // The operation's own variables (an argument's, passed through from the client) keep their
  // names: the representations' variables are named clear of them.
  const taken = new Set(documents.flatMap((d) => d.definitions.flatMap((o) => (o.kind === Kind.OPERATION_DEFINITION ? (o.variableDefinitions ?? []).map((v) => v.variable.name.value) : []))));
  let representations = 'representations';
  while (fetches.some((_, i) => taken.has(`${representations}${i}`))) representations = `_${representations}`;
  documents.forEach((document, i) => {
    const renamed = visit(document, {
      Variable: (node) => (node.name.value === 'representations' ? { ...node, name: { ...node.name, value: `${representations}${i}` } } : undefined),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}__${i}` } }),
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: `${node.name.value}__${i}` } }),
    });
    for (const definition of renamed.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) definitions.push(definition as FragmentDefinitionNode);
      else if (definition.kind === Kind.OPERATION_DEFINITION) {
        const operation = definition as OperationDefinitionNode;
        for (const variable of operation.variableDefinitions ?? []) if (!variables.has(variable.variable.name.value)) variables.set(variable.variable.name.value, variable);
        for (const selection of operation.selectionSet.selections) selections.push(aliased(selection, i));
      }
    }
  });
  const name = fetches[0]!.operationName;
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    name: name ? { kind: Kind.NAME, value: `${name}__batch` } : undefined,
    variableDefinitions: [...variables.values()],
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  return { query: stripIgnoredCharacters(print({ kind: Kind.DOCUMENT, definitions: [operation, ...definitions] })), operationName: operation.name?.value, representations };
}

function aliased(selection: SelectionNode, index: number): SelectionNode {
  if (selection.kind !== Kind.FIELD) throw new Error('A fetch operation selects fields at its root');
  const field = selection as FieldNode;
  return { ...field, alias: { kind: Kind.NAME, value: `_${index}_${field.alias?.value ?? field.name.value}` } };
}

const ALIAS = /^_(\d+)_(.*)$/s;

/**
 * Whether a batch's answer can be split into each fetch's own: it has data, and every error names
 * the fetch it belongs to. An answer without data (a non-null field of one fetch failed, or the
 * request was refused) or with an error of the whole request cannot: which fetch it concerns, and
 * what the others would have answered, is not known.
 */
export function splitsCleanly(response: GatewayGraphQLResponse, count: number): boolean {
  if (!response.data) return false;
  return (response.errors ?? []).every((error) => {
    const head = error.path?.[0];
    const match = typeof head === 'string' ? ALIAS.exec(head) : null;
    return match !== null && Number(match[1]) < count;
  });
}

/**
 * A batch's answer (one that `splitsCleanly`), as each fetch's own: its aliased fields with their
 * names back, its errors with their paths back.
 */
export function splitBatchResponse(response: GatewayGraphQLResponse, count: number): GatewayGraphQLResponse[] {
  const parts: GatewayGraphQLResponse[] = Array.from({ length: count }, () => ({ data: response.data === null ? null : response.data === undefined ? undefined : {} }));
  if (response.data) {
    for (const [key, value] of Object.entries(response.data)) {
      const match = ALIAS.exec(key);
      const part = match ? parts[Number(match[1])] : undefined;
      if (part?.data) part.data[match![2]!] = value;
    }
  }
  for (const error of response.errors ?? []) {
    const head = error.path?.[0];
    const match = typeof head === 'string' ? ALIAS.exec(head) : null;
    const index = match && Number(match[1]) < count ? Number(match[1]) : 0;
    const relayed: GraphQLFormattedError = match ? { ...error, path: [match[2]!, ...error.path!.slice(1)] } : error;
    const part = parts[index]!;
    part.errors = [...(part.errors ?? []), relayed];
  }
  return parts;
}
