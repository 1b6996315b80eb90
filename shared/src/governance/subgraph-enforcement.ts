import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, getNamedType, isListType, isNonNullType, type GraphQLFieldConfig, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import { grantedScopes, mayAccessBrandId, mayAccessBrandSlug, type Principal } from '../auth/principal';
import type { AccessLogBuffer } from '../access-log/access-log.buffer';
import { forbiddenBrandError, isUuid, unauthorizedError } from '../errors';
import type { AuditTrail } from '../ledger/ledger';
import { argumentAt, grants, type GovernanceRules } from './rules';

/** What enforcement needs from a subgraph's per-request context. */
export interface GovernedContext {
  principal: Principal;
  accessLog: AccessLogBuffer;
  audit: AuditTrail;
  /**
   * The brand ids of the entity a mutation changes (`@brandsOf(entity:, id:)`), or null when there
   * is no such entity. Supplied by the subgraph for every entity its mutations name.
   */
  brandsOfEntity(entity: string, id: string): Promise<string[] | null>;
}

/**
 * The subgraph's own enforcement of the governance directives, applied to its built schema:
 *
 * - `@requiresScopes` / `@policy` on a field or its type are checked again (the gateway removes such
 *   fields before planning; this is defence in depth for anything that reaches a subgraph anyway);
 * - `@brandScoped(by:)` on a type: every row of that type a field returns is checked against the
 *   caller's brands — lists are filtered, a single row of another brand becomes null with
 *   FORBIDDEN_BRAND — including entities reached through `_entities`;
 * - `@brandScoped(by:)` on a root field: the argument it names must be one of the caller's brands;
 * - `@brandsOf(entity:, id:)` on a mutation: a brand-restricted caller must hold every brand of the
 *   entity it changes (an entity of no brand is for portfolio-wide callers only);
 * - `@audited(action:)`: the mutation runs inside the request's audit trail, which refuses one that
 *   recorded nothing;
 * - `@sensitive`: every read is recorded in the request's access-log buffer.
 *
 * Fields with none of these keep their resolver untouched.
 */
export function enforceGovernance(schema: GraphQLSchema, rules: GovernanceRules): GraphQLSchema {
  const rootTypes = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name].filter(Boolean));

  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      const returnType = getNamedType(fieldConfig.type);
      const field = rules.field(typeName, fieldName)?.rules;
      const access = rules.accessFor(typeName, fieldName, returnType.name);
      const isRoot = rootTypes.has(typeName);
      const rootBrandArgument = isRoot ? field?.brandScopedBy : undefined;
      const brandsOf = isRoot ? field?.brandsOf : undefined;
      const isEntities = fieldName === '_entities' && isRoot;
      const rowBrandKey = fieldName === '_entities' ? undefined : rules.brandKeyOf(returnType.name);
      const sensitive = field?.sensitive;
      const parentBrandKey = sensitive ? rules.brandKeyOf(typeName) : undefined;
      const auditedAction = isRoot ? field?.audited : undefined;

      if (!access && !rootBrandArgument && !brandsOf && !rowBrandKey && !sensitive && !isEntities && !auditedAction) return fieldConfig;

      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      const governed: GraphQLFieldConfig<any, GovernedContext> = {
        ...fieldConfig,
        resolve: async (source, args, context, info) => {
          const { principal } = context;
          if (access && !grants(access, principal, grantedScopes(principal))) throw unauthorizedError(coordinate);
          if (rootBrandArgument) {
            const slug = argumentAt(args, rootBrandArgument);
            if (typeof slug === 'string' && !mayAccessBrandSlug(principal, slug)) throw forbiddenBrandError(`Brand "${slug}"`);
          }
          if (brandsOf) await requireEntityBrands(context, brandsOf.entity, argumentAt(args, brandsOf.id));
          const run = () => resolve(source, args, context, info);
          let result = auditedAction ? await context.audit.mutation(auditedAction, coordinate, async () => run()) : await run();
          if (rowBrandKey) result = await scopeRows(result, fieldConfig.type, rowBrandKey, principal, returnType.name);
          if (isEntities) result = await scopeEntities(result, args.representations, (t) => rules.brandKeyOf(t), principal);
          if (sensitive && result !== null && result !== undefined) {
            const brandId = parentBrandKey ? (source?.[parentBrandKey] as string | undefined) : undefined;
            context.accessLog.record(coordinate, brandId ?? null);
          }
          return result;
        },
      };
      return governed;
    },
  });
}

/**
 * A brand-restricted caller may change an entity only if it holds every brand the entity belongs
 * to. An id that names nothing passes (the resolver answers NOT_FOUND); an entity of no brand is
 * portfolio-level and needs an unrestricted caller.
 */
async function requireEntityBrands(context: GovernedContext, entity: string, id: unknown): Promise<void> {
  const { principal } = context;
  if (principal.brandIds === '*' || typeof id !== 'string' || !isUuid(id)) return;
  const brandIds = await context.brandsOfEntity(entity, id.toLowerCase());
  if (brandIds === null) return;
  if (brandIds.length === 0) throw forbiddenBrandError(`This ${entity} belongs to no single brand; only a portfolio-wide caller may change it, and it`);
  if (!brandIds.every((brandId) => mayAccessBrandId(principal, brandId))) throw forbiddenBrandError(`This ${entity}`);
}

/** Lists lose the rows of other brands; a single row of another brand is refused. */
async function scopeRows(result: unknown, type: GraphQLOutputType, brandKey: string, principal: Principal, typeName: string): Promise<unknown> {
  const unwrapped = isNonNullType(type) ? type.ofType : type;
  if (result === null || result === undefined) return result;
  if (isListType(unwrapped)) {
    const rows = await Promise.all(result as unknown[]);
    return rows.filter((row) => row === null || mayAccessBrandId(principal, (row as Record<string, string>)[brandKey]));
  }
  if (!mayAccessBrandId(principal, (result as Record<string, string>)[brandKey])) {
    throw forbiddenBrandError(`This ${typeName}`);
  }
  return result;
}

/** `_entities`: each representation names its type; a row of another brand becomes null with FORBIDDEN_BRAND. */
async function scopeEntities(
  result: unknown,
  representations: { __typename: string }[],
  brandKeyOf: (typeName: string) => string | undefined,
  principal: Principal,
): Promise<unknown> {
  const rows = await Promise.all(result as unknown[]);
  return rows.map((row, i) => {
    const typeName = representations[i]?.__typename;
    const key = typeName ? brandKeyOf(typeName) : undefined;
    if (!key || row === null || row === undefined || row instanceof Error) return row;
    return mayAccessBrandId(principal, (row as Record<string, string>)[key]) ? row : forbiddenBrandError(`This ${typeName}`);
  });
}
