import { createHash } from 'node:crypto';
import { SUBGRAPH_SCHEMA_HEADER } from '../../../shared/src/governance/directives';
import { composeSupergraph, type SubgraphSource } from './compose';

const brands: SubgraphSource = {
  name: 'brands',
  url: 'http://brands.test/graphql',
  sdl: /* GraphQL */ `
${SUBGRAPH_SCHEMA_HEADER}
type Brand @key(fields: "id") @owner(team: "portfolio") @brandScoped(by: "id") {
  id: ID!
  name: String!
}

type Query {
  brands: [Brand!]! @owner(team: "portfolio") @requiresScopes(scopes: [["catalog:read"]])
}
`,
};

const inventory: SubgraphSource = {
  name: 'inventory',
  url: 'http://inventory.test/graphql',
  sdl: /* GraphQL */ `
${SUBGRAPH_SCHEMA_HEADER}
extend type Brand @key(fields: "id") @owner(team: "inventory") @brandScoped(by: "id") {
  id: ID!
  unitCost: Float @sensitive(class: "COMMERCIAL") @policy(policies: [["cost"]])
}

type Mutation {
  adjust(brand: String!, reason: String!): Boolean @owner(team: "inventory") @audited(action: "stock.adjust") @requiresScopes(scopes: [["inventory:write"]]) @brandScoped(by: "brand")
}
`,
};

/** The inventory subgraph with one line of its SDL replaced. */
const inventoryWith = (from: string, to: string): SubgraphSource => ({ ...inventory, sdl: inventory.sdl.replace(from, to) });

describe('composeSupergraph', () => {
  it('composes compliant subgraphs, carrying the governance directives into the supergraph', () => {
    const result = composeSupergraph([brands, inventory]);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const sdl = result.supergraphSdl;
    expect(sdl).toContain('@link(url: "https://specs.trellis.dev/governance/v0.1", import: ["@owner", "@brandScoped", "@brandsOf", "@sensitive", "@audited"])');
    expect(sdl).toContain('@owner(team:');
    expect(sdl).toContain('@audited(action: "stock.adjust")');
    expect(sdl).toContain('@brandScoped(by: "id")');
    expect(sdl).toContain('@sensitive(class: "COMMERCIAL")');
    expect(sdl).toContain('@requiresScopes(scopes: [["catalog:read"]])');
    expect(sdl).toContain('@policy(policies: [["cost"]])');
    expect(result.hash).toBe(createHash('sha256').update(sdl).digest('hex'));
  });

  it('gives the same hash for the same subgraphs', () => {
    const [first, second] = [composeSupergraph([brands, inventory]), composeSupergraph([brands, inventory])];
    expect(first.ok && second.ok && first.hash === second.hash).toBe(true);
  });

  it('refuses a subgraph that fails the lint, naming subgraph, coordinate and rule', () => {
    const result = composeSupergraph([brands, inventoryWith('@owner(team: "inventory") @audited', '@audited')]);
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^\[inventory\] Mutation\.adjust: owner-required — /)] });
  });

  it('refuses a mutation without @audited', () => {
    const result = composeSupergraph([brands, inventoryWith('@audited(action: "stock.adjust") ', '')]);
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^\[inventory\] Mutation\.adjust: audited-required — /)] });
  });

  it('refuses subgraphs that do not compose, with the composition errors', () => {
    const clash = `
type Query {
  x: String @owner(team: "portfolio")
}`;
    const result = composeSupergraph([
      { ...brands, sdl: brands.sdl + clash.replace('type Query', 'extend type Query') },
      { ...inventory, sdl: inventory.sdl + clash.replace('String', 'Int') },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toMatch(/Query\.x/);
    expect(result.errors.join('\n')).toMatch(/non-shareable|incompatible types/i);
  });

  it('refuses a schema that does not parse, naming the subgraph', () => {
    const result = composeSupergraph([brands, { ...inventory, sdl: 'type {' }]);
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^\[inventory\] the schema does not parse: Syntax Error/)] });
  });
});
