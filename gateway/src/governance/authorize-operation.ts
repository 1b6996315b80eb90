import {
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getOperationAST,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { getDirectiveValues, getVariableValues } from 'graphql/execution/values';
import { grantedScopes, mayAccessBrandSlug, type Principal } from '../../../shared/src/auth/principal';
import { grants, type GovernanceRules } from '../../../shared/src/governance/rules';

export type DenialCode = 'UNAUTHORIZED_FIELD_OR_TYPE' | 'FORBIDDEN_BRAND';

/** One field taken out of the operation before planning. */
export interface Denial {
  code: DenialCode;
  message: string;
  coordinate: string;
  /** Response path of the field; `@` stands for every element of a list (as federation routers do). */
  path: string[];
  /** Where `null` goes: the field itself, or the nearest nullable position above a non-null field. */
  nullPath: string[];
}

export interface AuthorizedOperation {
  /** The operation to plan: the original document when nothing was denied. */
  document: DocumentNode;
  denials: Denial[];
}

/** Response key of the `__typename` that stands in for a selection set that lost all its fields. */
export const PLACEHOLDER = '__trellis_placeholder';
const placeholderSelection: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: PLACEHOLDER },
  name: { kind: Kind.NAME, value: '__typename' },
};

/**
 * Applies the governance rules to one operation before it is planned: fields (and fields of
 * types) the caller lacks scopes or policies for, and root fields whose brand argument names a
 * brand outside the caller's brands, are removed; each removal is reported as a denial so the
 * response can carry `null` and an error at that path. No subgraph is asked for a removed field.
 */
export function authorizeOperation(input: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  rules: GovernanceRules;
  principal: Principal;
}): AuthorizedOperation {
  const { schema, document, rules, principal } = input;
  const operation = getOperationAST(document, input.operationName);
  const rootType = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !rootType) return { document, denials: [] };

  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], input.variables ?? {});
  const variables = coerced.coerced ?? {};
  const granted = grantedScopes(principal);
  const denials: Denial[] = [];

  const brandSlugs = (field: FieldNode, dottedPath: string): string[] => {
    const [argName, ...rest] = dottedPath.split('.');
    const argument = field.arguments?.find((a) => a.name.value === argName);
    if (!argument) return [];
    let value: unknown = valueFromASTUntyped(argument.value, variables);
    for (const key of rest) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  };

  /**
   * A selection `@skip`/`@include` leave out with these variables does not run, so it is judged by
   * nobody: no denial for a field that would not execute. It is dropped from a rewritten document
   * (the answer is the same). When the variables cannot be read, it counts as included.
   */
  const excluded = (selection: SelectionNode): boolean => {
    if (!selection.directives?.length) return false;
    try {
      if (getDirectiveValues(GraphQLSkipDirective, selection, variables)?.if === true) return true;
      return getDirectiveValues(GraphQLIncludeDirective, selection, variables)?.if === false;
    } catch {
      return false;
    }
  };

  /** Returns the filtered selection set, the same object when nothing changed, or null when emptied. */
  const filter = (
    set: SelectionSetNode,
    parentType: GraphQLCompositeType,
    path: string[],
    nullTarget: string[],
    atRoot: boolean,
  ): SelectionSetNode | null => {
    const kept: SelectionNode[] = [];
    let changed = false;
    for (const selection of set.selections) {
      if (excluded(selection)) {
        changed = true;
        continue;
      }
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const fieldDef = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
        if (name.startsWith('__') || !fieldDef) {
          kept.push(selection);
          continue;
        }
        const coordinate = `${parentType.name}.${name}`;
        const fieldPath = [...path, selection.alias?.value ?? name];
        const fieldNull = isNonNullType(fieldDef.type) ? nullTarget : fieldPath;
        const named = getNamedType(fieldDef.type);
        if (!grants(rules.accessFor(parentType.name, name, named.name), principal, granted)) {
          denials.push({
            code: 'UNAUTHORIZED_FIELD_OR_TYPE',
            message: `Unauthorized field or type: ${coordinate}. Your token lacks the scope or policy it requires.`,
            coordinate,
            path: fieldPath,
            nullPath: fieldNull,
          });
          changed = true;
          continue;
        }
        const brandArgument = atRoot ? rules.field(parentType.name, name)?.rules.brandScopedBy : undefined;
        const foreign = brandArgument ? brandSlugs(selection, brandArgument).filter((s) => !mayAccessBrandSlug(principal, s)) : [];
        if (foreign.length > 0) {
          denials.push({
            code: 'FORBIDDEN_BRAND',
            message: `Brand "${foreign[0]}" is outside the brands of your token; ask for one of your own brands.`,
            coordinate,
            path: fieldPath,
            nullPath: fieldNull,
          });
          changed = true;
          continue;
        }
        if (!selection.selectionSet) {
          kept.push(selection);
          continue;
        }
        let childPath = fieldPath;
        let childNull = fieldNull;
        let type = isNonNullType(fieldDef.type) ? fieldDef.type.ofType : fieldDef.type;
        while (isListType(type)) {
          childPath = [...childPath, '@'];
          const item = type.ofType;
          if (!isNonNullType(item)) childNull = childPath;
          type = isNonNullType(item) ? item.ofType : item;
        }
        const sub = filter(selection.selectionSet, named as GraphQLCompositeType, childPath, childNull, false);
        if (sub === selection.selectionSet) kept.push(selection);
        else {
          changed = true;
          kept.push({ ...selection, selectionSet: sub ?? { kind: Kind.SELECTION_SET, selections: [placeholderSelection] } });
        }
        continue;
      }
      // Fragments are inlined, so that every field is visited at the path where it is used.
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : undefined;
      const typeCondition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : fragment?.typeCondition;
      const body = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragment?.selectionSet;
      if (!body) continue;
      const fragmentType = typeCondition ? (schema.getType(typeCondition.name.value) as GraphQLCompositeType) : parentType;
      const sub = filter(body, fragmentType, path, nullTarget, atRoot);
      if (selection.kind === Kind.INLINE_FRAGMENT && sub === body) {
        kept.push(selection);
        continue;
      }
      changed = true;
      if (sub) kept.push({ kind: Kind.INLINE_FRAGMENT, typeCondition, directives: selection.directives, selectionSet: sub });
    }
    if (!changed) return set;
    return kept.length > 0 ? { ...set, selections: kept } : null;
  };

  const selectionSet = filter(operation.selectionSet, rootType, [], [], true);
  if (denials.length === 0) return { document, denials };

  const filtered: OperationDefinitionNode = {
    ...operation,
    selectionSet: selectionSet ?? { kind: Kind.SELECTION_SET, selections: [placeholderSelection] },
  };
  return { document: { kind: Kind.DOCUMENT, definitions: [withoutUnusedVariables(filtered)] }, denials };
}

/** Variables only the removed fields used would make the operation invalid: drop their definitions. */
function withoutUnusedVariables(operation: OperationDefinitionNode): OperationDefinitionNode {
  const used = new Set<string>();
  visit(operation.selectionSet, {
    Variable(node) {
      used.add(node.name.value);
    },
  });
  for (const d of operation.directives ?? []) visit(d, { Variable: (n) => void used.add(n.name.value) });
  return { ...operation, variableDefinitions: operation.variableDefinitions?.filter((v) => used.has(v.variable.name.value)) };
}
