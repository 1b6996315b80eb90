import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Principal } from '../../shared/src/auth/principal';

/**
 * What the gateway works out about an operation before planning (its limits and cost, what
 * governance removes from it), remembered per supergraph and per parsed document: Apollo Server
 * hands out the same `DocumentNode` for the same operation text (its document store), and a new
 * supergraph is a new schema object, so a hot reload starts afresh without anything to clear.
 *
 * Within a document, `key` says what else the answer depends on (operation name, caller rights,
 * variables). At most `perDocument` answers are kept per document; past that the oldest goes.
 */
export class OperationMemo<T> {
  private readonly bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, T>>>();

  constructor(private readonly perDocument = 256) {}

  get(schema: GraphQLSchema, document: DocumentNode, key: string, compute: () => T): T {
    let byDocument = this.bySchema.get(schema);
    if (!byDocument) this.bySchema.set(schema, (byDocument = new WeakMap()));
    let answers = byDocument.get(document);
    if (!answers) byDocument.set(document, (answers = new Map()));
    if (answers.has(key)) return answers.get(key)!;
    const value = compute();
    answers.set(key, value);
    if (answers.size > this.perDocument) answers.delete(answers.keys().next().value!);
    return value;
  }
}

/**
 * A caller's rights as far as reads go: roles, scopes, brand slugs and brand ids. Two callers with
 * the same rights see the same graph — no read resolver looks at `sub` (only mutations record who
 * acted), which is what lets operation verdicts and subgraph fetches be shared by rights.
 */
export function rightsKey(principal: Pick<Principal, 'roles' | 'scopes' | 'brands' | 'brandIds'>): string {
  const sorted = (list: readonly string[] | '*') => (list === '*' ? '*' : [...list].sort());
  return JSON.stringify([sorted(principal.roles), sorted(principal.scopes), sorted(principal.brands), sorted(principal.brandIds)]);
}

/** The variables part of a memo key: none when the operation declares none (the common case costs nothing). */
export function variablesKey(variables: Record<string, unknown> | undefined): string {
  return variables && Object.keys(variables).length > 0 ? JSON.stringify(variables) : '';
}
