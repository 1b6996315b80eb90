import { Directive } from 'type-graphql';
import type { Scope } from '../auth/scopes';
import type { SENSITIVITY_CLASSES } from './directives';

/**
 * type-graphql decorators for the governance directives, so schema classes read as policy:
 * `@Owner('inventory-platform') @Sensitive('COMMERCIAL') @RequiresScopes(['costs:read'])`.
 */
const quote = (s: string) => JSON.stringify(s);

export const Owner = (team: string) => Directive(`@owner(team: ${quote(team)})`);
export const BrandScoped = (by: string) => Directive(`@brandScoped(by: ${quote(by)})`);
/** On a mutation: it changes the `entity` whose id is in the argument `id`; that entity's brands are the brands it changes. */
export const BrandsOf = (entity: string, id: string) => Directive(`@brandsOf(entity: ${quote(entity)}, id: ${quote(id)})`);
export const Sensitive = (cls: (typeof SENSITIVITY_CLASSES)[number]) => Directive(`@sensitive(class: ${quote(cls)})`);
export const Audited = (action: string) => Directive(`@audited(action: ${quote(action)})`);
export const Authenticated = () => Directive('@authenticated');
/** Each argument is one alternative: all of its scopes together grant access. */
export const RequiresScopes = (...alternatives: Scope[][]) => Directive(`@requiresScopes(scopes: ${JSON.stringify(alternatives)})`);
export const Policy = (...alternatives: string[][]) => Directive(`@policy(policies: ${JSON.stringify(alternatives)})`);

/** Demand control (Federation 2.9): what selecting this field costs instead of the default (1 for an object, 0 for a scalar). */
export const Cost = (weight: number) => Directive(`@cost(weight: ${weight})`);

/**
 * Demand control: how long the list this field returns is taken to be — `slicingArguments` whose
 * value sizes it (e.g. `first`; on a connection, the lists named in `sizedFields`), else `assumedSize`.
 */
export const ListSize = (size: { assumedSize?: number; slicingArguments?: string[]; sizedFields?: string[]; requireOneSlicingArgument?: boolean }) =>
  Directive(
    `@listSize(${Object.entries(size)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(', ')})`,
  );
