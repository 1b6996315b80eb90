import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import gql from 'graphql-tag';

/**
 * Three small subgraphs, not Trellis's, that between them use the shapes Federation 2 routers
 * must handle: an entity interface with implementations, a union, `@interfaceObject`, `@requires`
 * on a field with arguments, `@provides`, `@override`, `@external`, entities nested through other
 * subgraphs — and a field that fails. Plain `@apollo/subgraph` servers: they ignore Trellis's
 * signatures, as any subgraph of another team might.
 */
const LINK = (imports: string[]) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ${JSON.stringify(imports)})`;

const BOOKS = [{ id: 'm1', title: 'A Field Guide to Lichens', pages: 312 }];
const FILMS = [{ id: 'm2', title: 'Arctic Light', minutes: 94 }];
const PRODUCTS = [
  { upc: 'p1', name: 'Anorak', price: 120, weight: 900, inStock: true, sellerId: 's1' },
  { upc: 'p2', name: 'Atlas', price: 45, weight: 2100, inStock: false, sellerId: 's2' },
  // The same seller as the anorak: one entity in two places.
  { upc: 'p3', name: 'Anorak, junior', price: 80, weight: 500, inStock: true, sellerId: 's1' },
];
const SELLERS = [
  { id: 's1', name: 'Northwind Outfitters', rating: 5 },
  { id: 's2', name: 'Meridian Maps', rating: 4 },
];
const USERS = [
  { id: 'u1', handle: 'ada' },
  { id: 'u2', handle: 'grace' },
];

const catalog = {
  typeDefs: gql`
    ${LINK(['@key', '@provides', '@external', '@shareable'])}
    type Query {
      products: [Product!]!
      product(upc: String!): Product
      media: [Media!]!
      search(term: String!): [SearchResult!]!
      broken: String
    }
    interface Media @key(fields: "id") { id: ID! title: String! }
    type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int! }
    type Film implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! }
    union SearchResult = Book | Film | Product
    type Product @key(fields: "upc") {
      upc: String!
      name: String!
      price: Int!
      weight: Int!
      inStock: Boolean
      seller: Seller @provides(fields: "name")
    }
    type Seller @key(fields: "id") { id: ID! name: String! @external }
    type User @key(fields: "id") { id: ID! handle: String! }
  `,
  resolvers: {
    Query: {
      products: () => PRODUCTS,
      product: (_: unknown, { upc }: { upc: string }) => PRODUCTS.find((p) => p.upc === upc) ?? null,
      media: () => [...BOOKS.map((b) => ({ ...b, __typename: 'Book' })), ...FILMS.map((f) => ({ ...f, __typename: 'Film' }))],
      search: (_: unknown, { term }: { term: string }) =>
        [...BOOKS.map((b) => ({ ...b, __typename: 'Book' })), ...FILMS.map((f) => ({ ...f, __typename: 'Film' })), ...PRODUCTS.map((p) => ({ ...p, __typename: 'Product' }))].filter(
          (x) => ('title' in x ? x.title : x.name).toLowerCase().includes(term.toLowerCase()),
        ),
      broken: () => {
        throw new Error('the catalogue could not answer this field');
      },
    },
    Media: { __resolveReference: (ref: { id: string }) => [...BOOKS.map((b) => ({ ...b, __typename: 'Book' })), ...FILMS.map((f) => ({ ...f, __typename: 'Film' }))].find((m) => m.id === ref.id) },
    Book: { __resolveReference: (ref: { id: string }) => BOOKS.find((b) => b.id === ref.id) },
    Film: { __resolveReference: (ref: { id: string }) => FILMS.find((f) => f.id === ref.id) },
    Product: {
      __resolveReference: (ref: { upc: string }) => PRODUCTS.find((p) => p.upc === ref.upc),
      seller: (p: { sellerId: string }) => {
        const s = SELLERS.find((x) => x.id === p.sellerId)!;
        return { id: s.id, name: s.name };
      },
    },
    User: { __resolveReference: (ref: { id: string }) => USERS.find((u) => u.id === ref.id) },
  },
};

const reviews = {
  typeDefs: gql`
    ${LINK(['@key', '@interfaceObject', '@override'])}
    type Media @key(fields: "id") @interfaceObject { id: ID! reviews: [Review!]! }
    type Review { body: String! stars: Int! author: User! }
    type User @key(fields: "id") { id: ID! }
    type Product @key(fields: "upc") { upc: String! inStock: Boolean @override(from: "catalog") }
  `,
  resolvers: {
    Media: {
      __resolveReference: (ref: { id: string }) => ref,
      reviews: (m: { id: string }) =>
        m.id === 'm1'
          ? [
              { body: 'Indispensable.', stars: 5, author: { id: 'u1' } },
              { body: 'Heavy, but thorough.', stars: 4, author: { id: 'u2' } },
            ]
          : [{ body: 'Slow and beautiful.', stars: 4, author: { id: 'u2' } }],
    },
    Product: {
      __resolveReference: (ref: { upc: string }) => ref,
      // Overridden from the catalogue: this subgraph now answers it (and says the atlas is back).
      inStock: () => true,
    },
  },
};

const shipping = {
  typeDefs: gql`
    ${LINK(['@key', '@requires', '@external', '@shareable'])}
    type Product @key(fields: "upc") {
      upc: String!
      weight: Int! @external
      price: Int! @external
      shippingEstimate(zone: String!): Int! @requires(fields: "weight price")
    }
    type Seller @key(fields: "id") { id: ID! name: String! @shareable rating: Int! badge: String }
  `,
  resolvers: {
    Product: {
      __resolveReference: (ref: { upc: string; weight?: number; price?: number }) => ref,
      shippingEstimate: (p: { weight: number; price: number }, { zone }: { zone: string }) => {
        // A non-null field that fails: its null bubbles up.
        if (zone === 'MOON') throw new Error('no shipping to the moon');
        return p.price >= 100 ? 0 : Math.round(p.weight / 100) * (zone === 'EU' ? 1 : 2);
      },
    },
    Seller: {
      __resolveReference: (ref: { id: string }) => SELLERS.find((s) => s.id === ref.id),
      // A nullable field that fails for one entity, which occurs in two places.
      badge: (s: { id: string }) => {
        if (s.id === 's1') throw Object.assign(new Error('no badge yet'), { extensions: { code: 'BADGE_PENDING' } });
        return 'gold';
      },
    },
  },
};

export const SHAPE_SUBGRAPHS = { catalog, reviews, shipping };

export interface RunningShapes {
  services: { name: string; url: string; typeDefs: ReturnType<typeof gql> }[];
  stop(): Promise<void>;
}

export async function startShapeSubgraphs(): Promise<RunningShapes> {
  const servers: ApolloServer[] = [];
  const services = [];
  for (const [name, { typeDefs, resolvers }] of Object.entries(SHAPE_SUBGRAPHS)) {
    const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }) });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    servers.push(server);
    services.push({ name, url, typeDefs });
  }
  return { services, stop: async () => void (await Promise.all(servers.map((s) => s.stop()))) };
}
