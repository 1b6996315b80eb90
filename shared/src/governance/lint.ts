import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type TypeNode,
} from 'graphql';
import { SENSITIVITY_CLASSES } from './directives';

/**
 * The composition lint: the governance rules a subgraph schema must meet before the gateway will
 * compose it. It runs on each subgraph's own SDL, so a violation names the team that has to fix it,
 * and it is pure — it reports, the caller decides (the gateway refuses the composition).
 */
export type LintRule =
  | 'owner-required'
  | 'audited-required'
  | 'sensitive-needs-access-control'
  | 'brand-owned-needs-brand-scope'
  | 'sensitive-class-unknown';

export interface LintViolation {
  subgraph: string;
  /** Schema coordinate: `Type` for a type-level rule, `Type.field` for a field-level one. */
  coordinate: string;
  rule: LintRule;
  message: string;
}

/** One line naming subgraph, coordinate and rule, then what to do: it is read in a deploy log. */
export function formatViolation(v: LintViolation): string {
  return `[${v.subgraph}] ${v.coordinate}: ${v.rule} — ${v.message}`;
}

export function lintSubgraphs(subgraphs: readonly { name: string; sdl: string }[]): LintViolation[] {
  return subgraphs.flatMap(({ name, sdl }) => lintSubgraph(name, sdl));
}

/** Throws graphql's syntax error if `sdl` does not parse; a schema that does not parse has no lint. */
export function lintSubgraph(subgraph: string, sdl: string): LintViolation[] {
  return lintDocument(subgraph, parse(sdl));
}

export function lintDocument(subgraph: string, document: DocumentNode): LintViolation[] {
  const roots = rootTypeNames(document);
  const violations: LintViolation[] = [];
  const report = (coordinate: string, rule: LintRule, message: string) =>
    violations.push({ subgraph, coordinate, rule, message });

  for (const type of objectTypes(document)) {
    const root = roots.get(type.name);
    if (root === undefined) {
      if (!type.directives.some(named('owner'))) {
        report(type.name, 'owner-required', 'add @owner(team: "...") to the type, naming the team with decision rights over it');
      }
      if (isBrandOwned(type) && !type.directives.some(named('brandScoped'))) {
        report(
          type.name,
          'brand-owned-needs-brand-scope',
          'its rows belong to a brand: add @brandScoped(by: "...") to the type, naming the field that carries the brand id',
        );
      }
    }

    for (const field of type.fields) {
      const coordinate = `${type.name}.${field.name.value}`;
      const directives = field.directives ?? [];
      if (root !== undefined && !directives.some(named('owner'))) {
        report(coordinate, 'owner-required', 'add @owner(team: "...") to the root field, naming the team with decision rights over it');
      }
      if (root === 'mutation') {
        const action = stringArgument(directives.find(named('audited')), 'action');
        if (!action?.trim()) {
          report(
            coordinate,
            'audited-required',
            'every mutation must declare @audited(action: "...") with a non-empty action, and write that ledger entry in its transaction',
          );
        }
      }
      const sensitive = directives.find(named('sensitive'));
      if (sensitive) {
        if (!directives.some(isAccessControl) && !type.directives.some(isAccessControl)) {
          report(
            coordinate,
            'sensitive-needs-access-control',
            'a @sensitive field must be access-controlled: add @requiresScopes(scopes: ...) or @policy(policies: ...) to the field or its type',
          );
        }
        const sensitivity = stringArgument(sensitive, 'class');
        if (!(SENSITIVITY_CLASSES as readonly (string | undefined)[]).includes(sensitivity)) {
          report(
            coordinate,
            'sensitive-class-unknown',
            `@sensitive(class: ${JSON.stringify(sensitivity ?? null)}) is not a known class: use one of ${SENSITIVITY_CLASSES.join(', ')}`,
          );
        }
      }
    }
  }
  return violations;
}

type RootOperation = 'query' | 'mutation' | 'subscription';

/**
 * An object type as the subgraph declares it across all of its definitions (`type X` and any
 * `extend type X`): a type-level directive on any one of them counts for the type.
 */
interface MergedObjectType {
  name: string;
  directives: readonly ConstDirectiveNode[];
  fields: readonly FieldDefinitionNode[];
}

/**
 * Object types by name, definitions and extensions merged, federation's own (`_Service`, `_Entity`)
 * and its root fields (`_service`, `_entities`) left out: they are generated, nobody owns them.
 */
function objectTypes(document: DocumentNode): MergedObjectType[] {
  const byName = new Map<string, { directives: ConstDirectiveNode[]; fields: FieldDefinitionNode[] }>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const node: ObjectTypeDefinitionNode | ObjectTypeExtensionNode = definition;
    if (isInternal(node.name.value)) continue;
    const merged = byName.get(node.name.value) ?? { directives: [], fields: [] };
    merged.directives.push(...(node.directives ?? []));
    merged.fields.push(...(node.fields ?? []).filter((field) => !isInternal(field.name.value)));
    byName.set(node.name.value, merged);
  }
  return [...byName].map(([name, merged]) => ({ name, ...merged }));
}

/** Root type names, from `schema { ... }` / `extend schema { ... }` if given, else the defaults. */
function rootTypeNames(document: DocumentNode): Map<string, RootOperation> {
  const declared = new Map<string, RootOperation>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const { operation, type } of definition.operationTypes ?? []) declared.set(type.name.value, operation as RootOperation);
  }
  if (declared.size > 0) return declared;
  return new Map([
    ['Query', 'query'],
    ['Mutation', 'mutation'],
    ['Subscription', 'subscription'],
  ]);
}

/** `Brand` itself, or a type that points at its brand through a `brand: Brand` field. */
function isBrandOwned(type: MergedObjectType): boolean {
  return type.name === 'Brand' || type.fields.some((field) => field.name.value === 'brand' && namedType(field.type) === 'Brand');
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/**
 * Access control is the standard federation directives, so any router enforces it. Also accepted
 * under federation's namespaced names, for a subgraph that does not import them.
 */
function isAccessControl(directive: ConstDirectiveNode): boolean {
  return ['requiresScopes', 'policy', 'federation__requiresScopes', 'federation__policy'].includes(directive.name.value);
}

function named(name: string): (directive: ConstDirectiveNode) => boolean {
  return (directive) => directive.name.value === name;
}

function stringArgument(directive: ConstDirectiveNode | undefined, name: string): string | undefined {
  const value = directive?.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING || value?.kind === Kind.ENUM ? value.value : undefined;
}

function isInternal(name: string): boolean {
  return name.startsWith('_');
}
