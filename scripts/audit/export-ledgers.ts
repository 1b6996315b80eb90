/**
 * Exports the decision history across the three ledgers, merged in time order, through the gateway
 * (so the exporter sees exactly what its token may see), and verifies each chain.
 */
export const LEDGERS = [
  { name: 'portfolio', field: 'portfolioLedger' },
  { name: 'inventory', field: 'inventoryLedger' },
  { name: 'partners', field: 'partnerLedger' },
] as const;

export type LedgerName = (typeof LEDGERS)[number]['name'];

export interface ExportOptions {
  gatewayUrl: string;
  token: string;
  brand?: string;
  from?: string;
  to?: string;
  /** Receives one JSON line at a time. */
  write: (line: string) => void;
}

export interface ExportResult {
  ok: boolean;
  entries: number;
  verification: Record<LedgerName, { ok: boolean; checkedEntries: number; firstBrokenSeq: number | null; headHash: string | null }>;
}

const ENTRY = 'seq id occurredAt actor { subject roles onBehalfOf } action subject { type id brandId capability } before after reason evidence requestId prevHash hash';
const PAGE = 500;

export class ExportError extends Error {}

async function graphql<T>(options: ExportOptions, query: string, variables: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(options.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ExportError(`cannot reach the gateway at ${options.gatewayUrl}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new ExportError(body.errors.map((e) => e.message).join('; '));
  if (!body.data) throw new ExportError(`the gateway answered HTTP ${response.status} without data`);
  return body.data;
}

type Entry = { seq: number; occurredAt: string } & Record<string, unknown>;
type Page = { nodes: Entry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

async function allEntries(options: ExportOptions, field: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  let after: string | null = null;
  for (;;) {
    const args = `from: $from, to: $to, first: ${PAGE}, after: $after`;
    const vars = { from: options.from ?? null, to: options.to ?? null, after, slug: options.brand };
    let page: Page;
    if (options.brand) {
      const data: { brand: Record<string, Page> | null } = await graphql(
        options,
        `query($slug: String!, $from: DateTimeISO, $to: DateTimeISO, $after: String) { brand(slug: $slug) { l: ${field}(${args}) { nodes { ${ENTRY} } pageInfo { hasNextPage endCursor } } } }`,
        vars,
      );
      if (!data.brand) throw new ExportError(`there is no brand "${options.brand}"`);
      page = data.brand.l!;
    } else {
      const data: Record<string, { entries: Page }> = await graphql(
        options,
        `query($from: DateTimeISO, $to: DateTimeISO, $after: String) { l: ${field} { entries(${args}) { nodes { ${ENTRY} } pageInfo { hasNextPage endCursor } } } }`,
        vars,
      );
      page = data.l!.entries;
    }
    entries.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return entries;
    after = page.pageInfo.endCursor;
  }
}

export async function exportLedgers(options: ExportOptions): Promise<ExportResult> {
  const perLedger = await Promise.all(LEDGERS.map(async (l) => (await allEntries(options, l.field)).map((e) => ({ ledger: l.name, ...e }))));
  const order = (name: string) => LEDGERS.findIndex((l) => l.name === name);
  const merged = perLedger.flat().sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || order(a.ledger) - order(b.ledger) || a.seq - b.seq);
  for (const entry of merged) options.write(JSON.stringify(entry));

  const data = await graphql<Record<LedgerName, { verify: ExportResult['verification'][LedgerName] }>>(
    options,
    `{ ${LEDGERS.map((l) => `${l.name}: ${l.field} { verify { ok checkedEntries firstBrokenSeq headHash } }`).join(' ')} }`,
    {},
  );
  const verification = Object.fromEntries(LEDGERS.map((l) => [l.name, data[l.name].verify])) as ExportResult['verification'];
  const ok = Object.values(verification).every((v) => v.ok);
  options.write(JSON.stringify({ verification, ok }));
  return { ok, entries: merged.length, verification };
}
