import type { DocumentNode } from 'graphql';
import { SENSITIVITY_CLASSES } from './directives';
import { GovernanceRules, type ElementRules, type TypeRules } from './rules';

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
  | 'sensitive-class-unknown'
  | 'mutation-brands-required';

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
export function lintSubgraph(subgraph: string, sdl: string | DocumentNode): LintViolation[] {
  return lintRules(subgraph, GovernanceRules.fromSdl(sdl));
}

export function lintRules(subgraph: string, rules: GovernanceRules): LintViolation[] {
  const violations: LintViolation[] = [];
  const report = (coordinate: string, rule: LintRule, message: string) => violations.push({ subgraph, coordinate, rule, message });

  for (const type of rules.types.values()) {
    if (type.kind !== 'object') continue;
    if (!type.root) {
      if (!type.rules.owner) {
        report(type.name, 'owner-required', 'add @owner(team: "...") to the type, naming the team with decision rights over it');
      }
      if (isBrandOwned(type) && !type.rules.brandScopedBy) {
        report(
          type.name,
          'brand-owned-needs-brand-scope',
          'its rows belong to a brand: add @brandScoped(by: "...") to the type, naming the field that carries the brand id',
        );
      }
    }

    for (const field of type.fields.values()) {
      const { coordinate, rules: f } = field;
      if (type.root && !f.owner) {
        report(coordinate, 'owner-required', 'add @owner(team: "...") to the root field, naming the team with decision rights over it');
      }
      if (type.root === 'mutation') {
        if (!f.audited?.trim()) {
          report(
            coordinate,
            'audited-required',
            'every mutation must declare @audited(action: "...") with a non-empty action, and write that ledger entry in its transaction',
          );
        }
        const portfolioWide = f.policies.some((alternatives) => alternatives.every((all) => all.includes('portfolio-wide')));
        if (!f.brandScopedBy && !f.brandsOf && !portfolioWide) {
          report(
            coordinate,
            'mutation-brands-required',
            'say whose brands this mutation changes: @brandScoped(by: "<argument with a brand slug>"), ' +
              '@brandsOf(entity: "<Type>", id: "<argument with its id>"), or @policy(policies: [["portfolio-wide"]])',
          );
        } else if (f.brandScopedBy && !field.arguments.includes(f.brandScopedBy.split('.')[0]!)) {
          report(coordinate, 'mutation-brands-required', `@brandScoped(by: "${f.brandScopedBy}") names no argument of the mutation`);
        } else if (f.brandsOf && !field.arguments.includes(f.brandsOf.id.split('.')[0]!)) {
          report(coordinate, 'mutation-brands-required', `@brandsOf(id: "${f.brandsOf.id}") names no argument of the mutation`);
        }
      }
      if (f.sensitive !== undefined) {
        const controlled = (r: ElementRules) => r.scopes.length > 0 || r.policies.length > 0;
        if (!controlled(f) && !controlled(type.rules)) {
          report(
            coordinate,
            'sensitive-needs-access-control',
            'a @sensitive field must be access-controlled: add @requiresScopes(scopes: ...) or @policy(policies: ...) to the field or its type',
          );
        }
        if (!(SENSITIVITY_CLASSES as readonly string[]).includes(f.sensitive)) {
          report(
            coordinate,
            'sensitive-class-unknown',
            `@sensitive(class: ${JSON.stringify(f.sensitive ?? null)}) is not a known class: use one of ${SENSITIVITY_CLASSES.join(', ')}`,
          );
        }
      }
    }
  }
  return violations;
}

/** `Brand` itself, or a type that points at its brand through a `brand: Brand` field. */
function isBrandOwned(type: TypeRules): boolean {
  return type.name === 'Brand' || type.fields.get('brand')?.returnType === 'Brand';
}
