import { Link } from 'wouter';
import { useQuery, when } from '../graphql';
import { useSearchParams } from '../routing';
import { useSession } from '../session';
import { Empty, Loading, MODELS, ModelBadge, Page, Panel, Problems, StatusBadge, When } from '../ui';

interface Cell {
  brand: { slug: string };
  capability: { code: string };
  decidedModel: string | null;
  recommendedModel: string | null;
  isException: boolean;
  borderline: boolean;
  reviewDueAt: string | null;
  reviewOverdue: boolean;
  decisionId: string | null;
}

interface Matrix {
  portfolioMatrix: {
    exceptions: number;
    reviewsOverdue: number;
    brands: { id: string; slug: string; name: string }[];
    capabilities: { code: string; name: string; layer: string }[];
    cells: Cell[];
  };
}

const MATRIX = `query ConsolePortfolio {
  portfolioMatrix {
    exceptions reviewsOverdue
    brands { id slug name }
    capabilities { code name layer }
    cells { brand { slug } capability { code } decidedModel recommendedModel isException borderline reviewDueAt reviewOverdue decisionId }
  }
}`;

function describe(cell: Cell, brand: string, capability: string): string {
  const parts = [`${brand}, ${capability}: ${cell.decidedModel ? `decided ${cell.decidedModel.toLowerCase()}` : 'no decision'}`];
  if (cell.recommendedModel) parts.push(`recommended ${cell.recommendedModel.toLowerCase()}`);
  if (cell.isException) parts.push('exception');
  if (cell.borderline) parts.push('borderline');
  if (cell.reviewOverdue) parts.push('review overdue');
  return parts.join(', ');
}

function HeatMap({ matrix, selected, select }: { matrix: Matrix['portfolioMatrix']; selected?: { brand: string; capability: string }; select(brand: string, capability: string): void }) {
  const byKey = new Map(matrix.cells.map((c) => [`${c.brand.slug}/${c.capability.code}`, c]));
  return (
    <div className="heatmap-wrap">
      <table className="heatmap" aria-describedby="heatmap-legend">
        <caption className="visually-hidden">Operating model of every brand × capability</caption>
        <thead>
          <tr>
            <th scope="col">Brand</th>
            {matrix.capabilities.map((c) => (
              <th scope="col" key={c.code} title={`${c.name} (${c.layer.toLowerCase().replace('_', ' ')})`}>
                <span className="cap-name">{c.name}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.brands.map((b) => (
            <tr key={b.slug}>
              <th scope="row">
                <Link href={`/brands/${b.slug}`}>{b.name}</Link>
              </th>
              {matrix.capabilities.map((c) => {
                const cell = byKey.get(`${b.slug}/${c.code}`);
                if (!cell) return <td key={c.code} className="cell cell-empty" />;
                const isSelected = selected?.brand === b.slug && selected.capability === c.code;
                return (
                  <td key={c.code} className={`cell model-${(cell.decidedModel ?? 'none').toLowerCase()}`} data-testid={`cell-${b.slug}-${c.code}`}>
                    <button type="button" aria-pressed={isSelected} aria-label={describe(cell, b.name, c.name)} onClick={() => select(b.slug, c.code)}>
                      <span className="cell-model">{(cell.decidedModel ?? '—').slice(0, 4)}</span>
                      {cell.recommendedModel && cell.recommendedModel !== cell.decidedModel ? (
                        <span className="cell-rec" aria-hidden="true">→{cell.recommendedModel.slice(0, 4)}</span>
                      ) : null}
                      <span className="cell-marks" aria-hidden="true">
                        {cell.isException ? <span className="mark mark-exception" title="exception">!</span> : null}
                        {cell.borderline ? <span className="mark mark-borderline" title="borderline">≈</span> : null}
                        {cell.reviewOverdue ? <span className="mark mark-overdue" title="review overdue">◔</span> : null}
                      </span>
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div id="heatmap-legend" className="legend">
        {MODELS.map((m) => (
          <ModelBadge key={m} model={m} />
        ))}
        <span>
          <span className="mark mark-exception">!</span> exception
        </span>
        <span>
          <span className="mark mark-borderline">≈</span> borderline
        </span>
        <span>
          <span className="mark mark-overdue">◔</span> review overdue
        </span>
        <span>→ recommended, where it differs</span>
      </div>
    </div>
  );
}

const DECISION_FIELDS = `id model status version rationale isException recommendedModel proposedBy proposedAt decidedBy decidedAt decisionNote effectiveFrom reviewDueAt reviewOverdue
  evidence { kind measuredValue unit source description }`;

function cellQuery(canLedger: boolean): string {
  return `query ConsoleCell($slug: String!) {
  brand(slug: $slug) {
    name
    capabilities { capability { code name } isException
      assessment { assessor assessedAt notes differentiation risk reusePotential demandVolatility processCommonality platformMaturity
        recommendation { model localPull centralPull partnerFit borderline
          contributions { input score pull weight contribution }
          rulesFired { code description }
          flipsWith { input score model } } }
      decision { ${DECISION_FIELDS}
        supersedes { ${DECISION_FIELDS} supersedes { ${DECISION_FIELDS} supersedes { ${DECISION_FIELDS} } } }
        pilot { id status model startsOn endsOn hypothesis evaluation { verdict metCount measuredCount } }
        rollout { id status fromModel toModel currentPhase phases { phase dueAt completedAt overdue gates { code met description } } } }
      pendingDecision { ${DECISION_FIELDS} }
    }
    pilots { id status model startsOn endsOn hypothesis capability { code } evaluation { verdict metCount measuredCount } }
    rollouts { id status fromModel toModel currentPhase capability { code } phases { phase dueAt completedAt overdue gates { code met description } } }
    ${when(canLedger, 'portfolioLedger(first: 100) { nodes { seq occurredAt action reason actor { subject } subject { type id capability } } }')}
  }
}`;
}

interface Decision {
  id: string;
  model: string;
  status: string;
  version: number;
  rationale: string;
  isException: boolean;
  recommendedModel: string;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  effectiveFrom: string | null;
  reviewDueAt: string | null;
  reviewOverdue: boolean;
  evidence: { kind: string; measuredValue: number; unit: string | null; source: string; description: string | null }[];
  supersedes?: Decision | null;
  pilot?: PilotSummary | null;
  rollout?: RolloutSummary | null;
}
interface PilotSummary {
  id: string;
  status: string;
  model: string;
  startsOn: string;
  endsOn: string;
  hypothesis: string;
  capability?: { code: string };
  evaluation: { verdict: string; metCount: number; measuredCount: number };
}
interface RolloutSummary {
  id: string;
  status: string;
  fromModel: string;
  toModel: string;
  currentPhase: string | null;
  capability?: { code: string };
  phases: { phase: string; dueAt: string; completedAt: string | null; overdue: boolean; gates: { code: string; met: boolean; description: string }[] }[];
}
interface CellData {
  brand: {
    name: string;
    capabilities: {
      capability: { code: string; name: string };
      isException: boolean;
      assessment: null | {
        assessor: string;
        assessedAt: string;
        notes: string | null;
        recommendation: {
          model: string;
          localPull: number;
          centralPull: number;
          partnerFit: number;
          borderline: boolean;
          contributions: { input: string; score: number; pull: string; weight: number; contribution: number }[];
          rulesFired: { code: string; description: string }[];
          flipsWith: { input: string; score: number; model: string }[];
        };
      } & Record<string, unknown>;
      decision: Decision | null;
      pendingDecision: Decision | null;
    }[];
    pilots: PilotSummary[];
    rollouts: RolloutSummary[];
    portfolioLedger?: { nodes: { seq: number; occurredAt: string; action: string; reason: string; actor: { subject: string }; subject: { type: string; id: string; capability: string | null } }[] } | null;
  } | null;
}

function DecisionCard({ decision, title }: { decision: Decision; title: string }) {
  return (
    <div className="decision" data-testid="decision">
      <h3>
        {title}: <ModelBadge model={decision.model} /> <StatusBadge status={decision.status} /> <span className="muted">v{decision.version}</span>
        {decision.isException ? <span className="tag tag-exception">exception to {decision.recommendedModel.toLowerCase()}</span> : null}
      </h3>
      <p>{decision.rationale}</p>
      <dl className="facts">
        <dt>Proposed</dt>
        <dd>
          {decision.proposedBy}, <When at={decision.proposedAt} />
        </dd>
        <dt>Decided</dt>
        <dd>
          {decision.decidedBy ? (
            <>
              {decision.decidedBy}, <When at={decision.decidedAt} />
              {decision.decisionNote ? ` — ${decision.decisionNote}` : ''}
            </>
          ) : (
            'not yet'
          )}
        </dd>
        <dt>Review due</dt>
        <dd className={decision.reviewOverdue ? 'overdue' : undefined}>
          <When at={decision.reviewDueAt} dateOnly />
          {decision.reviewOverdue ? ' (overdue)' : ''}
        </dd>
      </dl>
      <h4>Evidence</h4>
      {decision.evidence.length === 0 ? (
        <Empty>No evidence cited.</Empty>
      ) : (
        <ul className="evidence" aria-label="Evidence">
          {decision.evidence.map((e, i) => (
            <li key={i}>
              <strong>{e.kind.replace(/_/g, ' ').toLowerCase()}</strong>: {e.measuredValue}
              {e.unit ? ` ${e.unit}` : ''} — {e.description ?? ''} <span className="muted">({e.source})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CellDetail({ slug, capability, close }: { slug: string; capability: string; close(): void }) {
  const session = useSession();
  const canLedger = session.can('ledger:read');
  const { data, errors, loading } = useQuery<CellData>(cellQuery(canLedger), { slug });
  const brand = data?.brand;
  const cell = brand?.capabilities.find((c) => c.capability.code === capability);
  const history: Decision[] = [];
  for (let d = cell?.decision?.supersedes; d; d = d.supersedes) history.push(d);
  const pilots = brand?.pilots.filter((p) => p.capability?.code === capability) ?? [];
  const rollouts = brand?.rollouts.filter((r) => r.capability?.code === capability) ?? [];
  const ledger = brand?.portfolioLedger?.nodes.filter((e) => e.subject.capability === capability) ?? [];
  const rec = cell?.assessment?.recommendation;
  return (
    <aside className="detail" aria-labelledby="cell-title" data-testid="cell-detail">
      <header className="detail-header">
        <h2 id="cell-title">
          {brand?.name ?? slug} × {cell?.capability.name ?? capability}
        </h2>
        <button type="button" onClick={close} aria-label="Close the cell">
          Close
        </button>
      </header>
      <Problems errors={errors} />
      {loading && !data ? <Loading what="the decision" /> : null}
      {cell ? (
        <>
          {cell.decision ? <DecisionCard decision={cell.decision} title="In effect" /> : <Empty>No decision in effect.</Empty>}
          {cell.pendingDecision ? <DecisionCard decision={cell.pendingDecision} title="Awaiting approval" /> : null}
          {rec ? (
            <div className="recommendation" data-testid="recommendation">
              <h3>
                Recommendation: <ModelBadge model={rec.model} /> {rec.borderline ? <span className="tag tag-borderline">borderline</span> : null}
              </h3>
              <p className="muted">
                Local pull {rec.localPull.toFixed(2)}, central pull {rec.centralPull.toFixed(2)}, partner fit {rec.partnerFit.toFixed(2)} — assessed by {cell.assessment!.assessor},{' '}
                <When at={cell.assessment!.assessedAt} />
              </p>
              <table className="data">
                <caption>Contributions</caption>
                <thead>
                  <tr>
                    <th scope="col">Input</th>
                    <th scope="col">Score</th>
                    <th scope="col">Pull</th>
                    <th scope="col">Weight</th>
                    <th scope="col">Contribution</th>
                  </tr>
                </thead>
                <tbody>
                  {rec.contributions.map((c) => (
                    <tr key={`${c.input}-${c.pull}`}>
                      <th scope="row">{c.input}</th>
                      <td>{c.score}</td>
                      <td>{c.pull.toLowerCase().replace('_', ' ')}</td>
                      <td>{c.weight}</td>
                      <td>{c.contribution.toFixed(3)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h4>Rules fired</h4>
              {rec.rulesFired.length === 0 ? (
                <Empty>None.</Empty>
              ) : (
                <ul>
                  {rec.rulesFired.map((r) => (
                    <li key={r.code}>
                      <code>{r.code}</code> {r.description}
                    </li>
                  ))}
                </ul>
              )}
              <h4>Flips with</h4>
              {rec.flipsWith.length === 0 ? (
                <Empty>No single score of one point changes the model.</Empty>
              ) : (
                <ul data-testid="flips-with">
                  {rec.flipsWith.map((f, i) => (
                    <li key={i}>
                      {f.input} at {f.score} → <ModelBadge model={f.model} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ) : (
            <Empty>Not assessed yet.</Empty>
          )}
          {pilots.length > 0 ? (
            <div>
              <h3>Pilots</h3>
              <ul>
                {pilots.map((p) => (
                  <li key={p.id}>
                    <ModelBadge model={p.model} /> <StatusBadge status={p.status} /> <When at={p.startsOn} dateOnly /> – <When at={p.endsOn} dateOnly />: {p.hypothesis}{' '}
                    <span className="muted">
                      ({p.evaluation.verdict.toLowerCase()}, {p.evaluation.metCount}/{p.evaluation.measuredCount} metrics met)
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {rollouts.length > 0 ? (
            <div>
              <h3>Rollouts</h3>
              {rollouts.map((r) => (
                <div key={r.id} className="rollout">
                  <p>
                    <ModelBadge model={r.fromModel} /> → <ModelBadge model={r.toModel} /> <StatusBadge status={r.status} />
                  </p>
                  <ol className="phases">
                    {r.phases.map((p) => (
                      <li key={p.phase} className={p.completedAt ? 'done' : p.overdue ? 'overdue' : undefined}>
                        <strong>{p.phase}</strong> due <When at={p.dueAt} dateOnly />
                        {p.completedAt ? ' — complete' : p.overdue ? ' — overdue' : ''}
                        <ul>
                          {p.gates.map((g) => (
                            <li key={g.code}>
                              {g.met ? '✓' : '✗'} {g.description}
                            </li>
                          ))}
                        </ul>
                      </li>
                    ))}
                  </ol>
                </div>
              ))}
            </div>
          ) : null}
          {history.length > 0 ? (
            <div>
              <h3>Earlier decisions</h3>
              <ol className="history">
                {history.map((d) => (
                  <li key={d.id}>
                    <ModelBadge model={d.model} /> <StatusBadge status={d.status} /> v{d.version}, decided <When at={d.decidedAt} /> by {d.decidedBy ?? '—'}: {d.rationale}
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
          {canLedger ? (
            <div>
              <h3>Ledger</h3>
              {ledger.length === 0 ? (
                <Empty>No ledger entries for this capability among the brand’s latest 100.</Empty>
              ) : (
                <ol className="history">
                  {ledger.map((e) => (
                    <li key={e.seq}>
                      <When at={e.occurredAt} /> <code>{e.action}</code> by {e.actor.subject}: {e.reason}
                    </li>
                  ))}
                </ol>
              )}
            </div>
          ) : null}
        </>
      ) : null}
    </aside>
  );
}

export function Portfolio() {
  const [params, update] = useSearchParams();
  const { data, errors, loading } = useQuery<Matrix>(MATRIX);
  const matrix = data?.portfolioMatrix;
  const brand = params.get('brand') ?? undefined;
  const capability = params.get('capability') ?? undefined;
  const selected = brand && capability ? { brand, capability } : undefined;
  const cells = matrix?.cells ?? [];
  return (
    <Page
      title="Portfolio"
      intro="Every brand × capability: the decided operating model, the recommendation where it differs, exceptions, borderline cells and overdue reviews. Open a cell for its decision."
    >
      <Problems errors={errors} />
      {loading && !matrix ? <Loading what="the portfolio" /> : null}
      {matrix ? (
        <>
          <ul className="summary" aria-label="Summary">
            <li>
              <strong>{matrix.brands.length}</strong> brands
            </li>
            <li>
              <strong>{matrix.capabilities.length}</strong> capabilities
            </li>
            <li>
              <strong>{matrix.exceptions}</strong> exceptions
            </li>
            <li>
              <strong>{cells.filter((c) => c.borderline).length}</strong> borderline
            </li>
            <li>
              <strong>{matrix.reviewsOverdue}</strong> reviews overdue
            </li>
          </ul>
          <div className={selected ? 'split' : undefined}>
            <Panel title="Heat map">
              <HeatMap matrix={matrix} selected={selected} select={(b, c) => update({ brand: b, capability: c })} />
            </Panel>
            {selected ? <CellDetail slug={selected.brand} capability={selected.capability} close={() => update({ brand: undefined, capability: undefined })} /> : null}
          </div>
        </>
      ) : null}
    </Page>
  );
}
