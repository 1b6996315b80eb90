import { getNamedType, isInterfaceType, isObjectType, Kind, parse, type GraphQLNamedType, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { GovernanceRules } from '../../../shared/src/governance/rules';
import { isQuery } from './fetch-key';

/** What may be done with one subgraph fetch: share it while in flight, and keep its answer. */
export interface FetchVerdict {
  dedup: boolean;
  cache: boolean;
}

const NEVER: FetchVerdict = { dedup: false, cache: false };

/**
 * Judges the queries the planner sends to subgraphs, once per distinct query text and supergraph
 * (the planner sends the same few texts over and over; at most `maxQueries` are remembered).
 *
 * - dedup: a query (never a mutation) that selects no `@sensitive` field — the subgraph writes an
 *   access-log record for each such read, and a shared fetch would make one record for two reads;
 * - cache: the same, and every field it selects is in the subgraph's allow-list (`CACHEABLE_FIELDS`).
 *
 * A field the API schema does not know (an `@inaccessible` one) makes the fetch neither.
 */
export class FetchClassifier {
  private verdicts = new Map<string, FetchVerdict>();
  private schema?: GraphQLSchema;
  private rules?: GovernanceRules;

  constructor(
    private readonly cacheable: Readonly<Record<string, readonly string[]>>,
    private readonly maxQueries = 2_000,
  ) {}

  /** A new supergraph: verdicts start afresh. */
  use(schema: GraphQLSchema, rules: GovernanceRules): void {
    this.schema = schema;
    this.rules = rules;
    this.verdicts = new Map();
  }

  verdict(subgraph: string, query: string | undefined): FetchVerdict {
    if (!query || !isQuery(query) || !this.schema || !this.rules) return NEVER;
    const key = `${subgraph}\u0000${query}`;
    let verdict = this.verdicts.get(key);
    if (!verdict) {
      verdict = judge(this.schema, this.rules, new Set(this.cacheable[subgraph] ?? []), query);
      if (this.verdicts.size >= this.maxQueries) this.verdicts.clear();
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }
}

export function judge(schema: GraphQLSchema, rules: GovernanceRules, allowed: ReadonlySet<string>, query: string): FetchVerdict {
  let document;
  try {
    document = parse(query);
  } catch {
    return NEVER;
  }
  let dedup = true;
  let cache = allowed.size > 0;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const walk = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, entities: boolean): void => {
    for (const selection of set.selections) {
      if (!dedup) return;
      if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) return void (dedup = cache = false);
        const type = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
        walk(fragment.selectionSet, type ?? undefined, false);
        continue;
      }
      const name = selection.name.value;
      if (name === '__typename') continue;
      if (entities) {
        // `_entities(representations:)`: the fields come in fragments on the entity types.
        if (selection.selectionSet) walk(selection.selectionSet, undefined, false);
        continue;
      }
      if (!parent && name === '_entities') {
        walk(selection.selectionSet!, undefined, false);
        continue;
      }
      const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
      if (!parent || !field) return void (dedup = cache = false);
      const coordinate = `${parent.name}.${name}`;
      const named = getNamedType(field.type);
      if (rules.field(parent.name, name)?.rules.sensitive || rules.type(named.name)?.rules.sensitive) return void (dedup = cache = false);
      if (!allowed.has(coordinate)) cache = false;
      if (selection.selectionSet) walk(selection.selectionSet, named, false);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (definition.operation !== 'query') return NEVER;
    // The root: `_entities` has no type in the API schema; anything else is a Query field.
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind === Kind.FIELD && selection.name.value === '_entities') walk(selection.selectionSet!, undefined, false);
      else walk({ kind: Kind.SELECTION_SET, selections: [selection] }, schema.getQueryType() ?? undefined, false);
    }
  }
  return { dedup, cache: dedup && cache };
}
