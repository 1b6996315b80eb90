import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { ErrorCode } from '../../../shared/src/errors';

/** The shape limits of one operation, checked before it is planned. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxDirectivesPerField: number;
  maxTokens: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 20,
  maxDirectivesPerField: 4,
  maxTokens: 5_000,
};

export interface OperationShape {
  /** The deepest field nesting, fragments expanded; introspection subtrees (`__schema`, `__type`) left out. */
  depth: number;
  /** Aliased fields, counted as often as their fragments are spread. */
  aliases: number;
  /** Fields selected on the root type, fragments expanded. */
  rootFields: number;
  /** The most directives on any one field. */
  directivesPerField: number;
}

export interface LimitViolation {
  code: ErrorCode;
  limit: number;
  measured: number;
  message: string;
}

/** Measures an operation in one walk, expanding fragments where they are spread. */
export function measureOperation(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): OperationShape {
  const shape: OperationShape = { depth: 0, aliases: 0, rootFields: 0, directivesPerField: 0 };
  const walk = (set: SelectionSetNode, depth: number, root: boolean, expanding: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (root) shape.rootFields += 1;
        if (selection.alias) shape.aliases += 1;
        shape.directivesPerField = Math.max(shape.directivesPerField, selection.directives?.length ?? 0);
        if (selection.name.value.startsWith('__')) continue;
        shape.depth = Math.max(shape.depth, depth);
        if (selection.selectionSet) walk(selection.selectionSet, depth + 1, false, expanding);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, depth, root, expanding);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Validation refuses cycles; the guard keeps this walk finite whatever it is given.
        if (fragment && !expanding.has(name)) walk(fragment.selectionSet, depth, root, new Set([...expanding, name]));
      }
    }
  };
  walk(operation.selectionSet, 1, true, new Set());
  return shape;
}

/** The first limit an operation exceeds, with the limit and the measured value; null when it fits. */
export function exceededLimit(shape: OperationShape, limits: OperationLimits): LimitViolation | null {
  const checks: [ErrorCode, number, number, string][] = [
    ['DEPTH_LIMIT_EXCEEDED', shape.depth, limits.maxDepth, 'fields nest %m deep; at most %l levels are allowed'],
    ['ALIAS_LIMIT_EXCEEDED', shape.aliases, limits.maxAliases, 'the operation uses %m aliases; at most %l are allowed'],
    ['ROOT_FIELD_LIMIT_EXCEEDED', shape.rootFields, limits.maxRootFields, 'the operation selects %m root fields; at most %l are allowed'],
    ['DIRECTIVE_LIMIT_EXCEEDED', shape.directivesPerField, limits.maxDirectivesPerField, 'a field carries %m directives; at most %l are allowed per field'],
  ];
  for (const [code, measured, limit, text] of checks) {
    if (measured > limit) {
      return { code, limit, measured, message: `Operation refused: ${text.replace('%m', String(measured)).replace('%l', String(limit))}. Split it into smaller operations.` };
    }
  }
  return null;
}

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
}
