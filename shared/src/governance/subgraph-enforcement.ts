import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isListType,
  isNonNullType,
  type GraphQLFieldConfig,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { satisfiesPolicies } from '../auth/policies';
import { grantedScopes, mayAccessBrandId, mayAccessBrandSlug, satisfiesAny, type Principal } from '../auth/principal';
import type { AccessLogBuffer } from '../access-log/access-log.buffer';

/** What enforcement needs from a subgraph's per-request context. */
export interface GovernedContext {
  principal: Principal;
  accessLog: AccessLogBuffer;
  /**
   * The `@audited` action of the mutation being executed; `audited()` records under it. `replay`
   * marks an idempotent repeat of an earlier request, which rightly records nothing new.
   */
  audit?: { action: string; recorded: number; replay?: boolean };
}

export function unauthorizedError(coordinate: string): GraphQLError {
  return new GraphQLError(`Unauthorized field or type: ${coordinate}. Your token lacks the scope or policy it requires.`, {
    extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate },
  });
}

export function forbiddenBrandError(what: string): GraphQLError {
  return new GraphQLError(`${what} belongs to a brand outside the brands of your token.`, {
    extensions: { code: 'FORBIDDEN_BRAND' },
  });
}

/** A value at a dotted path of the arguments, e.g. `input.brand`. */
export function argumentAt(args: Record<string, unknown>, dottedPath: string): unknown {
  return dottedPath.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), args);
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
 * - `@sensitive`: every read is recorded in the request's access-log buffer.
 *
 * Fields with none of these keep their resolver untouched.
 */
export function enforceGovernance(schema: GraphQLSchema): GraphQLSchema {
  const brandKeyOf = (typeName: string): string | undefined => {
    const type = schema.getType(typeName);
    return type ? (getDirective(schema, type as never, 'brandScoped')?.[0]?.by as string | undefined) : undefined;
  };
  const rootTypes = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name].filter(Boolean));

  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      const returnType = getNamedType(fieldConfig.type);
      const fieldScopes = getDirective(schema, fieldConfig, 'requiresScopes')?.[0]?.scopes as string[][] | undefined;
      const typeScopes = getDirective(schema, returnType as never, 'requiresScopes')?.[0]?.scopes as string[][] | undefined;
      const policies = [
        getDirective(schema, fieldConfig, 'policy')?.[0]?.policies as string[][] | undefined,
        getDirective(schema, returnType as never, 'policy')?.[0]?.policies as string[][] | undefined,
      ].filter((p): p is string[][] => !!p);
      const scopes = [fieldScopes, typeScopes].filter((s): s is string[][] => !!s);
      const rootBrandArgument = rootTypes.has(typeName)
        ? (getDirective(schema, fieldConfig, 'brandScoped')?.[0]?.by as string | undefined)
        : undefined;
      const rowBrandKey = fieldName === '_entities' ? undefined : brandKeyOf(returnType.name);
      const sensitive = getDirective(schema, fieldConfig, 'sensitive')?.[0]?.class as string | undefined;
      const parentBrandKey = sensitive ? brandKeyOf(typeName) : undefined;
      const isEntities = fieldName === '_entities' && rootTypes.has(typeName);
      const auditedAction = getDirective(schema, fieldConfig, 'audited')?.[0]?.action as string | undefined;

      if (!scopes.length && !policies.length && !rootBrandArgument && !rowBrandKey && !sensitive && !isEntities && !auditedAction) {
        return fieldConfig;
      }

      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      const governed: GraphQLFieldConfig<any, GovernedContext> = {
        ...fieldConfig,
        resolve: async (source, args, context, info) => {
          const { principal } = context;
          if (scopes.length) {
            const granted = grantedScopes(principal);
            if (!scopes.every((alternatives) => satisfiesAny(granted, alternatives))) throw unauthorizedError(coordinate);
          }
          if (policies.length && !policies.every((alternatives) => satisfiesPolicies(principal, alternatives))) {
            throw unauthorizedError(coordinate);
          }
          if (rootBrandArgument) {
            const slug = argumentAt(args, rootBrandArgument);
            if (typeof slug === 'string' && !mayAccessBrandSlug(principal, slug)) throw forbiddenBrandError(`Brand "${slug}"`);
          }
          // Mutations run one after another, so one slot per request is enough.
          if (auditedAction) context.audit = { action: auditedAction, recorded: 0 };
          let result = await resolve(source, args, context, info);
          if (auditedAction && context.audit!.recorded === 0 && !context.audit!.replay) {
            throw new Error(`${coordinate} is @audited(action: "${auditedAction}") but wrote no ledger entry`);
          }
          if (rowBrandKey) result = await scopeRows(result, fieldConfig.type, rowBrandKey, principal, returnType.name);
          if (isEntities) result = await scopeEntities(result, args.representations, brandKeyOf, principal);
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
