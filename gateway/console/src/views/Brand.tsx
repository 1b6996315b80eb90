import { Link, useParams } from 'wouter';
import { useQuery, when } from '../graphql';
import { useSearchParams } from '../routing';
import { useSession } from '../session';
import { Empty, Loading, money, month, Page, Panel, Problems, When } from '../ui';

interface Entry {
  seq: number;
  occurredAt: string;
  action: string;
  reason: string;
  actor: { subject: string; roles: string[] };
  subject: { type: string; id: string; brandId: string | null; capability: string | null };
}
interface Connection {
  nodes: Entry[];
}
type LedgerName = 'portfolio' | 'inventory' | 'partner' | 'platform' | 'registry';
const LEDGERS: LedgerName[] = ['portfolio', 'inventory', 'partner', 'platform'];
const ENTRY = 'nodes { seq occurredAt action reason actor { subject roles } subject { type id brandId capability } }';

function BrandList() {
  const { data, errors, loading } = useQuery<{ brands: { slug: string; name: string; portfolioRole: string; lifecycle: string }[] }>(
    'query ConsoleBrands { brands { slug name portfolioRole lifecycle } }',
  );
  return (
    <Page title="Brands" intro="Pick a brand for its timeline across the ledgers, its cost to serve and its showback.">
      <Problems errors={errors} />
      {loading && !data ? <Loading what="the brands" /> : null}
      <ul className="summary" data-testid="brand-list">
        {data?.brands.map((b) => (
          <li key={b.slug}>
            <Link href={`/brands/${b.slug}`}>{b.name}</Link> <span className="muted">{b.portfolioRole.toLowerCase()}, {b.lifecycle.toLowerCase()}</span>
          </li>
        ))}
      </ul>
    </Page>
  );
}

function timelineQuery(ledgerRead: boolean, rootLedgers: boolean, registry: boolean, costs: boolean, terms: boolean): string {
  const range = '(first: 200, from: $from, to: $to)';
  return `query ConsoleBrand($slug: String!, $asOf: DateTimeISO, $from: DateTimeISO, $to: DateTimeISO, $period: String!) {
  brand(slug: $slug, asOf: $asOf) {
    id name portfolioRole lifecycle
    ${when(ledgerRead, LEDGERS.map((l) => `${l}Ledger${range} { ${ENTRY} }`).join('\n    '))}
    costToServe(period: $period) {
      period orders unitsRouted unitsShipped complete
      ${when(costs, 'fulfillment { amount } inventory { amount carrying ageing stockValue } exceptions { amount reroutedOrders failedOrders } sharedServices { available amount }')}
      ${when(costs && terms, 'partnerFees { amount } total perOrder perUnitShipped')}
    }
    ${when(costs, 'showback(period: $period) { lines { serviceCode requests share allocated costPerRequest currency } totals { currency requests allocated costPerRequest } }')}
  }
  ${when(rootLedgers, LEDGERS.map((l) => `${l}Chain: ${l}Ledger { length verify { ok checkedEntries firstBrokenSeq } }`).join('\n  '))}
  ${when(registry, `registryLedger { length verify { ok checkedEntries firstBrokenSeq } entries${range} { ${ENTRY} } }`)}
}`;
}

interface Chain {
  length: number;
  verify: { ok: boolean; checkedEntries: number; firstBrokenSeq: number | null };
}
interface BrandData {
  brand: null | ({
    id: string;
    name: string;
    portfolioRole: string;
    lifecycle: string;
    costToServe: {
      period: string;
      orders: number;
      unitsRouted: number;
      unitsShipped: number;
      complete: boolean;
      fulfillment?: { amount: number };
      inventory?: { amount: number; carrying: number; ageing: number; stockValue: number };
      exceptions?: { amount: number; reroutedOrders: number; failedOrders: number };
      sharedServices?: { available: boolean; amount: number };
      partnerFees?: { amount: number };
      total?: number | null;
      perOrder?: number | null;
      perUnitShipped?: number | null;
    };
    showback?: { lines: { serviceCode: string; requests: number; share: number; allocated: number | null; costPerRequest: number | null; currency: string }[]; totals: { currency: string; requests: number; allocated: number | null; costPerRequest: number | null }[] };
  } & Partial<Record<`${LedgerName}Ledger`, Connection | null>>);
  registryLedger?: (Chain & { entries: Connection }) | null;
}

export function BrandView() {
  const params = useParams<{ slug?: string }>();
  if (!params.slug) return <BrandList />;
  return <BrandTimeline slug={params.slug} />;
}

function BrandTimeline({ slug }: { slug: string }) {
  const session = useSession();
  const [search, update] = useSearchParams();
  const asOf = search.get('asOf') ?? undefined;
  const actor = search.get('actor') ?? '';
  const action = search.get('action') ?? '';
  const period = search.get('period') ?? month();
  const everyBrand = session.brands === '*';
  const ledgerRead = session.can('ledger:read');
  const rootLedgers = ledgerRead && everyBrand;
  const registry = session.can('registry:read') && everyBrand;
  const costs = session.can('costs:read');
  const terms = session.can('contracts:terms:read');
  const query = timelineQuery(ledgerRead, rootLedgers, registry, costs, terms);
  const { data, errors, loading } = useQuery<BrandData & Record<string, Chain | null>>(query, { slug, asOf: asOf ?? null, from: null, to: asOf ?? null, period });
  const brand = data?.brand;

  const entries: (Entry & { ledger: LedgerName })[] = [];
  for (const l of LEDGERS) for (const e of brand?.[`${l}Ledger`]?.nodes ?? []) entries.push({ ...e, ledger: l });
  for (const e of data?.registryLedger?.entries.nodes ?? []) if (!brand || e.subject.brandId === brand.id) entries.push({ ...e, ledger: 'registry' });
  entries.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.seq - a.seq);
  const actors = [...new Set(entries.map((e) => e.actor.subject))].sort();
  const actions = [...new Set(entries.map((e) => e.action))].sort();
  const shown = entries.filter((e) => (!actor || e.actor.subject === actor) && (!action || e.action === action));
  const chains: [string, Chain | null | undefined][] = rootLedgers ? [...LEDGERS.map((l) => [l, data?.[`${l}Chain`]] as [string, Chain | null | undefined]), ...(registry ? [['registry', data?.registryLedger] as [string, Chain | null | undefined]] : [])] : [];
  const cts = brand?.costToServe;

  return (
    <Page title={brand ? brand.name : slug} intro={brand ? `${brand.portfolioRole.toLowerCase()} brand, ${brand.lifecycle.toLowerCase()}${asOf ? ` — as of ${new Date(asOf).toUTCString()}` : ''}` : undefined}>
      <Problems errors={errors} />
      {loading && !data ? <Loading what="the brand" /> : null}
      {data && !brand ? <Empty>There is no brand “{slug}” among those you may see.</Empty> : null}
      {brand ? (
        <>
          <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Timeline filters">
            <label>
              Actor
              <select value={actor} onChange={(e) => update({ actor: e.target.value })}>
                <option value="">anyone</option>
                {actors.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </label>
            <label>
              Action
              <select value={action} onChange={(e) => update({ action: e.target.value })}>
                <option value="">any</option>
                {actions.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </label>
            <label>
              As of (UTC)
              <input type="datetime-local" value={asOf ? asOf.slice(0, 16) : ''} onChange={(e) => update({ asOf: e.target.value ? new Date(`${e.target.value}Z`).toISOString() : undefined })} />
            </label>
            <label>
              Month
              <input type="month" value={period} onChange={(e) => update({ period: e.target.value || undefined })} />
            </label>
          </form>
          <div className="grid-2">
            <Panel title="Timeline">
              {!ledgerRead ? (
                <Empty>The ledgers need the ledger:read scope (portfolio managers, approvers, operations, auditors).</Empty>
              ) : (
                <>
                  {rootLedgers ? (
                    <ul className="chains" data-testid="chain-state" aria-label="Chain verification">
                      {chains.map(([name, chain]) => (
                        <li key={name}>
                          {name}: {chain ? (chain.verify.ok ? <span className="status status-ok">verified</span> : <span className="status status-broken">broken at seq {chain.verify.firstBrokenSeq}</span>) : '—'}{' '}
                          <span className="muted">{chain ? `${chain.verify.checkedEntries} entries` : ''}</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="muted" data-testid="chain-state">
                      Verifying the chains needs ledger:read for every brand (an auditor’s rights).
                    </p>
                  )}
                  {shown.length === 0 ? (
                    <Empty>No entries{actor || action ? ' match the filters' : ''}.</Empty>
                  ) : (
                    <ol className="timeline" data-testid="timeline" aria-label="Ledger entries, newest first">
                      {shown.map((e) => (
                        <li key={`${e.ledger}-${e.seq}`} className={`ledger-${e.ledger}`}>
                          <div className="meta">
                            <When at={e.occurredAt} /> · {e.ledger} ledger #{e.seq} · {e.actor.subject}
                          </div>
                          <div>
                            <code>{e.action}</code> {e.subject.type}
                            {e.subject.capability ? ` ${e.subject.capability}` : ''} — {e.reason}
                          </div>
                        </li>
                      ))}
                    </ol>
                  )}
                </>
              )}
            </Panel>
            <div>
              <Panel title={`Cost to serve, ${period}`}>
                {cts ? (
                  <table className="data" data-testid="cost-to-serve">
                    <caption className="visually-hidden">Cost to serve</caption>
                    <tbody>
                      <tr>
                        <th scope="row">Orders</th>
                        <td className="num">{cts.orders}</td>
                      </tr>
                      <tr>
                        <th scope="row">Units routed / shipped</th>
                        <td className="num">
                          {cts.unitsRouted} / {cts.unitsShipped}
                        </td>
                      </tr>
                      {cts.fulfillment ? (
                        <tr>
                          <th scope="row">Fulfillment</th>
                          <td className="num">{money(cts.fulfillment.amount)}</td>
                        </tr>
                      ) : null}
                      {cts.partnerFees ? (
                        <tr>
                          <th scope="row">Partner fees</th>
                          <td className="num">{money(cts.partnerFees.amount)}</td>
                        </tr>
                      ) : null}
                      {cts.sharedServices ? (
                        <tr>
                          <th scope="row">Shared services</th>
                          <td className="num">{cts.sharedServices.available ? money(cts.sharedServices.amount) : 'no showback yet'}</td>
                        </tr>
                      ) : null}
                      {cts.inventory ? (
                        <tr>
                          <th scope="row">Inventory carrying and ageing</th>
                          <td className="num">{money(cts.inventory.amount)}</td>
                        </tr>
                      ) : null}
                      {cts.exceptions ? (
                        <tr>
                          <th scope="row">Exceptions ({cts.exceptions.reroutedOrders} rerouted, {cts.exceptions.failedOrders} failed)</th>
                          <td className="num">{money(cts.exceptions.amount)}</td>
                        </tr>
                      ) : null}
                      {cts.total !== undefined ? (
                        <>
                          <tr>
                            <th scope="row">Total</th>
                            <td className="num">
                              <strong>{money(cts.total)}</strong>
                            </td>
                          </tr>
                          <tr>
                            <th scope="row">Per order / per unit shipped</th>
                            <td className="num">
                              {money(cts.perOrder)} / {money(cts.perUnitShipped)}
                            </td>
                          </tr>
                        </>
                      ) : null}
                    </tbody>
                  </table>
                ) : null}
                {!costs ? <p className="muted">The amounts need the costs:read scope.</p> : null}
              </Panel>
              {brand.showback ? (
                <Panel title={`Showback, ${period}`}>
                  {brand.showback.lines.length === 0 ? (
                    <Empty>No usage of shared services recorded for this month.</Empty>
                  ) : (
                    <table className="data" data-testid="showback">
                      <caption className="visually-hidden">Showback by shared service</caption>
                      <thead>
                        <tr>
                          <th scope="col">Service</th>
                          <th scope="col" className="num">Requests</th>
                          <th scope="col" className="num">Share</th>
                          <th scope="col" className="num">Allocated</th>
                          <th scope="col" className="num">Per request</th>
                        </tr>
                      </thead>
                      <tbody>
                        {brand.showback.lines.map((l) => (
                          <tr key={l.serviceCode}>
                            <th scope="row">{l.serviceCode}</th>
                            <td className="num">{Math.round(l.requests)}</td>
                            <td className="num">{(l.share * 100).toFixed(1)} %</td>
                            <td className="num">{money(l.allocated, l.currency)}</td>
                            <td className="num">{money(l.costPerRequest, l.currency)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </Panel>
              ) : null}
            </div>
          </div>
        </>
      ) : null}
    </Page>
  );
}
