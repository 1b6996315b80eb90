import { useEffect, useRef, useState, type FormEvent } from 'react';
import { BarChart } from '../charts';
import { useQuery, when } from '../graphql';
import { useSession } from '../session';
import { Empty, Loading, money, Page, Panel, percent, Problems, StatusBadge, When } from '../ui';

interface Supergraphs {
  current: { version: number } | null;
  supergraphs: { version: number; hash: string; createdBy: string; createdAt: string; reason: string; rolledBackTo: number | null; subgraphs: { name: string; version: number }[] }[];
  subgraphs: {
    name: string;
    active: boolean;
    latest: { version: number; routingUrl: string };
    versions: {
      version: number;
      publishedBy: string;
      publishedAt: string;
      reason: string;
      removed: boolean;
      approvedBy: string | null;
      acceptedBreaking: { coordinate: string }[];
      acceptedGovernance: { coordinate: string }[];
      checks: { ok: boolean; composition: string[]; breaking: { coordinate: string; description: string }[]; governance: { coordinate: string; description: string }[] };
    }[];
  }[];
}

const REGISTRY = `query ConsoleRegistry {
  current: supergraph { version }
  supergraphs(first: 20) { version hash createdBy createdAt reason rolledBackTo subgraphs { name version } }
  subgraphs { name active latest { version routingUrl }
    versions(first: 5) { version publishedBy publishedAt reason removed approvedBy acceptedBreaking { coordinate } acceptedGovernance { coordinate }
      checks { ok composition breaking { coordinate description } governance { coordinate description } } } }
}`;

interface Outcome {
  ok: boolean;
  text: string;
}

/** POST /registry/rollback as the signed-in caller: the registry checks the role and records the reason. */
async function rollback(token: string, version: number, reason: string): Promise<Outcome> {
  const response = await fetch('/registry/rollback', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ version, reason }),
  });
  const body = (await response.json().catch(() => ({}))) as { outcome?: string; supergraph?: { version: number }; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) return { ok: false, text: `${body.errors[0]!.extensions?.code ?? 'ERROR'}: ${body.errors[0]!.message}` };
  if (body.outcome === 'rolled-back') return { ok: true, text: `Rolled back: version ${body.supergraph?.version ?? '?'} restores version ${version}.` };
  return { ok: true, text: `Waiting for a governance approver: the rollback to version ${version} is a governance change (${body.outcome ?? 'pending'}).` };
}

function RollbackDialog({ version, onClose, onDone }: { version: number | undefined; onClose(): void; onDone(outcome: Outcome): void }) {
  const { token } = useSession();
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (version === undefined) ref.current?.close();
    else if (!ref.current?.open) {
      setReason('');
      ref.current?.showModal();
    }
  }, [version]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (version === undefined || !reason.trim()) return;
    setBusy(true);
    const outcome = await rollback(token, version, reason.trim()).catch((e: Error) => ({ ok: false, text: e.message }));
    setBusy(false);
    onDone(outcome);
  };
  return (
    <dialog ref={ref} data-testid="rollback-dialog" aria-labelledby="rollback-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="rollback-title">Roll back to supergraph version {version}?</h2>
        <p>
          Every gateway will serve the subgraphs of version {version} again, as a new version. The reason goes into the registry’s ledger.
        </p>
        <label htmlFor="rollback-reason">Reason</label>
        <textarea id="rollback-reason" data-testid="rollback-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required />
        <div className="buttons">
          <button type="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="danger" data-testid="rollback-confirm" disabled={busy || !reason.trim()}>
            Roll back to {version}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function Registry() {
  const session = useSession();
  const canWrite = session.can('registry:write');
  const { data, errors, loading, reload } = useQuery<Supergraphs>(REGISTRY);
  const [target, setTarget] = useState<number>();
  const [outcome, setOutcome] = useState<Outcome>();
  const served = data?.current?.version;
  const waitFor = useRef<number | undefined>(undefined);
  // After a rollback the gateways take up the new supergraph within about a second: look again until it shows.
  useEffect(() => {
    if (waitFor.current === undefined || served === undefined || served >= waitFor.current) {
      waitFor.current = undefined;
      return;
    }
    const timer = setTimeout(reload, 500);
    return () => clearTimeout(timer);
  }, [served, data, reload]);
  if (loading && !data) return <Loading what="the registry" />;
  return (
    <>
      <Problems errors={errors} />
      <Panel title="Supergraphs">
        <p>
          In service: version <strong data-testid="served-version">{served}</strong>
        </p>
        {outcome ? (
          <p role="status" data-testid="rollback-outcome" className={outcome.ok ? undefined : 'problem'}>
            {outcome.text}
          </p>
        ) : null}
        <table className="data" data-testid="supergraphs">
          <caption className="visually-hidden">Supergraph history, newest first</caption>
          <thead>
            <tr>
              <th scope="col" className="num">Version</th>
              <th scope="col">Composed</th>
              <th scope="col">By</th>
              <th scope="col">Reason</th>
              <th scope="col">Subgraphs</th>
              {canWrite ? <th scope="col">Action</th> : null}
            </tr>
          </thead>
          <tbody>
            {data?.supergraphs.map((s) => (
              <tr key={s.version}>
                <th scope="row" className="num">
                  {s.version}
                  {s.version === served ? <span className="tag">in service</span> : null}
                </th>
                <td>
                  <When at={s.createdAt} />
                </td>
                <td>{s.createdBy}</td>
                <td>
                  {s.reason}
                  {s.rolledBackTo ? <span className="muted"> (restores {s.rolledBackTo})</span> : null}
                </td>
                <td>{s.subgraphs.map((m) => `${m.name} v${m.version}`).join(', ')}</td>
                {canWrite ? (
                  <td>
                    {s.version !== served ? (
                      <button type="button" data-testid={`rollback-${s.version}`} onClick={() => setTarget(s.version)}>
                        Roll back to {s.version}
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel title="Subgraphs">
        <table className="data" data-testid="subgraphs">
          <caption className="visually-hidden">Subgraphs and their latest versions with check results</caption>
          <thead>
            <tr>
              <th scope="col">Subgraph</th>
              <th scope="col">Routing URL</th>
              <th scope="col">Versions (newest first)</th>
            </tr>
          </thead>
          <tbody>
            {data?.subgraphs.map((g) => (
              <tr key={g.name}>
                <th scope="row">
                  {g.name} {g.active ? null : <StatusBadge status="removed" />}
                </th>
                <td>
                  <code>{g.latest.routingUrl}</code>
                </td>
                <td>
                  {g.versions.map((v) => (
                    <div key={v.version}>
                      v{v.version} <StatusBadge status={v.checks.ok ? 'ok' : 'failed'} /> <When at={v.publishedAt} /> by {v.publishedBy}: {v.reason}
                      {v.acceptedBreaking.length ? <span className="tag tag-exception">breaking accepted: {v.acceptedBreaking.map((b) => b.coordinate).join(', ')}</span> : null}
                      {v.acceptedGovernance.length ? (
                        <span className="tag tag-exception">
                          governance change: {v.acceptedGovernance.map((b) => b.coordinate).join(', ')}
                          {v.approvedBy ? `, approved by ${v.approvedBy}` : ''}
                        </span>
                      ) : null}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <RollbackDialog
        version={target}
        onClose={() => setTarget(undefined)}
        onDone={(o) => {
          setOutcome(o);
          if (o.ok && served !== undefined) waitFor.current = served + 1;
          setTarget(undefined);
          reload();
        }}
      />
    </>
  );
}

interface Health {
  window: string;
  requests: number;
  errorRate: number | null;
  p99Ms: number | null;
  burnRate: number;
  meetsObjective: boolean;
}

function Services() {
  const session = useSession();
  const cost = session.can('costs:read') || session.can('services:write');
  const { data, errors } = useQuery<{ sharedServices: { code: string; name: string; ownerTeam: string; subgraphs: string[]; slo: { p99Ms: number; errorRate: number }; monthlyCost?: number | null; currency: string; h1: Health; h6: Health; d30: Health }[] }>(
    `query ConsoleServices { sharedServices { code name ownerTeam subgraphs slo { p99Ms errorRate } ${when(cost, 'monthlyCost')} currency
      h1: health(window: H1) { window requests errorRate p99Ms burnRate meetsObjective }
      h6: health(window: H6) { window requests errorRate p99Ms burnRate meetsObjective }
      d30: health(window: D30) { window requests errorRate p99Ms burnRate meetsObjective } } }`,
  );
  const services = data?.sharedServices ?? [];
  return (
    <Panel title="Shared services: SLO health and burn">
      <Problems errors={errors} />
      {services.length === 0 ? (
        data ? <Empty>No shared service in the catalogue.</Empty> : null
      ) : (
        <div data-testid="slo-health">
          <BarChart
            title="Burn rate per shared service (1 = spending the error budget exactly as fast as the objective allows)"
            labels={services.map((s) => s.code)}
            series={[
              { label: '1 h', values: services.map((s) => s.h1.burnRate) },
              { label: '6 h', values: services.map((s) => s.h6.burnRate) },
              { label: '30 d', values: services.map((s) => s.d30.burnRate) },
            ]}
            format={(v) => v.toFixed(2)}
            yMin={0}
          />
          <table className="data">
            <caption className="visually-hidden">Shared services against their objectives, last hour</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Owner</th>
                <th scope="col">Objective</th>
                <th scope="col" className="num">Requests (1 h)</th>
                <th scope="col" className="num">p99 (1 h)</th>
                <th scope="col" className="num">Errors (1 h)</th>
                <th scope="col">Meets it</th>
                {cost ? <th scope="col" className="num">Monthly cost</th> : null}
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.code}>
                  <th scope="row">
                    {s.name} <span className="muted">({s.subgraphs.join(', ')})</span>
                  </th>
                  <td>{s.ownerTeam}</td>
                  <td>
                    p99 ≤ {s.slo.p99Ms} ms, errors ≤ {percent(s.slo.errorRate, 2)}
                  </td>
                  <td className="num">{s.h1.requests}</td>
                  <td className="num">{s.h1.p99Ms === null ? '—' : `${Math.round(s.h1.p99Ms)} ms`}</td>
                  <td className="num">{percent(s.h1.errorRate, 2)}</td>
                  <td>
                    <StatusBadge status={s.h1.meetsObjective && s.d30.meetsObjective ? 'ok' : 'broken'} />
                  </td>
                  {cost ? <td className="num">{money(s.monthlyCost, s.currency)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function ClientApps() {
  const { data, errors } = useQuery<{ clientApps: { name: string; brand: string; persistedOperations: string | null; registeredBy: string; updatedAt: string; operations: { id: string }[]; refusedOperations: number }[] }>(
    'query ConsoleClientApps { clientApps { name brand persistedOperations registeredBy updatedAt operations { id } refusedOperations(days: 30) } }',
  );
  return (
    <Panel title="Client apps">
      <Problems errors={errors} />
      {data?.clientApps.length === 0 ? (
        <Empty>No client app is registered (trellis client register).</Empty>
      ) : (
        <table className="data" data-testid="client-apps">
          <caption className="visually-hidden">Registered client apps</caption>
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Brand</th>
              <th scope="col">Persisted operations</th>
              <th scope="col" className="num">Registered operations</th>
              <th scope="col" className="num">Refused (30 d)</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {data?.clientApps.map((a) => (
              <tr key={a.name}>
                <th scope="row">{a.name}</th>
                <td>{a.brand}</td>
                <td>{a.persistedOperations ?? 'gateway default'}</td>
                <td className="num">{a.operations.length}</td>
                <td className="num">{a.refusedOperations}</td>
                <td>
                  <When at={a.updatedAt} /> by {a.registeredBy}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

export function Platform() {
  const session = useSession();
  const registry = session.can('registry:read');
  return (
    <Page title="Platform" intro="The graph as a product: its subgraphs and their checks, the supergraph history (with rollback for the platform team), the shared services against their objectives, and the client apps.">
      {registry ? <Registry /> : <p className="muted">Subgraphs, supergraphs and client apps need the registry:read scope (platform, auditors).</p>}
      <Services />
      {registry ? <ClientApps /> : null}
    </Page>
  );
}
