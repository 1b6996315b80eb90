import {
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { GovernanceRules, ListSize } from '../../../shared/src/governance/rules';

/**
 * Demand control, by the standard directives (`@cost`, `@listSize`, Federation 2.9) and the
 * defaults federation routers use:
 *
 * - selecting a field of an object, interface or union type costs 1; a scalar or enum field costs 0;
 *   `@cost(weight:)` on the field, or on the type it returns, replaces that;
 * - a root mutation field costs 10 before its selection;
 * - a field returning a list multiplies what it and its selection cost by the list's size: the
 *   value of its slicing argument (`@listSize(slicingArguments:)`, e.g. `first`), else
 *   `@listSize(assumedSize:)`, else the default list size;
 * - a slicing argument on a field that is not itself a list (a connection) sizes the lists named in
 *   `@listSize(sizedFields:)` below it (e.g. `nodes`, `edges`);
 * - fragments count where they are spread; `@skip`/`@include` that leave a field out leave its cost out.
 *
 * The estimate is an upper bound computed before planning; the actual cost counts the lists the
 * response really holds, with the same weights.
 */
export interface CostModel {
  defaultListSize: number;
  mutationCost: number;
}

export const DEFAULT_COST_MODEL: CostModel = { defaultListSize: 10, mutationCost: 10 };

interface Walk {
  schema: GraphQLSchema;
  rules: GovernanceRules;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  model: CostModel;
}

export function estimateCost(walk: Walk, operation: OperationDefinitionNode): number {
  const root = walk.schema.getRootType(operation.operation);
  if (!root) return 0;
  return selectionCost(walk, operation.selectionSet, root, operation.operation === 'mutation', new Map());
}

/**
 * `sized` carries, from a connection field down to the fields it sizes, the list size its slicing
 * argument asked for.
 */
function selectionCost(walk: Walk, set: SelectionSetNode, parent: GraphQLCompositeType, mutationRoot: boolean, sized: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const field of fieldsOf(walk, set, parent)) {
    const definition = isObjectType(field.parent) || isInterfaceType(field.parent) ? field.parent.getFields()[field.node.name.value] : undefined;
    if (!definition) continue;
    const rules = walk.rules.field(field.parent.name, definition.name)?.rules;
    const named = getNamedType(definition.type);
    const own = rules?.cost ?? walk.rules.type(named.name)?.rules.cost ?? (isCompositeType(named) ? 1 : 0);
    const args = { ...Object.fromEntries(definition.args.filter((a) => a.defaultValue !== undefined).map((a) => [a.name, a.defaultValue])), ...argumentValues(field.node, walk.variables) };
    const slice = sliceOf(rules?.listSize, args);
    const below = new Map<string, number>();
    if (slice !== undefined && !isList(definition.type)) for (const name of rules?.listSize?.sizedFields ?? []) below.set(name, slice);
    const children = field.node.selectionSet && isCompositeType(named) ? selectionCost(walk, field.node.selectionSet, named, false, below) : 0;
    const size = isList(definition.type) ? (sized.get(definition.name) ?? slice ?? rules?.listSize?.assumedSize ?? walk.model.defaultListSize) : 1;
    total += (mutationRoot ? walk.model.mutationCost : 0) + size * (own + children);
  }
  return total;
}

/**
 * What the response really cost: every element of every list the response holds, with the
 * same weights as the estimate.
 */
export function actualCost(walk: Walk, operation: OperationDefinitionNode, data: unknown): number {
  return compileActualCost(walk, operation)(data);
}

/** What `actualCost` counts, worked out once per operation and variables: a function of the response's data. */
export type ActualCost = (data: unknown) => number;

/**
 * `actualCost` with the walk over the operation done once: which fields a selection set selects
 * (fragments expanded, `@skip`/`@include` applied), their weights and the selection sets below
 * them do not depend on the response, so they are compiled here and only the data is walked per
 * response. Counts exactly what `actualCost` counts.
 */
export function compileActualCost(walk: Walk, operation: OperationDefinitionNode): ActualCost {
  const root = walk.schema.getRootType(operation.operation);
  if (!root) return () => 0;
  const plan = compileSet(walk, operation.selectionSet, root, operation.operation === 'mutation');
  return (data) => (data && typeof data === 'object' ? planCost(plan, data as Record<string, unknown>) : 0);
}

interface CostEntry {
  key: string;
  /** The type the field was selected on, when it is an object type other than the set's own: the field counts only on objects of that type. */
  onlyOn?: GraphQLCompositeType;
  own: number;
  /** Added once per field present (a mutation's root fields). */
  fixed: number;
  below?: CostPlan;
}

interface CostPlan {
  schema: GraphQLSchema;
  parent: GraphQLCompositeType;
  entries: CostEntry[];
  /** Whether any entry depends on the object's `__typename`. */
  typed: boolean;
}

function compileSet(walk: Walk, set: SelectionSetNode, parent: GraphQLCompositeType, mutationRoot: boolean): CostPlan {
  const entries: CostEntry[] = [];
  for (const field of fieldsOf(walk, set, parent)) {
    const definition = isObjectType(field.parent) || isInterfaceType(field.parent) ? field.parent.getFields()[field.node.name.value] : undefined;
    if (!definition) continue;
    const named = getNamedType(definition.type);
    const own = walk.rules.field(field.parent.name, definition.name)?.rules.cost ?? walk.rules.type(named.name)?.rules.cost ?? (isCompositeType(named) ? 1 : 0);
    entries.push({
      key: field.node.alias?.value ?? field.node.name.value,
      onlyOn: field.parent !== parent && isObjectType(field.parent) ? field.parent : undefined,
      own,
      fixed: mutationRoot ? walk.model.mutationCost : 0,
      below: field.node.selectionSet && isCompositeType(named) ? compileSet(walk, field.node.selectionSet, named, false) : undefined,
    });
  }
  return { schema: walk.schema, parent, entries, typed: entries.some((e) => e.onlyOn !== undefined) };
}

function planCost(plan: CostPlan, object: Record<string, unknown>): number {
  let total = 0;
  const typename = plan.typed && typeof object.__typename === 'string' ? plan.schema.getType(object.__typename) : undefined;
  for (const entry of plan.entries) {
    if (typename && entry.onlyOn && entry.onlyOn !== typename) continue;
    if (!(entry.key in object)) continue;
    total += entry.fixed;
    total += itemsCost(entry, object[entry.key]);
  }
  return total;
}

/** Every element of a (possibly nested) list, or the one value, counted as `valueCost` counted them. */
function itemsCost(entry: CostEntry, value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) total += itemsCost(entry, item);
    return total;
  }
  let total = entry.own;
  if (entry.below && typeof value === 'object') total += planCost(entry.below, value as Record<string, unknown>);
  return total;
}

/** The fields a selection set selects on `parent`, fragments expanded, fields that `@skip`/`@include` leave out dropped. */
function fieldsOf(walk: Walk, set: SelectionSetNode, parent: GraphQLCompositeType): { node: FieldNode; parent: GraphQLCompositeType }[] {
  const found: { node: FieldNode; parent: GraphQLCompositeType }[] = [];
  const visit = (selections: SelectionSetNode, on: GraphQLCompositeType, seen: ReadonlySet<string>) => {
    for (const selection of selections.selections) {
      if (!included(selection.directives, walk.variables)) continue;
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) found.push({ node: selection, parent: on });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (walk.schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined) : on;
        visit(selection.selectionSet, type ?? on, seen);
      } else {
        const fragment = walk.fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = walk.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
        visit(fragment.selectionSet, type ?? on, new Set([...seen, fragment.name.value]));
      }
    }
  };
  visit(set, parent, new Set());
  return found;
}

function included(directives: FieldNode['directives'], variables: Record<string, unknown>): boolean {
  for (const directive of directives ?? []) {
    const condition = directive.arguments?.find((a) => a.name.value === 'if');
    if (!condition) continue;
    const value = valueFromASTUntyped(condition.value, variables);
    if (directive.name.value === 'skip' && value === true) return false;
    if (directive.name.value === 'include' && value === false) return false;
  }
  return true;
}

function argumentValues(field: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
}

/** The largest slicing argument given, if the field has any. */
function sliceOf(listSize: ListSize | undefined, args: Record<string, unknown>): number | undefined {
  const given = (listSize?.slicingArguments ?? []).map((name) => args[name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return given.length ? Math.max(0, ...given) : undefined;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}
