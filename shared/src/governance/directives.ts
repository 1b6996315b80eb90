/**
 * The governance vocabulary every subgraph uses, declared once.
 *
 * Standard federation directives first (`@authenticated`, `@requiresScopes`, `@policy`), so the
 * supergraph keeps its meaning under any federation router; then Trellis's own, from one linked spec
 * and carried into the supergraph with `@composeDirective`:
 *
 * - `@owner(team:)` — the team with decision rights over a type or field.
 * - `@brandScoped(by:)` — rows belong to a brand. On a type, `by` names the row's brand-id key
 *   (e.g. `brandId`, or `id` on Brand itself); on a root field, `by` names the argument that carries
 *   a brand slug (a dotted path into an input object, e.g. `input.brand`).
 * - `@brandsOf(entity:, id:)` — on a mutation: it changes the entity of that type whose id is in the
 *   argument `id`; the brands it changes are that entity's brands (a partner's are its contracts'
 *   brands), and a brand-restricted caller needs all of them.
 * - `@sensitive(class:)` — commercial or personal data; every read is access-logged.
 * - `@audited(action:)` — the mutation writes a ledger entry in the same transaction.
 */
export const GOVERNANCE_SPEC_URL = 'https://specs.trellis.dev/governance/v0.1';

export const TRELLIS_DIRECTIVES = ['owner', 'brandScoped', 'brandsOf', 'sensitive', 'audited'] as const;

export const GOVERNANCE_DIRECTIVE_DEFINITIONS = /* GraphQL */ `
directive @owner(team: String!) on OBJECT | INTERFACE | FIELD_DEFINITION
directive @brandScoped(by: String!) on OBJECT | INTERFACE | FIELD_DEFINITION
directive @brandsOf(entity: String!, id: String!) on FIELD_DEFINITION
directive @sensitive(class: String!) on FIELD_DEFINITION
directive @audited(action: String!) on FIELD_DEFINITION
`;

/**
 * The schema header of every Trellis subgraph: federation 2.9 (the first with the demand-control
 * directives `@cost` and `@listSize`; `@policy` came in 2.6) plus the governance spec.
 */
export const SUBGRAPH_SCHEMA_HEADER = /* GraphQL */ `
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@composeDirective", "@authenticated", "@requiresScopes", "@policy", "@cost", "@listSize"])
  @link(url: "${GOVERNANCE_SPEC_URL}", import: ["@owner", "@brandScoped", "@brandsOf", "@sensitive", "@audited"])
  @composeDirective(name: "@owner")
  @composeDirective(name: "@brandScoped")
  @composeDirective(name: "@brandsOf")
  @composeDirective(name: "@sensitive")
  @composeDirective(name: "@audited")
${GOVERNANCE_DIRECTIVE_DEFINITIONS}`;

/** Sensitivity classes `@sensitive(class:)` accepts. */
export const SENSITIVITY_CLASSES = ['COMMERCIAL', 'PERSONAL'] as const;
