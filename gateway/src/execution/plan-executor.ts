import type { GraphQLDataSource } from '@apollo/gateway';
// Not re-exported by the package's index.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { ERRORS, errorCodeDef, operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type SubscriptionNode } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayExecutor, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  executeSync,
  GraphQLError,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { applyRewrites } from '@apollo/gateway/dist/dataRewrites';
import { deepMerge } from '@apollo/gateway/dist/utilities/deepMerge';
import { concretePaths, representationBuilder, valuesAtPath, type JsonObject, type RepresentationBuilder } from './entity-data';
import { ResponseShape } from './response-shape';
import { liftLiterals } from './literal-variables';
import { batchFetches, batchOperation, splitBatchResponse, splitsCleanly, type BatchNode, type BatchOperation, type ExecNode } from './fetch-batching';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { errorAt } from '../../../shared/src/errors';

/**
 * The gateway's own query-plan executor, behind Apollo Server in place of `@apollo/gateway`'s.
 * Plans come from `@apollo/query-planner`, as they do in `@apollo/gateway`; what differs is what
 * is done per request. Per supergraph and operation (by its hash and name) the plan is kept with
 * everything derived from it: the compiled answer shape (see `ResponseShape`) and, per entity
 * fetch, a compiled representation builder. Per request there is only the fetching, merging into
 * one JSON tree, and cutting the answer out of it — no operation model rebuilt from the document,
 * no spans or trace nodes built for a tracer that is not there.
 *
 * Each entity fetch asks for every distinct entity once (the storefront page names its handful of
 * fulfillment nodes sixty times): representations are collapsed by their JSON, and the subgraph's
 * answer for one is merged into every place it came from; its errors are reported at each place.
 *
 * Answers and errors are `@apollo/gateway`'s, shape for shape: the same plans, the same merge, the
 * same error paths and codes (`DOWNSTREAM_SERVICE_ERROR`, the subgraph's own codes with its
 * `serviceName`), the same result shaping; `test/federation-shapes.e2e.test.ts` holds both to it.
 * A plan this executor does not run (`@defer`, subscriptions) goes to `@apollo/gateway`'s.
 */
export class PlanExecutor {
  private readonly supergraphs = new WeakMap<GraphQLSchema, LoadedSupergraph>();
  private readonly services = new Map<string, GraphQLDataSource>();

  constructor(
    /** `@apollo/gateway`'s executor: for the plans this one does not run. */
    private readonly fallback: () => GatewayExecutor | undefined,
    private readonly options: { batching?: boolean; maxOperationsPerSupergraph?: number } = {},
  ) {}

  /** A subgraph's data source, as `@apollo/gateway` builds it (`buildService`): the latest for each name wins. */
  serviceBuilt(name: string, dataSource: GraphQLDataSource): void {
    this.services.set(name, dataSource);
  }

  /** A supergraph was loaded: requests validated against `apiSchema` are planned on it. */
  supergraphLoaded(apiSchema: GraphQLSchema, coreSupergraphSdl: string): void {
    // @apollo/gateway has validated this SDL already; built again here, without validating, for our own planner.
    const supergraph = Supergraph.build(coreSupergraphSdl, { validateSupergraph: false });
    this.supergraphs.set(apiSchema, new LoadedSupergraph(supergraph, apiSchema, new Map(this.services), this.options.maxOperationsPerSupergraph ?? 2_000, this.options.batching ?? true));
  }

  readonly executor: GatewayExecutor = async (requestContext) => {
    const supergraph = this.supergraphs.get(requestContext.schema);
    const bound = supergraph?.operation(requestContext);
    if (!supergraph || !bound || !bound.compiled.runnable) {
      const fallback = this.fallback();
      if (!fallback) throw new Error('No executor for this supergraph');
      return fallback(requestContext);
    }
    const variables = bound.literals ? { ...requestContext.request.variables, ...bound.literals } : requestContext.request.variables;
    return new PlanRun(supergraph, bound.compiled, requestContext, variables).execute();
  };
}

/** A request's operation: compiled, and the values of the literal arguments it was lifted from, if any. */
interface BoundOperation {
  compiled: CompiledOperation;
  literals?: Record<string, unknown>;
}

/** An operation ready to run: its plan and what is derived from it. */
interface CompiledOperation {
  operation: OperationDefinitionNode;
  fragments: FragmentDefinitionNode[];
  /** The plan as it runs: fetches that go together batched (see fetch-batching.ts). */
  node?: ExecNode;
  shape: ResponseShape;
  /** Whether every node of the plan is one this executor runs. */
  runnable: boolean;
  /** Each entity fetch's representation builder. */
  representations: Map<FetchNode, RepresentationBuilder>;
}

class LoadedSupergraph {
  readonly planner: QueryPlanner;
  readonly apiSchemaModel: Schema;
  /** The supergraph as a graphql-js schema: representations and rewrites test types in it. */
  readonly schema: GraphQLSchema;
  private readonly operations = new Map<string, BoundOperation>();
  private readonly shapes = new Map<string, CompiledOperation>();
  private readonly batchOperations = new Map<string, BatchOperation>();
  private readonly fetchIds = new WeakMap<FetchNode, number>();

  constructor(
    supergraph: Supergraph,
    readonly apiSchema: GraphQLSchema,
    readonly services: ReadonlyMap<string, GraphQLDataSource>,
    private readonly maxOperations: number,
    private readonly batching: boolean,
  ) {
    this.planner = new QueryPlanner(supergraph);
    this.apiSchemaModel = supergraph.apiSchema();
    this.schema = supergraph.schema.toGraphQLJSSchema();
  }

  /**
   * The compiled operation of this request, with the values of its literal arguments (see
   * literal-variables.ts): by the operation's hash and name, then by its shape, so operations
   * that differ only in their literals share one plan. Planned on first use; at most
   * `maxOperations` of each kept, least recently used out.
   */
  operation(requestContext: GatewayGraphQLRequestContext): BoundOperation {
    const operationName = requestContext.request.operationName;
    const key = operationName ? `${requestContext.queryHash}\u0000${operationName}` : requestContext.queryHash;
    const known = this.operations.get(key);
    if (known) {
      this.operations.delete(key);
      this.operations.set(key, known);
      return known;
    }
    const lifted = liftLiterals(this.apiSchema, requestContext.document, operationName);
    let bound: BoundOperation;
    if (lifted) {
      const shapeKey = `${operationName ?? ''}\u0000${lifted.key}`;
      let compiled = this.shapes.get(shapeKey);
      if (compiled) this.shapes.delete(shapeKey);
      else compiled = this.compile(lifted.document, operationName);
      this.shapes.set(shapeKey, compiled);
      if (this.shapes.size > this.maxOperations) this.shapes.delete(this.shapes.keys().next().value!);
      bound = { compiled, literals: lifted.values };
    } else bound = { compiled: this.compile(requestContext.document, operationName) };
    this.operations.set(key, bound);
    if (this.operations.size > this.maxOperations) this.operations.delete(this.operations.keys().next().value!);
    return bound;
  }

  private compile(document: DocumentNode, operationName: string | undefined): CompiledOperation {
    const { operation, fragments } = operationOf(document, operationName);
    const plan = this.planner.buildQueryPlan(operationFromDocument(this.apiSchemaModel, document, { operationName }));
    const isRunnable = !plan.node || runnable(plan.node);
    return {
      operation,
      fragments,
      node: plan.node && isRunnable ? (this.batching ? batchFetches(plan.node as PlanNode) : (plan.node as ExecNode)) : undefined,
      shape: new ResponseShape(this.apiSchema, operation, new Map(fragments.map((f) => [f.name.value, f]))),
      runnable: isRunnable,
      representations: new Map(),
    };
  }

  /** The operation of fetches sent as one request, built once per set of fetches. */
  batchOperationOf(fetches: readonly FetchNode[]): BatchOperation {
    const key = fetches.map((f) => this.fetchIdOf(f)).join(',');
    let operation = this.batchOperations.get(key);
    if (!operation) {
      if (this.batchOperations.size >= this.maxOperations) this.batchOperations.clear();
      this.batchOperations.set(key, (operation = batchOperation(fetches)));
    }
    return operation;
  }

  private nextFetchId = 0;
  private fetchIdOf(fetch: FetchNode): number {
    let id = this.fetchIds.get(fetch);
    if (id === undefined) this.fetchIds.set(fetch, (id = this.nextFetchId++));
    return id;
  }

  representationsOf(compiled: CompiledOperation, fetch: FetchNode): RepresentationBuilder {
    let builder = compiled.representations.get(fetch);
    if (!builder) compiled.representations.set(fetch, (builder = representationBuilder(this.schema, fetch.requires!)));
    return builder;
  }
}

/** The operation to run and the document's fragments, as `@apollo/gateway` picks them. */
function operationOf(document: DocumentNode, operationName: string | undefined): { operation: OperationDefinitionNode; fragments: FragmentDefinitionNode[] } {
  let operation: OperationDefinitionNode | undefined;
  let operations = 0;
  const fragments: FragmentDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      operations++;
      if (!operationName && operations > 1) throw ERRORS.INVALID_GRAPHQL.err('Must provide operation name if query contains multiple operations.');
      if (!operationName || definition.name?.value === operationName) operation = definition;
    } else if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.push(definition);
  }
  if (!operation) throw ERRORS.INVALID_GRAPHQL.err(operationName ? `Unknown operation named "${operationName}".` : 'Must provide an operation.');
  return { operation, fragments };
}

function runnable(node: PlanNode | SubscriptionNode): boolean {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every(runnable);
    case 'Flatten':
      return runnable(node.node);
    case 'Fetch':
      return true;
    case 'Condition':
      return (!node.ifClause || runnable(node.ifClause)) && (!node.elseClause || runnable(node.elseClause));
    default:
      return false;
  }
}

interface Cursor {
  path: (string | number)[];
  data: unknown;
}

/** One request's run of a compiled operation. */
class PlanRun {
  private readonly errors: GraphQLError[] = [];
  private readonly root: JsonObject = {};

  constructor(
    private readonly supergraph: LoadedSupergraph,
    private readonly compiled: CompiledOperation,
    private readonly requestContext: GatewayGraphQLRequestContext,
    /** The request's variables, and the values of its lifted literals. */
    private readonly variables: Record<string, unknown> | undefined,
  ) {}

  async execute(): Promise<GatewayExecutionResult> {
    const { compiled, requestContext, variables } = this;
    if (compiled.operation.variableDefinitions?.length) {
      // Apollo Server leaves a gateway's variables unchecked: checked here, as @apollo/gateway does.
      const { errors } = getVariableValues(requestContext.schema, compiled.operation.variableDefinitions, variables ?? {});
      if (errors) return { errors };
    }
    if (compiled.node) await this.node(compiled.node, { path: [], data: this.root });
    let shaped;
    try {
      shaped = compiled.shape.apply(this.root, variables, (field) => this.introspect(field));
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error] };
      return { errors: [errorAt((error as Error).message ?? 'Unexpected error during query plan execution', { originalError: error as Error })] };
    }
    if (this.errors.length === 0 && shaped.errors.length > 0) return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
    return this.errors.length === 0 ? { data: shaped.data } : { errors: this.errors, data: shaped.data };
  }

  private async node(node: ExecNode, cursor: Cursor): Promise<void> {
    switch (node.kind) {
      case 'Sequence':
        for (const child of node.nodes) await this.node(child, cursor);
        return;
      case 'Parallel':
        await Promise.all(node.nodes.map((child) => this.node(child, cursor)));
        return;
      case 'Flatten': {
        const data = valuesAtPath(cursor.data, node.path);
        if (data) await this.node(node.node, { path: [...cursor.path, ...node.path], data });
        return;
      }
      case 'Fetch':
        try {
          const prepared = this.prepare(node, cursor);
          if (prepared) this.apply(prepared, await this.send(prepared.service, prepared.fetch.operation, prepared.fetch.operationName, prepared.variables, cursor, prepared.fetch));
        } catch (error) {
          this.errors.push(error as GraphQLError);
        }
        return;
      case 'Batch':
        try {
          await this.batch(node, cursor);
        } catch (error) {
          this.errors.push(error as GraphQLError);
        }
        return;
      case 'Condition': {
        const branch = this.condition(node.condition) ? node.ifClause : node.elseClause;
        if (branch) await this.node(branch, cursor);
        return;
      }
      default:
        throw new Error(`The plan has a ${node.kind} node, which this executor does not run`);
    }
  }

  /** A `@skip`/`@include` variable's value: given, else its default. */
  private condition(variable: string): boolean {
    const given = this.variables;
    let value = given && Object.hasOwn(given, variable) ? given[variable] : undefined;
    if (value === undefined) {
      const definition = this.compiled.operation.variableDefinitions?.find((d) => d.variable.name.value === variable);
      value = definition?.defaultValue?.kind === Kind.BOOLEAN ? definition.defaultValue.value : undefined;
    }
    if (value === undefined) throw new Error(`Missing value for variable $${variable} (and no default found)`);
    if (typeof value !== 'boolean') throw new Error(`Invalid non-boolean value ${String(value)} for Boolean! variable $${variable}`);
    return value;
  }

  /**
   * What one fetch sends, worked out from the tree at its cursor: its variables and, for an entity
   * fetch, each distinct representation once (`distinctOf[i]` is entity i's, or -1 when it has
   * none). Undefined when there is nothing to ask.
   */
  private prepare(fetch: FetchNode, cursor: Cursor): PreparedFetch | undefined {
    const service = this.supergraph.services.get(fetch.serviceName);
    if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
    const entities = (Array.isArray(cursor.data) ? cursor.data.filter((e) => e !== null && e !== undefined) : [cursor.data]) as JsonObject[];
    if (entities.length === 0) return undefined;
    const variables: Record<string, unknown> = {};
    const given = this.variables;
    if (fetch.variableUsages && given) {
      for (const name of fetch.variableUsages) {
        if (Object.hasOwn(given, name) && given[name] !== undefined) variables[name] = given[name];
      }
    }
    if (!fetch.requires) return { fetch, service, cursor, entities, variables };

    const build = this.supergraph.representationsOf(this.compiled, fetch);
    const representations: JsonObject[] = [];
    const distinctOf = new Array<number>(entities.length);
    const seen = new Map<string, number>();
    for (let i = 0; i < entities.length; i++) {
      const representation = build(entities[i]!);
      if (!representation || !representation.__typename) {
        distinctOf[i] = -1;
        continue;
      }
      applyRewrites(this.supergraph.schema, fetch.inputRewrites, representation);
      const key = JSON.stringify(representation);
      let index = seen.get(key);
      if (index === undefined) {
        index = representations.length;
        seen.set(key, index);
        representations.push(representation);
      }
      distinctOf[i] = index;
    }
    if (representations.length === 0) return undefined;
    if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
    variables.representations = representations;
    return { fetch, service, cursor, entities, variables, entityFetch: { entities, distinctOf, representations } };
  }

  /** Merges a fetch's answer into the tree; its errors are kept, at the paths they concern. */
  private apply(prepared: PreparedFetch, response: GatewayGraphQLResponse): void {
    const { fetch, cursor, entities, entityFetch } = prepared;
    if (response.errors?.length) this.relayErrors(response.errors, fetch.serviceName, cursor, entityFetch);
    const data = response.data as JsonObject | null | undefined;
    if (!entityFetch) {
      if (data) applyRewrites(this.supergraph.schema, fetch.outputRewrites, data);
      for (const entity of entities) deepMerge(entity, data);
      return;
    }
    if (!data) return;
    const received = data._entities;
    if (!Array.isArray(received)) throw new Error('Expected "data._entities" in response to be an array');
    if (received.length !== entityFetch.representations.length) throw new Error(`Expected "data._entities" to contain ${entityFetch.representations.length} elements`);
    for (let i = 0; i < entities.length; i++) {
      const index = entityFetch.distinctOf[i]!;
      if (index < 0) continue;
      const entity = received[index] as JsonObject | null;
      if (entity && !entity.__typename) entity.__typename = entities[i]!.__typename;
      if (!entity) continue;
      applyRewrites(this.supergraph.schema, fetch.outputRewrites, entity);
      deepMerge(entities[i]!, entity);
    }
  }

  /** Fetches of one subgraph that go together: one request when more than one has something to ask. */
  private async batch(node: BatchNode, cursor: Cursor): Promise<void> {
    const prepared: PreparedFetch[] = [];
    for (const item of node.items) {
      const data = item.path.length ? valuesAtPath(cursor.data, item.path) : cursor.data;
      const at = item.path.length ? { path: [...cursor.path, ...item.path], data } : cursor;
      const one = data ? this.prepare(item.fetch, at) : undefined;
      if (one) prepared.push(one);
    }
    if (prepared.length === 0) return;
    if (prepared.length === 1) return this.alone(prepared[0]!);
    const operation = this.supergraph.batchOperationOf(prepared.map((p) => p.fetch));
    const variables: Record<string, unknown> = {};
    prepared.forEach((p, i) => {
      for (const [name, value] of Object.entries(p.variables)) variables[name === 'representations' ? `${operation.representations}${i}` : name] = value;
    });
    let response: GatewayGraphQLResponse;
    try {
      response = await this.send(prepared[0]!.service, operation.query, operation.operationName, variables, cursor, undefined);
    } catch (error) {
      // Each fetch failed, as each would have alone.
      for (let i = 0; i < prepared.length; i++) this.errors.push(error as GraphQLError);
      return;
    }
    // Answered as a whole (no data, an error of the request): each fetch is asked alone, as
    // @apollo/gateway asks it, for its own answer and errors.
    if (!splitsCleanly(response, prepared.length)) {
      await Promise.all(prepared.map((p) => this.alone(p)));
      return;
    }
    const parts = splitBatchResponse(response, prepared.length);
    for (let i = 0; i < prepared.length; i++) {
      try {
        this.apply(prepared[i]!, parts[i]!);
      } catch (error) {
        this.errors.push(error as GraphQLError);
      }
    }
  }

  /** One prepared fetch, sent on its own; its failure is its own error. */
  private async alone(p: PreparedFetch): Promise<void> {
    try {
      this.apply(p, await this.send(p.service, p.fetch.operation, p.fetch.operationName, p.variables, p.cursor, p.fetch));
    } catch (error) {
      this.errors.push(error as GraphQLError);
    }
  }

  private send(service: GraphQLDataSource, query: string, operationName: string | undefined, variables: Record<string, unknown>, cursor: Cursor, fetch: FetchNode | undefined): Promise<GatewayGraphQLResponse> {
    return service.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query, variables, operationName },
      incomingRequestContext: this.requestContext,
      context: this.requestContext.context,
      document: fetch?.operationDocumentNode,
      pathInIncomingRequest: cursor.path as never,
    });
  }

  private relayErrors(errors: readonly GraphQLFormattedError[], serviceName: string, cursor: Cursor, entityFetch: EntityFetch | undefined): void {
    let places: (string | number)[][][] | undefined;
    for (const error of errors) {
      const path = error.path;
      if (entityFetch && path && typeof path[1] === 'number') {
        places ??= entityPlaces(this.root, cursor.path, entityFetch);
        const at = places[path[1]];
        if (!at || at.length === 0) this.errors.push(downstreamError(error, serviceName, path.slice(2)));
        else for (const place of at) this.errors.push(downstreamError(error, serviceName, [...place, ...path.slice(2)]));
      } else this.errors.push(downstreamError(error, serviceName, path ? [...cursor.path, ...path] : undefined));
    }
  }

  /** `__schema` / `__type` at the root, answered from the API schema. */
  private introspect(field: FieldNode): unknown {
    const { operation, fragments } = this.compiled;
    const document: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: OperationTypeNode.QUERY, variableDefinitions: operation.variableDefinitions, selectionSet: { kind: Kind.SELECTION_SET, selections: [field] } }, ...fragments],
    };
    const { data, errors } = executeSync({ schema: this.supergraph.apiSchema, document, rootValue: {}, variableValues: this.variables });
    if (errors?.length || !data) throw new Error(`Introspection query for ${field.name.value} should not have failed but got ${JSON.stringify(errors)}`);
    return data[field.alias?.value ?? field.name.value];
  }
}

interface EntityFetch {
  entities: JsonObject[];
  distinctOf: number[];
  representations: JsonObject[];
}

interface PreparedFetch {
  fetch: FetchNode;
  service: GraphQLDataSource;
  cursor: Cursor;
  /** The objects at the cursor the answer merges into. */
  entities: JsonObject[];
  variables: Record<string, unknown>;
  entityFetch?: EntityFetch;
}

/** For each distinct representation, the response paths of the entities it stands for. */
function entityPlaces(root: JsonObject, path: (string | number)[], { entities, distinctOf }: EntityFetch): (string | number)[][][] {
  const paths = concretePaths(root, path);
  const places: (string | number)[][][] = [];
  for (let i = 0; i < entities.length; i++) {
    const index = distinctOf[i]!;
    if (index < 0) continue;
    (places[index] ??= []).push(paths[i] ?? []);
  }
  return places;
}

/** A subgraph's error as `@apollo/gateway` reports it: its message and code, named after the subgraph. */
function downstreamError(original: GraphQLFormattedError, serviceName: string, path: readonly (string | number)[] | undefined): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = { originalError: original as Error, path, extensions: { ...original.extensions, serviceName } };
  const code = errorCodeDef(original);
  // A code federation does not know is the subgraph's own: relayed as it is.
  if (!code && original.extensions?.code) return errorAt(message, options);
  return (code ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}
