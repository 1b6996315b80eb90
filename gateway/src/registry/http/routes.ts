import express, { type Request } from 'express';
import { verifyLedger } from '../../../../shared/src/ledger/ledger';
import { LedgerReader } from '../../../../shared/src/ledger/ledger-reader';
import { toLedgerEntry } from '../../../../shared/src/ledger/ledger.type';
import { badInput } from '../../../../shared/src/errors';
import type {
  ClientListResponse,
  RegisterClientRequest,
  ChangeListResponse,
  ChangeStatus,
  LedgerResponse,
  Refusal,
  SubgraphHistoryResponse,
  SubgraphListResponse,
  SupergraphListResponse,
} from '../api';
import type { Registry } from '../registry';
import { changeView, subgraphSummary, subgraphVersionView, supergraphSummary } from '../views';
import { answer, answerRefusal, isRefusal } from './answer';
import { guarded, type Authenticate } from './guard';
import { bodyOf, changeIdOf, flag, optionalText, reasonOf, schemaSourceOf, text, usageOptionsOf, versionOf, type Body } from './request-input';

/**
 * The registry over HTTP, for the `trellis` CLI and CI pipelines, on every gateway. Bodies are the
 * types of `../api.ts`; errors are `{ errors: [{ message, extensions: { code, … } }] }`.
 *
 *   GET  /registry/subgraphs                 the subgraphs in the supergraph                 registry:read
 *   GET  /registry/subgraphs/:name           a subgraph's history, newest first              registry:read
 *   GET  /registry/subgraphs/:name/schema    the schema (SDL) it is served with, as text     registry:read
 *   POST /registry/check                     CheckRequest → CheckReport, changes nothing     registry:read
 *   POST /registry/publish                   PublishRequest                                  registry:write
 *   POST /registry/remove                    RemoveRequest                                   registry:write
 *   POST /registry/rollback                  RollbackRequest                                 registry:write
 *   GET  /registry/supergraphs               the composed supergraphs, newest first          registry:read
 *   GET  /registry/changes[?status=…]        changes proposed for approval (default PENDING) registry:read
 *   GET  /registry/changes/:id               one of them                                     registry:read
 *   GET  /registry/changes/:id/schema        the schema it would publish, as text            registry:read
 *   POST /registry/changes/:id/approve       { reason }: checks again, then live             registry:approve, not the proposer
 *   POST /registry/changes/:id/reject        { reason }                                      registry:approve, or the proposer
 *   GET  /registry/ledger                    the registry's ledger and its verification      ledger:read
 *   GET  /registry/clients                   the client apps registered                      registry:read
 *   POST /registry/clients                   RegisterClientRequest: an app and its manifest  registry:write, and the app's brand
 */
export function registryRoutes(registry: Registry, authenticate: Authenticate, onClientRegistered?: (name: string) => void): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '5mb' }));

  /** The schema sent, or read by the registry itself from `schemaUrl` (allowlisted URLs only). */
  const schemaOf = async (name: string, body: Body): Promise<{ ok: true; sdl: string } | Refusal> => {
    const source = schemaSourceOf(body);
    if ('sdl' in source) return { ok: true, sdl: source.sdl };
    const fetched = await registry.readSchema({ name, url: source.schemaUrl });
    return isRefusal(fetched) ? fetched : { ok: true, sdl: text(fetched.sdl, 'the schema read from schemaUrl') };
  };

  router.get('/subgraphs', guarded(authenticate, 'registry:read', async (_req, res) => {
    res.json({ subgraphs: (await registry.activeSubgraphs()).map(subgraphSummary) } satisfies SubgraphListResponse);
  }));

  router.get('/subgraphs/:name', guarded(authenticate, 'registry:read', async (req, res) => {
    const name = String(req.params.name);
    const versions = await registry.history(name);
    if (versions.length === 0) return answerRefusal(res, { outcome: 'refused', code: 'NOT_FOUND', message: `there is no subgraph "${name}"`, field: 'name' });
    res.json({ name, versions: versions.map(subgraphVersionView) } satisfies SubgraphHistoryResponse);
  }));

  router.get('/subgraphs/:name/schema', guarded(authenticate, 'registry:read', async (req, res) => {
    const name = String(req.params.name);
    const served = (await registry.activeSubgraphs()).find((s) => s.name === name);
    if (!served) return answerRefusal(res, { outcome: 'refused', code: 'NOT_FOUND', message: `there is no subgraph "${name}" in the supergraph`, field: 'name' });
    res.setHeader('X-Trellis-Subgraph-Version', String(served.version));
    res.type('text/plain').send(served.sdl);
  }));

  router.post('/check', guarded(authenticate, 'registry:read', async (req, res) => {
    const body = bodyOf(req.body);
    const name = text(body.name, 'name');
    const schema = await schemaOf(name, body);
    if (isRefusal(schema)) return answerRefusal(res, schema);
    const report = await registry.check({ name, url: optionalText(body.url, 'url'), sdl: schema.sdl, ...usageOptionsOf(body) });
    if (isRefusal(report)) return answerRefusal(res, report);
    res.json(report);
  }));

  router.post('/publish', guarded(authenticate, 'registry:write', async (req, res, caller) => {
    const body = bodyOf(req.body);
    const name = text(body.name, 'name');
    const url = text(body.url, 'url');
    const reason = reasonOf(body);
    const schema = await schemaOf(name, body);
    if (isRefusal(schema)) return answerRefusal(res, schema);
    answer(res, await registry.publish(caller, { name, url, sdl: schema.sdl, reason, acceptBreaking: flag(body.acceptBreaking), acceptGovernance: flag(body.acceptGovernance), ...usageOptionsOf(body) }));
  }));

  router.post('/remove', guarded(authenticate, 'registry:write', async (req, res, caller) => {
    const body = bodyOf(req.body);
    answer(res, await registry.remove(caller, { name: text(body.name, 'name'), reason: reasonOf(body), acceptBreaking: flag(body.acceptBreaking), acceptGovernance: flag(body.acceptGovernance), ...usageOptionsOf(body) }));
  }));

  router.post('/rollback', guarded(authenticate, 'registry:write', async (req, res, caller) => {
    const body = bodyOf(req.body);
    answer(res, await registry.rollback(caller, { version: versionOf(body.version), reason: reasonOf(body), acceptGovernance: flag(body.acceptGovernance) }));
  }));

  router.get('/supergraphs', guarded(authenticate, 'registry:read', async (_req, res) => {
    res.json({ supergraphs: (await registry.supergraphs()).map(supergraphSummary) } satisfies SupergraphListResponse);
  }));

  router.get('/changes', guarded(authenticate, 'registry:read', async (req, res) => {
    const status = statusOf(req);
    res.json({ changes: (await registry.changes(status)).map(changeView) } satisfies ChangeListResponse);
  }));

  router.get('/changes/:id', guarded(authenticate, 'registry:read', async (req, res) => {
    const id = changeIdOf(req.params.id);
    const change = await registry.change(id);
    if (!change) return answerRefusal(res, { outcome: 'refused', code: 'NOT_FOUND', message: `there is no registry change ${id}`, field: 'id' });
    res.json(changeView(change));
  }));

  router.get('/changes/:id/schema', guarded(authenticate, 'registry:read', async (req, res) => {
    const id = changeIdOf(req.params.id);
    const change = await registry.change(id);
    if (!change?.sdl) return answerRefusal(res, { outcome: 'refused', code: 'NOT_FOUND', message: `registry change ${id} has no schema (there is none, or it is not a publish)`, field: 'id' });
    res.type('text/plain').send(change.sdl);
  }));

  router.post('/changes/:id/approve', guarded(authenticate, 'registry:approve', async (req, res, caller) => {
    answer(res, await registry.approveChange(caller, { id: changeIdOf(req.params.id), reason: reasonOf(bodyOf(req.body)) }));
  }));

  router.post('/changes/:id/reject', guarded(authenticate, ['registry:approve', 'registry:write'], async (req, res, caller) => {
    answer(res, await registry.rejectChange(caller, { id: changeIdOf(req.params.id), reason: reasonOf(bodyOf(req.body)) }));
  }));

  router.get('/ledger', guarded(authenticate, 'ledger:read', async (req, res) => {
    const reader = new LedgerReader(registry.dataSource);
    const first = Math.max(1, Math.min(Math.trunc(Number(req.query.first ?? 100)) || 100, 500));
    const page = await reader.page({}, first, typeof req.query.after === 'string' ? req.query.after : null);
    const entries = page.nodes.map(toLedgerEntry).map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() }));
    res.json({ entries, pageInfo: page.pageInfo, verify: await verifyLedger(registry.dataSource.manager) } satisfies LedgerResponse);
  }));

  router.get('/clients', guarded(authenticate, 'registry:read', async (_req, res) => {
    res.json({ clients: await registry.clientApps() } satisfies ClientListResponse);
  }));

  router.post('/clients', guarded(authenticate, 'registry:write', async (req, res, caller) => {
    const body = bodyOf(req.body);
    const name = text(body.name, 'name');
    const mode = body.persistedOperations;
    if (mode !== undefined && mode !== null && mode !== 'off' && mode !== 'allow' && mode !== 'require') throw badInput('persistedOperations', 'must be off, allow or require');
    const outcome = await registry.registerClient(caller, {
      name,
      brand: text(body.brand, 'brand'),
      manifest: body.manifest,
      persistedOperations: mode as RegisterClientRequest['persistedOperations'],
      reason: optionalText(body.reason, 'reason'),
    });
    if (!isRefusal(outcome)) onClientRegistered?.(name);
    answer(res, outcome);
  }));

  return router;
}

const STATUSES: readonly ChangeStatus[] = ['PENDING', 'APPROVED', 'REJECTED'];

/** `?status=PENDING|APPROVED|REJECTED|ALL`, PENDING when not given. */
function statusOf(req: Request): ChangeStatus | undefined {
  const asked = typeof req.query.status === 'string' ? req.query.status.toUpperCase() : 'PENDING';
  if (asked === 'ALL') return undefined;
  if (!STATUSES.includes(asked as ChangeStatus)) throw badInput('status', 'must be PENDING, APPROVED, REJECTED or ALL');
  return asked as ChangeStatus;
}
