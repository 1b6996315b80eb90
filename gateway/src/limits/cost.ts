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
  const root = walk.schema.getRootType(operation.operation);
  if (!root || !data || typeof data !== 'object') return 0;
  return valueCost(walk, operation.selectionSet, root, data as Record<string, unknown>, operation.operation === 'mutation');
}

function valueCost(walk: Walk, set: SelectionSetNode, parent: GraphQLCompositeType, object: Record<string, unknown>, mutationRoot: boolean): number {
  let total = 0;
  const typename = typeof object.__typename === 'string' ? walk.schema.getType(object.__typename) : undefined;
  for (const field of fieldsOf(walk, set, parent)) {
    if (typename && field.parent !== parent && field.parent !== typename && isObjectType(field.parent)) continue;
    const key = field.node.alias?.value ?? field.node.name.value;
    if (!(key in object)) continue;
    const definition = isObjectType(field.parent) || isInterfaceType(field.parent) ? field.parent.getFields()[field.node.name.value] : undefined;
    if (!definition) continue;
    const named = getNamedType(definition.type);
    const own = walk.rules.field(field.parent.name, definition.name)?.rules.cost ?? walk.rules.type(named.name)?.rules.cost ?? (isCompositeType(named) ? 1 : 0);
    const items = flatten(object[key]);
    total += mutationRoot ? walk.model.mutationCost : 0;
    for (const item of items) {
      total += own;
      if (field.node.selectionSet && isCompositeType(named) && item && typeof item === 'object') {
        total += valueCost(walk, field.node.selectionSet, named, item as Record<string, unknown>, false);
      }
    }
  }
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

function flatten(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}
