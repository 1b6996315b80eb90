import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode, type TypeNode } from 'graphql';
import { satisfiesPolicies } from '../auth/policies';
import { grantedScopes, satisfiesAny, type Principal } from '../auth/principal';

/**
 * The governance rules of a schema, parsed once from its SDL — a subgraph's own schema or a
 * composed supergraph — and read by everyone who enforces or checks them: the gateway plugin (what
 * a caller may select), the subgraph enforcement (rows, brands, access log, audit), the composition
 * lint (what every schema must declare) and the registry (which publishes weaken governance).
 */

/** `[[a, b], [c]]`: alternatives, each a set of names that must all hold. */
export type Alternatives = readonly (readonly string[])[];

/** What selecting a type or field demands of the caller. Every entry of `scopes`/`policies` must hold. */
export interface AccessRule {
  scopes: Alternatives[];
  policies: Alternatives[];
  authenticated: boolean;
}

/** Everything the governance directives say about one type or field. */
export interface ElementRules extends AccessRule {
  /** `@owner(team:)` */
  owner?: string;
  /** `@brandScoped(by:)`: on a type the row's brand-id key, on a root field the argument naming a brand slug. */
  brandScopedBy?: string;
  /** `@brandsOf(entity:, id:)` on a mutation: it changes the entity whose id is in that argument; its brands are the brands changed. */
  brandsOf?: { entity: string; id: string };
  /** `@sensitive(class:)` */
  sensitive?: string;
  /** `@audited(action:)` */
  audited?: string;
  /** `@cost(weight:)` (demand control): what selecting it costs, instead of the default. */
  cost?: number;
  /** `@listSize(...)` (demand control): how long the list it returns is taken to be. */
  listSize?: ListSize;
}

/** Federation's `@listSize`: an assumed size, or the arguments that slice the list (and the fields they size). */
export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument?: boolean;
}

export type RootOperation = 'query' | 'mutation' | 'subscription';

export interface FieldRules {
  name: string;
  coordinate: string;
  /** The named type the field returns (lists and non-null unwrapped). */
  returnType: string;
  arguments: readonly string[];
  rules: ElementRules;
}

export interface TypeRules {
  name: string;
  kind: 'object' | 'interface';
  /** Set on the root types. */
  root?: RootOperation;
  rules: ElementRules;
  fields: ReadonlyMap<string, FieldRules>;
}

const emptyRules = (): ElementRules => ({ scopes: [], policies: [], authenticated: false });

export class GovernanceRules {
  private constructor(readonly types: ReadonlyMap<string, TypeRules>) {}

  /**
   * Object and interface types, their definitions and extensions merged (a type-level directive on
   * any of them counts for the type). Federation's own elements (`_Service`, `_entities`, …) are
   * left out: they are generated, nobody owns them.
   */
  static fromSdl(sdl: string | DocumentNode): GovernanceRules {
    const document = typeof sdl === 'string' ? parse(sdl) : sdl;
    const roots = rootTypeNames(document);
    const types = new Map<string, TypeRules & { fields: Map<string, FieldRules> }>();
    for (const definition of document.definitions) {
      let kind: 'object' | 'interface';
      if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) kind = 'object';
      else if (definition.kind === Kind.INTERFACE_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_EXTENSION) kind = 'interface';
      else continue;
      const name = definition.name.value;
      if (isInternal(name)) continue;
      let type = types.get(name);
      if (!type) types.set(name, (type = { name, kind, rules: emptyRules(), fields: new Map() }));
      readDirectives(type.rules, definition.directives ?? []);
      for (const field of definition.fields ?? []) {
        const fieldName = field.name.value;
        if (isInternal(fieldName)) continue;
        const existing = type.fields.get(fieldName);
        const rules = existing?.rules ?? emptyRules();
        readDirectives(rules, field.directives ?? []);
        type.fields.set(fieldName, {
          name: fieldName,
          coordinate: `${name}.${fieldName}`,
          returnType: namedType(field.type),
          arguments: (field.arguments ?? []).map((a) => a.name.value),
          rules,
        });
      }
    }
    for (const [name, root] of roots) {
      const type = types.get(name);
      if (type) types.set(name, { ...type, root });
    }
    return new GovernanceRules(types);
  }

  type(name: string): TypeRules | undefined {
    return this.types.get(name);
  }

  field(typeName: string, fieldName: string): FieldRules | undefined {
    return this.types.get(typeName)?.fields.get(fieldName);
  }

  /** What selecting `type.field` demands: the field's own rules and those of the type it returns. */
  accessFor(typeName: string, fieldName: string, returnType?: string): AccessRule | undefined {
    const field = this.field(typeName, fieldName);
    const target = this.types.get(returnType ?? field?.returnType ?? '');
    if (!field && !target) return undefined;
    const access = {
      scopes: [...(field?.rules.scopes ?? []), ...(target?.rules.scopes ?? [])],
      policies: [...(field?.rules.policies ?? []), ...(target?.rules.policies ?? [])],
      authenticated: !!(field?.rules.authenticated || target?.rules.authenticated),
    };
    return access.scopes.length || access.policies.length || access.authenticated ? access : undefined;
  }

  /** The key of a brand-owned type's rows that holds the brand id (`@brandScoped(by:)` on the type). */
  brandKeyOf(typeName: string): string | undefined {
    return this.types.get(typeName)?.rules.brandScopedBy;
  }

  /** Which operation a type is the root of, if any. */
  rootOperation(typeName: string): RootOperation | undefined {
    return this.types.get(typeName)?.root;
  }

  /** Every field of every type, for rules that look at all of them (the lint, the registry's governance diff). */
  *fields(): Iterable<FieldRules & { type: TypeRules }> {
    for (const type of this.types.values()) for (const field of type.fields.values()) yield { ...field, type };
  }
}

/** Whether the caller meets an access rule (`granted`: the caller's scopes, when already computed). */
export function grants(access: AccessRule | undefined, principal: Principal, granted: ReadonlySet<string> = grantedScopes(principal)): boolean {
  if (!access) return true;
  return (
    access.scopes.every((alternatives) => satisfiesAny(granted, alternatives)) &&
    access.policies.every((alternatives) => satisfiesPolicies(principal, alternatives))
  );
}

/** A value at a dotted path of a field's arguments, e.g. `input.brand`. */
export function argumentAt(args: Record<string, unknown>, dottedPath: string): unknown {
  return dottedPath.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), args);
}

/**
 * How a coordinate's governance got weaker from `before` to `after`, one line per weakening (none:
 * it is as strict or stricter). Weaker means: some caller who could not select it before can now
 * (a `@requiresScopes` or `@policy` removed or given an alternative that asks less, `@authenticated`
 * removed), or a data rule stopped applying (`@sensitive`, `@brandScoped`, `@brandsOf` removed or
 * changed).
 */
export function weakenings(before: ElementRules | undefined, after: ElementRules | undefined): string[] {
  if (!before) return [];
  const now = after ?? emptyRules();
  const found: string[] = [];
  if (asksLess(before.scopes, now.scopes)) found.push(`@requiresScopes ${describe(before.scopes)} → ${describe(now.scopes)}`);
  if (asksLess(before.policies, now.policies)) found.push(`@policy ${describe(before.policies)} → ${describe(now.policies)}`);
  if (before.authenticated && !now.authenticated) found.push('@authenticated removed');
  if (before.sensitive && now.sensitive !== before.sensitive) found.push(`@sensitive(class: "${before.sensitive}") ${now.sensitive ? `→ "${now.sensitive}"` : 'removed'}`);
  if (before.brandScopedBy && now.brandScopedBy !== before.brandScopedBy) {
    found.push(`@brandScoped(by: "${before.brandScopedBy}") ${now.brandScopedBy ? `→ by: "${now.brandScopedBy}"` : 'removed'}`);
  }
  if (before.brandsOf && (now.brandsOf?.entity !== before.brandsOf.entity || now.brandsOf?.id !== before.brandsOf.id)) {
    found.push(`@brandsOf(entity: "${before.brandsOf.entity}", id: "${before.brandsOf.id}") ${now.brandsOf ? 'changed' : 'removed'}`);
  }
  return found;
}

/**
 * A list of requirements (all must hold, each a set of alternatives) asks less than another when
 * some set of grants meets it but not the other. The smallest grant sets meeting `after` are the
 * combinations of one alternative per requirement; `before` holds for such a set when every one of
 * its requirements has an alternative inside it.
 */
function asksLess(before: readonly Alternatives[], after: readonly Alternatives[]): boolean {
  if (before.length === 0) return false;
  let minimal: Set<string>[] = [new Set()];
  for (const requirement of after) {
    minimal = minimal.flatMap((held) => requirement.map((alternative) => new Set([...held, ...alternative])));
    if (minimal.length > 4096) break; // absurd schemas: judge by what was enumerated
  }
  return minimal.some((held) => !before.every((requirement) => requirement.some((alternative) => alternative.every((n) => held.has(n)))));
}

function describe(requirements: readonly Alternatives[]): string {
  return requirements.length ? requirements.map((r) => JSON.stringify(r)).join(' & ') : 'none';
}

function readDirectives(into: ElementRules, directives: readonly ConstDirectiveNode[]): void {
  for (const directive of directives) {
    const args = Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
    switch (directive.name.value.replace(/^(federation|cost)__/, '')) {
      case 'requiresScopes':
        into.scopes.push(args.scopes as string[][]);
        break;
      case 'policy':
        into.policies.push(args.policies as string[][]);
        break;
      case 'authenticated':
        into.authenticated = true;
        break;
      case 'brandScoped':
        into.brandScopedBy = args.by as string;
        break;
      case 'brandsOf':
        into.brandsOf = { entity: args.entity as string, id: args.id as string };
        break;
      case 'sensitive':
        into.sensitive = args.class as string;
        break;
      case 'owner':
        into.owner = args.team as string;
        break;
      case 'audited':
        into.audited = args.action as string;
        break;
      case 'cost':
        into.cost = Number(args.weight);
        break;
      case 'listSize':
        into.listSize = {
          assumedSize: typeof args.assumedSize === 'number' ? args.assumedSize : undefined,
          slicingArguments: args.slicingArguments as string[] | undefined,
          sizedFields: args.sizedFields as string[] | undefined,
          requireOneSlicingArgument: args.requireOneSlicingArgument !== false,
        };
        break;
    }
  }
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

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function isInternal(name: string): boolean {
  return name.startsWith('_');
}
