import { LineChart } from '../charts';
import { useQuery, when } from '../graphql';
import { useSearchParams } from '../routing';
import { useSession } from '../session';
import { Empty, Loading, money, Page, Panel, Problems, StatusBadge, When } from '../ui';

interface PartnerSummary {
  id: string;
  name: string;
  kind: string;
  status: string;
}
interface Kpi {
  kpi: string;
  actual: number;
  target?: number | null;
  direction: string;
  met: boolean;
}
interface Contract {
  id: string;
  version: number;
  status: string;
  model: string;
  capabilityScope: string[];
  validFrom: string;
  validTo: string;
  noticeGivenAt: string | null;
  exitDate: string | null;
  brand: { name: string };
  slaKpis: string[];
  slaTargets?: { kpi: string; target: number; direction: string }[] | null;
  fees?: { monthlyFee: number; feePerOrder: number } | null;
  versions: { id: string; version: number; status: string; createdAt: string }[];
}
interface PartnerDetail {
  partner: null | (PartnerSummary & {
    scorecards: { period: string; current: boolean; weightedScore?: number | null; contract: { id: string; brand: { name: string } }; kpis: Kpi[] }[];
    openBreaches: { id: string; period: string; kpi: string; actual: number; target?: number | null; severity: string; cureDueAt: string; escalationLevel: number; status: string; brand: { name: string } }[];
    contracts: Contract[];
  });
}

const kpiName = (k: string) => k.replace(/_/g, ' ').toLowerCase();
const figure = (kpi: string, v: number) => (kpi.endsWith('_HOURS') ? `${v} h` : `${(v * 100).toFixed(1)} %`);

function detailQuery(terms: boolean): string {
  return `query ConsolePartner($id: ID!) {
  partner(id: $id) {
    id name kind status
    scorecards { period current ${when(terms, 'weightedScore')} contract { id brand { name } } kpis { kpi actual direction met ${when(terms, 'target')} } }
    openBreaches { id period kpi actual ${when(terms, 'target')} severity cureDueAt escalationLevel status brand { name } }
    contracts { id version status model capabilityScope validFrom validTo noticeGivenAt exitDate brand { name } slaKpis
      ${when(terms, 'slaTargets { kpi target direction } fees { monthlyFee feePerOrder }')}
      versions { id version status createdAt } }
  }
}`;
}

function Scorecards({ partner, terms }: { partner: NonNullable<PartnerDetail['partner']>; terms: boolean }) {
  const current = partner.scorecards.filter((s) => s.current);
  const byContract = new Map<string, typeof current>();
  for (const s of current) byContract.set(s.contract.id, [...(byContract.get(s.contract.id) ?? []), s]);
  if (current.length === 0) return <Empty>No performance recorded yet.</Empty>;
  return (
    <div data-testid="scorecard-chart">
      {[...byContract.values()].map((cards) => {
        const periods = [...new Set(cards.map((c) => c.period))].sort();
        const kpis = [...new Set(cards.flatMap((c) => c.kpis.map((k) => k.kpi)))];
        return kpis.map((kpi) => {
          const at = (p: string) => cards.find((c) => c.period === p)?.kpis.find((k) => k.kpi === kpi);
          const series = [{ label: `${kpiName(kpi)} actual`, values: periods.map((p) => at(p)?.actual ?? null) }];
          if (terms) series.push({ label: 'target', values: periods.map((p) => at(p)?.target ?? null), dashed: true } as never);
          return (
            <LineChart
              key={`${cards[0]!.contract.id}-${kpi}`}
              title={`${cards[0]!.contract.brand.name}: ${kpiName(kpi)} per month${terms ? ' against its target' : ''}`}
              labels={periods}
              series={series}
              format={(v) => figure(kpi, v)}
            />
          );
        });
      })}
      {terms ? (
        <table className="data">
          <caption>Weighted score per month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Brand</th>
              <th scope="col" className="num">Weighted score</th>
              <th scope="col">KPIs met</th>
            </tr>
          </thead>
          <tbody>
            {current.map((s) => (
              <tr key={`${s.contract.id}-${s.period}`}>
                <th scope="row">{s.period}</th>
                <td>{s.contract.brand.name}</td>
                <td className="num">{s.weightedScore === null || s.weightedScore === undefined ? '—' : s.weightedScore.toFixed(3)}</td>
                <td>
                  {s.kpis.filter((k) => k.met).length}/{s.kpis.length}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function Detail({ id }: { id: string }) {
  const session = useSession();
  const terms = session.can('contracts:terms:read');
  const { data, errors, loading } = useQuery<PartnerDetail>(detailQuery(terms), { id });
  const partner = data?.partner;
  if (loading && !data) return <Loading what="the partner" />;
  if (!partner) return <Problems errors={errors} />;
  return (
    <>
      <Problems errors={errors} />
      <h2>
        {partner.name} <StatusBadge status={partner.status} /> <span className="muted">{partner.kind.replace(/_/g, ' ').toLowerCase()}</span>
      </h2>
      <div className="grid-2">
        <Panel title="Scorecards">
          <Scorecards partner={partner} terms={terms} />
          {!terms ? <p className="muted">Targets, attainment and weights are contract terms: they need contracts:terms:read.</p> : null}
        </Panel>
        <div>
          <Panel title="Open breaches">
            {partner.openBreaches.length === 0 ? (
              <Empty>No open breach.</Empty>
            ) : (
              <table className="data" data-testid="breaches">
                <caption className="visually-hidden">Open breaches</caption>
                <thead>
                  <tr>
                    <th scope="col">KPI</th>
                    <th scope="col">Brand</th>
                    <th scope="col">Month</th>
                    <th scope="col" className="num">Actual</th>
                    {terms ? <th scope="col" className="num">Target</th> : null}
                    <th scope="col">Severity</th>
                    <th scope="col">Cure due</th>
                    <th scope="col" className="num">Escalation</th>
                  </tr>
                </thead>
                <tbody>
                  {partner.openBreaches.map((b) => (
                    <tr key={b.id}>
                      <th scope="row">{kpiName(b.kpi)}</th>
                      <td>{b.brand.name}</td>
                      <td>{b.period}</td>
                      <td className="num">{figure(b.kpi, b.actual)}</td>
                      {terms ? <td className="num">{b.target === null || b.target === undefined ? '—' : figure(b.kpi, b.target)}</td> : null}
                      <td>
                        <StatusBadge status={b.severity} />
                      </td>
                      <td className={Date.parse(b.cureDueAt) < Date.now() ? 'overdue' : undefined}>
                        <When at={b.cureDueAt} />
                      </td>
                      <td className="num">level {b.escalationLevel}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
          <Panel title="Contracts">
            <table className="data" data-testid="contracts">
              <caption className="visually-hidden">Contracts and their versions</caption>
              <thead>
                <tr>
                  <th scope="col">Brand</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Valid</th>
                  <th scope="col">Status</th>
                  <th scope="col">SLA</th>
                  {terms ? <th scope="col">Fees</th> : null}
                  <th scope="col">Versions</th>
                </tr>
              </thead>
              <tbody>
                {partner.contracts.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.brand.name}</th>
                    <td>{c.capabilityScope.join(', ').toLowerCase()}</td>
                    <td>
                      <When at={c.validFrom} dateOnly /> – <When at={c.validTo} dateOnly />
                    </td>
                    <td>
                      <StatusBadge status={c.status} /> v{c.version}
                      {c.exitDate ? (
                        <div className="muted">
                          exit <When at={c.exitDate} dateOnly />
                        </div>
                      ) : null}
                    </td>
                    <td>{terms && c.slaTargets ? c.slaTargets.map((t) => `${kpiName(t.kpi)} ${figure(t.kpi, t.target)}`).join('; ') : c.slaKpis.map(kpiName).join(', ')}</td>
                    {terms ? <td>{c.fees ? `${money(c.fees.monthlyFee)} / month + ${money(c.fees.feePerOrder)} / order` : '—'}</td> : null}
                    <td>
                      {c.versions.map((v) => (
                        <div key={v.id}>
                          v{v.version} <StatusBadge status={v.status} /> <When at={v.createdAt} dateOnly />
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        </div>
      </div>
    </>
  );
}

function RiskRanking({ select }: { select(id: string): void }) {
  const session = useSession();
  const terms = session.can('contracts:terms:read');
  const { data, errors } = useQuery<{ partnerRisk: { rank: number; openBreaches: number; criticalBreaches: number; severityScore: number; latestScore?: number | null; trend: string; partner: PartnerSummary }[] }>(
    `query ConsolePartnerRisk { partnerRisk { rank openBreaches criticalBreaches severityScore ${when(terms, 'latestScore')} trend partner { id name kind status } } }`,
  );
  return (
    <Panel title="Partner risk ranking">
      <Problems errors={errors} />
      <table className="data" data-testid="partner-risk">
        <caption className="visually-hidden">Partners ranked by the severity of their open breaches, then by worsening trend</caption>
        <thead>
          <tr>
            <th scope="col" className="num">Rank</th>
            <th scope="col">Partner</th>
            <th scope="col" className="num">Open breaches</th>
            <th scope="col" className="num">Critical</th>
            <th scope="col">Trend</th>
            {terms ? <th scope="col" className="num">Latest score</th> : null}
          </tr>
        </thead>
        <tbody>
          {data?.partnerRisk.map((r) => (
            <tr key={r.partner.id}>
              <td className="num">{r.rank}</td>
              <th scope="row">
                <button type="button" className="link" onClick={() => select(r.partner.id)}>
                  {r.partner.name}
                </button>{' '}
                <StatusBadge status={r.partner.status} />
              </th>
              <td className="num">{r.openBreaches}</td>
              <td className="num">{r.criticalBreaches}</td>
              <td>{r.trend.toLowerCase()}</td>
              {terms ? <td className="num">{r.latestScore === null || r.latestScore === undefined ? '—' : r.latestScore.toFixed(3)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

export function Partners() {
  const session = useSession();
  const [params, update] = useSearchParams();
  const { data, errors, loading } = useQuery<{ partners: PartnerSummary[] }>('query ConsolePartners { partners { id name kind status } }');
  const selected = params.get('partner') ?? data?.partners[0]?.id;
  // The ranking spans every partner: a portfolio-wide read.
  const ranking = session.can('partners:read') && session.brands === '*';
  return (
    <Page title="Partners" intro="Scorecards against their targets, open breaches with their cure dates and escalation, contracts and their versions, and which partners are most at risk.">
      <Problems errors={errors} />
      {loading && !data ? <Loading what="the partners" /> : null}
      {data ? (
        <>
          <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
            <label>
              Partner
              <select data-testid="partner-list" value={selected ?? ''} onChange={(e) => update({ partner: e.target.value })}>
                {data.partners.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} ({p.status.toLowerCase()})
                  </option>
                ))}
              </select>
            </label>
          </form>
          {ranking ? <RiskRanking select={(id) => update({ partner: id })} /> : null}
          {selected ? <Detail id={selected} /> : <Empty>No partner works for the brands you may see.</Empty>}
        </>
      ) : null}
    </Page>
  );
}
