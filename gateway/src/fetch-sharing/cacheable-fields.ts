/**
 * The fields whose value is a function of stored rows alone, so that a subgraph fetch selecting
 * only these (per subgraph) may be kept until that subgraph's ledger moves. Every row behind them
 * changes only through an `@audited` mutation or a sweep that writes a ledger entry in the same
 * transaction (reservation expiry, breach sweep).
 *
 * An allow-list, not a deny-list: a field missing here is merely never cached, while a
 * clock-dependent field missing from a deny-list would be served stale. Left out on purpose:
 * everything that reads the clock (`reviewOverdue`, `reviewsDue`, the portfolio matrix, promise
 * dates, reservations and their expiry, breaches, cure and escalation deadlines, contract validity,
 * scorecards, capacity "today"), everything that changes without a ledger entry (the access log,
 * usage, SLOs, the registry — so the whole platform subgraph), the ledgers' `verify`, and every
 * `@sensitive` field (their reads are access-logged by the subgraph; a cache hit would skip that
 * record). The gateway also refuses any coordinate its supergraph marks `@sensitive`, whatever
 * this list says.
 */
export const CACHEABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  brands: ['Query.brand', 'Query.brands', 'Brand.id', 'Brand.slug', 'Brand.name', 'Brand.portfolioRole', 'Brand.lifecycle', 'Capability.id', 'Capability.code', 'Capability.name', 'Capability.layer'],
  inventory: [
    'Brand.id',
    'Brand.skus',
    'Brand.fulfillmentNodes',
    'SkuConnection.totalCount',
    'SkuConnection.nodes',
    'Sku.id',
    'Sku.code',
    'Sku.name',
    'Sku.price',
    'Sku.available',
    'Sku.stock',
    'Sku.brand',
    'StockPosition.onHand',
    'StockPosition.reserved',
    'StockPosition.safetyStock',
    'StockPosition.available',
    'StockPosition.node',
    'StockPosition.sku',
    'FulfillmentNode.id',
    'FulfillmentNode.code',
    'FulfillmentNode.name',
    'FulfillmentNode.kind',
    'FulfillmentNode.active',
  ],
  partners: ['Brand.id', 'Brand.partners', 'Partner.id', 'Partner.name', 'Partner.kind', 'Partner.status', 'FulfillmentNode.id', 'FulfillmentNode.operator'],
};
