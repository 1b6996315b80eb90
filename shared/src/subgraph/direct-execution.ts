import {
  execute,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isInputObjectType,
  typeFromAST,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import Negotiator from 'negotiator';
import { findUnsafeInput, type InputGuardOptions } from '../graphql/input-guard';

/**
 * The queries the gateway sends a subgraph, run without Apollo Server's request pipeline.
 *
 * The gateway sends the same few operation texts over and over, signed, as JSON, and wants JSON
 * back: Apollo Server's per-request work around them (a header map, content negotiation, the
 * document store's hash, a dozen plugin hooks, the incremental-delivery polyfill) cost a subgraph
 * more than running many of the operations themselves. Here an operation text is parsed,
 * validated and compiled to a function once (graphql-jit; at most `maxOperations` kept, least
 * recently used out), which then runs it for every request with the same resolvers; the answer is
 * what Apollo Server would have sent for it, byte for byte:
 * errors formatted by the same `formatError`, fields in Apollo's order, the content type it would
 * have chosen.
 *
 * Only the plain case runs here. Anything else — a text that does not parse or validate, an
 * introspection field, a subscription, an argument the input guard refuses, variables that do not
 * coerce, automatic persisted queries, an unknown operation name — goes to Apollo Server, which
 * answers it as it always has: `prepare` says so by returning undefined. A mutation runs here once
 * the server has claimed its signature's nonce (see server.ts); a replay goes to Apollo Server,
 * which refuses it.
 */
export class DirectExecution<C> {
  private readonly operations = new Map<string, Prepared | null>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
    private readonly guard: InputGuardOptions = {},
    private readonly maxOperations = 1_000,
  ) {}

  /** The operation of a request body, when it can run here. */
  prepare(body: unknown): DirectRequest | undefined {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
    const { query, operationName, variables, extensions } = body as Record<string, unknown>;
    if (typeof query !== 'string' || (operationName !== undefined && operationName !== null && typeof operationName !== 'string')) return undefined;
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    if (extensions !== undefined && extensions !== null && (typeof extensions !== 'object' || 'persistedQuery' in extensions)) return undefined;
    const prepared = this.prepared(query, operationName ?? undefined);
    if (!prepared) return undefined;
    const vars = (variables ?? undefined) as Record<string, unknown> | undefined;
    // Variables that do not coerce are Apollo Server's to answer (its 400, before a mutation's nonce is claimed).
    let coerced: Record<string, unknown> | undefined;
    if (prepared.operation.variableDefinitions?.length) {
      const result = getVariableValues(this.schema, prepared.operation.variableDefinitions, vars ?? {}, { maxErrors: 1 });
      if (result.errors) return undefined;
      coerced = result.coerced;
    }
    if (prepared.hasArguments && findUnsafeInput({ schema: this.schema, document: prepared.document, operationName: prepared.operationName, variables: vars, coerced }, this.guard)) return undefined;
    return { ...prepared, variables: vars };
  }

  /**
   * Runs a prepared request; the answer as Apollo Server would have written it, or undefined when
   * it never started (variables that do not coerce: Apollo Server answers those, with its 400) —
   * unless `mustAnswer` (a mutation whose nonce is claimed must not be handed on).
   */
  async run(request: DirectRequest, contextValue: C, mustAnswer = false): Promise<DirectAnswer | undefined> {
    // graphql-jit compiles every valid query; graphql-js runs one it would not.
    const result = (
      request.compiled
        ? await request.compiled.query(undefined, contextValue, request.variables)
        : await execute({
            schema: this.schema,
            document: request.document,
            contextValue,
            variableValues: request.variables,
            operationName: request.operationName ?? undefined,
          })
    ) as ExecutionResult;
    if (result.data === undefined && !mustAnswer) return undefined;
    return this.answer(result);
  }

  /** An execution result as Apollo Server formats it: errors through `formatError`, HTTP status from `extensions.http`. */
  answer(result: ExecutionResult): DirectAnswer {
    let status = 200;
    const errors = result.errors?.map((error) => {
      let formatted: GraphQLFormattedError;
      try {
        const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions?.code ?? 'INTERNAL_SERVER_ERROR' };
        const http = extensions.http as { status?: number } | undefined;
        if (http && typeof http === 'object') {
          if (typeof http.status === 'number') status = http.status;
          delete extensions.http;
        }
        formatted = this.formatError({ ...error.toJSON(), extensions }, error);
      } catch {
        formatted = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      return formatted;
    });
    const body = { errors: errors?.length ? errors : undefined, data: result.data, extensions: result.extensions };
    return { status, body, errorCodes: (errors ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN')) };
  }

  private prepared(query: string, operationName: string | undefined): Prepared | undefined {
    // An empty name is a name (of no operation: Apollo Server answers it), not the absence of one.
    const key = operationName === undefined ? query : `${operationName}\u0000${query}`;
    let prepared = this.operations.get(key);
    if (prepared === undefined) {
      prepared = this.compile(query, operationName);
      if (this.operations.size >= this.maxOperations) this.operations.delete(this.operations.keys().next().value!);
    } else this.operations.delete(key);
    this.operations.set(key, prepared);
    return prepared ?? undefined;
  }

  /** Parsed, validated and judged plain once per text: null when Apollo Server must answer it. */
  private compile(query: string, operationName: string | undefined): Prepared | null {
    // Introspection is Apollo Server's to allow or refuse (it depends on the environment).
    if (/__(schema|type)\b/.test(query)) return null;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return null;
    }
    // Queries and mutations run here (a subscription is Apollo Server's to refuse).
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation === 'subscription') return null;
    if (validate(this.schema, document).length > 0) return null;
    // graphql-jit coerces variables of input object types without their fields' defaults (a
    // defaulted non-null field is refused, a defaulted nullable one left out): graphql-js runs those.
    const compiled = jitSafeVariables(this.schema, operation) ? compileQuery(this.schema, document, operationName) : undefined;
    return {
      document,
      operation,
      operationName: operationName ?? operation.name?.value ?? null,
      hasArguments: /\(/.test(query) || !!operation.variableDefinitions?.length,
      compiled: compiled && isCompiledQuery(compiled) ? compiled : undefined,
    };
  }
}

interface Prepared {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null;
  /** Whether the input guard has anything to look at. */
  hasArguments: boolean;
  compiled?: CompiledQuery;
}

export interface DirectRequest extends Prepared {
  variables?: Record<string, unknown>;
}

export interface DirectAnswer {
  status: number;
  body: { errors?: GraphQLFormattedError[]; data?: unknown; extensions?: unknown };
  /** The codes of the errors answered (for the access line and metrics). */
  errorCodes: string[];
}

/** Whether no variable of the operation carries an input object type (see `compile`). */
function jitSafeVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  return (operation.variableDefinitions ?? []).every((definition) => {
    const type = typeFromAST(schema, definition.type);
    return !!type && !isInputObjectType(getNamedType(type));
  });
}

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';
const CALLBACK_TYPE = 'application/json; callbackSpec=1.0; charset=utf-8';
const contentTypes = new Map<string, string | undefined>();

/**
 * The content type Apollo Server chooses for a single result, negotiated as it negotiates it (once
 * per distinct `accept` header): undefined when it is not plain JSON, for Apollo Server to answer.
 */
export function singleResultContentType(accept: string | undefined): string | undefined {
  if (!accept) return JSON_TYPE;
  if (contentTypes.has(accept)) return contentTypes.get(accept);
  const chosen = new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, GRAPHQL_RESPONSE_TYPE, CALLBACK_TYPE]);
  const type = chosen === JSON_TYPE || chosen === GRAPHQL_RESPONSE_TYPE ? chosen : undefined;
  if (contentTypes.size >= 100) contentTypes.clear();
  contentTypes.set(accept, type);
  return type;
}
