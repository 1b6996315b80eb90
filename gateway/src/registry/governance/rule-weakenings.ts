import { weakenings, type ElementRules, type GovernanceRules } from '../../../../shared/src/governance/rules';

/** One way a type or field asks less of callers, or stopped applying a data rule. */
export interface Weakening {
  coordinate: string;
  change: string;
}

/** The rules a coordinate had: a type's (coordinate `Sku`) or a field's (`Sku.unitCost`). */
export interface CoordinateRules {
  rules: ElementRules;
  /** For a field: the type it returns, whose own access rules also guard it. */
  returnType?: string;
}

/** Every type and field coordinate of a schema with its rules. */
export function coordinateRules(schema: GovernanceRules): Map<string, CoordinateRules> {
  const all = new Map<string, CoordinateRules>();
  for (const type of schema.types.values()) {
    all.set(type.name, { rules: type.rules });
    for (const field of type.fields.values()) all.set(field.coordinate, { rules: field.rules, returnType: field.returnType });
  }
  return all;
}

/** Only who may select it: the rules `@requiresScopes`, `@policy` and `@authenticated` make. */
function accessOf(schema: GovernanceRules, coordinate: string, returnType: string): ElementRules {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const access = schema.accessFor(typeName, fieldName, returnType);
  return { scopes: access?.scopes ?? [], policies: access?.policies ?? [], authenticated: access?.authenticated ?? false };
}

/**
 * How each coordinate present in both schemas got weaker from `before` to `after`. A field that now
 * returns another type is also judged by the access rules of the type it returns, so swapping a
 * guarded type for an unguarded one is seen on the field.
 */
export function weakeningsBetween(before: GovernanceRules, after: GovernanceRules): Weakening[] {
  const found: Weakening[] = [];
  const now = coordinateRules(after);
  for (const [coordinate, was] of coordinateRules(before)) {
    const is = now.get(coordinate);
    if (!is) continue;
    for (const change of weakenings(was.rules, is.rules)) found.push({ coordinate, change });
    if (was.returnType && is.returnType && was.returnType !== is.returnType) {
      for (const change of weakenings(accessOf(before, coordinate, was.returnType), accessOf(after, coordinate, is.returnType))) {
        found.push({ coordinate, change: `through its type (${was.returnType} → ${is.returnType}): ${change}` });
      }
    }
  }
  return found;
}

/**
 * Coordinates that come back (absent now, present in `after`) weaker than they last were: a field
 * removed from one subgraph and added again, in the same one or another, without its rules.
 * `lastKnown` holds, for each such coordinate, the rules it had when last served.
 */
export function weakeningsOfReturning(
  lastKnown: ReadonlyMap<string, CoordinateRules & { supergraphVersion: number }>,
  after: GovernanceRules,
): Weakening[] {
  const found: Weakening[] = [];
  const now = coordinateRules(after);
  for (const [coordinate, was] of lastKnown) {
    const is = now.get(coordinate);
    if (!is) continue;
    for (const change of weakenings(was.rules, is.rules)) {
      found.push({ coordinate, change: `${change} (since it was last served, in supergraph version ${was.supergraphVersion})` });
    }
  }
  return found;
}
