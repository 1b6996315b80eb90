import { BarChart } from '../charts';
import { useQuery, when } from '../graphql';
import { useSearchParams } from '../routing';
import { useSession } from '../session';
import { Empty, Loading, Page, Panel, percent, Problems, StatusBadge, When } from '../ui';

interface Node {
  code: string;
  name?: string;
}
interface Decision {
  id: string;
  orderRef: string;
  destinationRegion: string;
  promise: string;
  split: boolean;
  deliveryDays: number;
  promisedDeliveryDate: string;
  fulfillmentModel: string | null;
  decidedAt: string;
  actor: string;
  current: boolean;
  rerouteReason: string | null;
  trialModel: string | null;
  lines: { quantity: number; sku: { code: string } }[];
  candidates: { excludedBy: string | null; deliveryDays: number; node: Node; scores?: { cost: number; promiseSlack: number; margin: number; stockDepth: number; total: number } | null }[];
  plan: { quantity: number; node: Node; sku: { code: string } }[];
  reservations: { id: string; quantity: number; status: string; expiresAt: string; node: Node; sku: { code: string } }[];
  reroutedFrom: { orderRef: string; decidedAt: string } | null;
  supersededBy: { decidedAt: string; rerouteReason: string | null } | null;
}

function decisionsQuery(costs: boolean): string {
  return `query ConsoleOrders($slug: String!) {
  brand(slug: $slug) {
    name
    routingDecisions(first: 20) {
      id orderRef destinationRegion promise split deliveryDays promisedDeliveryDate fulfillmentModel decidedAt actor current rerouteReason trialModel
      lines { quantity sku { code } }
      candidates { excludedBy deliveryDays node { code name } ${when(costs, 'scores { cost promiseSlack margin stockDepth total }')} }
      plan { quantity node { code } sku { code } }
      reservations { id quantity status expiresAt node { code } sku { code } }
      reroutedFrom { orderRef decidedAt }
      supersededBy { decidedAt rerouteReason }
    }
  }
}`;
}

function DecisionCard({ d, costs }: { d: Decision; costs: boolean }) {
  return (
    <article className="decision" aria-labelledby={`order-${d.id}`}>
      <h3 id={`order-${d.id}`}>
        {d.orderRef} <span className="muted">→ {d.destinationRegion}, {d.promise.toLowerCase()}</span> {d.current ? null : <StatusBadge status="superseded" />}
        {d.split ? <span className="tag">split</span> : null}
        {d.trialModel ? <span className="tag">pilot: {d.trialModel.toLowerCase()}</span> : null}
      </h3>
      <p className="muted">
        <When at={d.decidedAt} /> by {d.actor}; delivery in {d.deliveryDays} days (<When at={d.promisedDeliveryDate} dateOnly />)
        {d.fulfillmentModel ? `; fulfillment model ${d.fulfillmentModel.toLowerCase()}` : ''}
        {d.reroutedFrom ? `; rerouted (${d.rerouteReason ?? 'no reason given'})` : ''}
        {d.supersededBy ? `; moved on ${new Date(d.supersededBy.decidedAt).toUTCString()}` : ''}
      </p>
      <p>
        {d.lines.map((l) => `${l.quantity} × ${l.sku.code}`).join(', ')} from {d.plan.map((p) => `${p.node.code} (${p.quantity} × ${p.sku.code})`).join(', ')}
      </p>
      {d.candidates.length === 0 ? <Empty>No candidates were recorded with this decision (seeded or imported).</Empty> : null}
      <table className="data" hidden={d.candidates.length === 0}>
        <caption>Candidates</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col" className="num">Delivery days</th>
            <th scope="col">Excluded by</th>
            {costs ? (
              <>
                <th scope="col" className="num">Cost</th>
                <th scope="col" className="num">Promise slack</th>
                <th scope="col" className="num">Margin</th>
                <th scope="col" className="num">Stock depth</th>
                <th scope="col" className="num">Total</th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {d.candidates.map((c) => (
            <tr key={c.node.code}>
              <th scope="row">{c.node.code}</th>
              <td className="num">{c.deliveryDays}</td>
              <td>{c.excludedBy ? c.excludedBy.replace(/_/g, ' ').toLowerCase() : '—'}</td>
              {costs ? (
                c.scores ? (
                  <>
                    <td className="num">{c.scores.cost.toFixed(2)}</td>
                    <td className="num">{c.scores.promiseSlack.toFixed(2)}</td>
                    <td className="num">{c.scores.margin.toFixed(2)}</td>
                    <td className="num">{c.scores.stockDepth.toFixed(2)}</td>
                    <td className="num">
                      <strong>{c.scores.total.toFixed(3)}</strong>
                    </td>
                  </>
                ) : (
                  <td colSpan={5} className="muted">
                    not scored
                  </td>
                )
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {d.reservations.length > 0 ? (
        <table className="data">
          <caption>Reservations</caption>
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Node</th>
              <th scope="col" className="num">Quantity</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {d.reservations.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.sku.code}</th>
                <td>{r.node.code}</td>
                <td className="num">{r.quantity}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>
                  <When at={r.expiresAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </article>
  );
}

function Utilisation() {
  const { data, errors } = useQuery<{ nodeUtilisation: { day: string; unitsReserved: number; dailyCapacity: number; utilisation: number; node: Node }[] }>(
    'query ConsoleUtilisation { nodeUtilisation { day unitsReserved dailyCapacity utilisation node { code name } } }',
  );
  const rows = data?.nodeUtilisation ?? [];
  return (
    <Panel title="Node utilisation today">
      <Problems errors={errors} />
      {rows.length > 0 ? (
        <div data-testid="node-utilisation">
          <BarChart title="Reserved units as a share of each node’s daily capacity, today (UTC)" labels={rows.map((r) => r.node.code)} series={[{ label: 'utilisation', values: rows.map((r) => r.utilisation) }]} format={(v) => percent(v)} yMin={0} />
          <table className="data">
            <caption className="visually-hidden">Node utilisation</caption>
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col" className="num">Reserved</th>
                <th scope="col" className="num">Capacity</th>
                <th scope="col" className="num">Utilisation</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.node.code}>
                  <th scope="row">{r.node.code}</th>
                  <td className="num">{r.unitsReserved}</td>
                  <td className="num">{r.dailyCapacity}</td>
                  <td className="num">{percent(r.utilisation)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : data ? (
        <Empty>No node to show.</Empty>
      ) : null}
    </Panel>
  );
}

export function Orders() {
  const session = useSession();
  const costs = session.can('costs:read');
  const [params, update] = useSearchParams();
  const brands = useQuery<{ brands: { slug: string; name: string }[] }>('query ConsoleOrderBrands { brands { slug name } }');
  const slug = params.get('brand') ?? brands.data?.brands[0]?.slug;
  const { data, errors, loading } = useQuery<{ brand: { name: string; routingDecisions: Decision[] } | null }>(slug ? decisionsQuery(costs) : undefined, { slug });
  return (
    <Page title="Orders" intro="Recent routing decisions: every candidate node with its scores or the rule that excluded it, the plan, the reservations and reroutes; and how full each node is today.">
      <Problems errors={[...brands.errors, ...errors]} />
      <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
        <label>
          Brand
          <select value={slug ?? ''} onChange={(e) => update({ brand: e.target.value })}>
            {brands.data?.brands.map((b) => (
              <option key={b.slug} value={b.slug}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      <div className="grid-2">
        <Panel title="Routing decisions">
          {loading && !data ? <Loading what="the routing decisions" /> : null}
          {!costs ? <p className="muted">Candidate scores need the costs:read scope.</p> : null}
          <div data-testid="routing-decisions">
            {data?.brand?.routingDecisions.length === 0 ? <Empty>No order has been routed for this brand yet.</Empty> : null}
            {data?.brand?.routingDecisions.map((d) => <DecisionCard key={d.id} d={d} costs={costs} />)}
          </div>
        </Panel>
        <Utilisation />
      </div>
    </Page>
  );
}
