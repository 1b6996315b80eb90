import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { Principal } from '../../../shared/src/auth/principal';
import { grantedScopes } from '../../../shared/src/auth/principal';
import { requireReason, verifyLedger } from '../../../shared/src/ledger/ledger';
import { describeUnstorable, findUnstorableCharacter } from '../../../shared/src/text/storable-text';
import { LedgerReader } from '../../../shared/src/ledger/ledger-reader';
import { toLedgerEntry } from '../../../shared/src/ledger/ledger.type';
import type { Registry } from './registry';
import { RegistryInputError, RegistryNotFoundError } from './registry';

type Authenticate = (req: Request) => Promise<Principal>;

/**
 * The registry over HTTP, for the `trellis` CLI and CI pipelines, on every gateway:
 *
 *   GET  /supergraph                       the supergraph in service (ETag; If-None-Match → 304)
 *   GET  /registry/subgraphs               the subgraphs in the supergraph
 *   GET  /registry/subgraphs/:name         a subgraph's history, newest first
 *   POST /registry/check                   { name, url?, sdl } → the check report, changes nothing
 *   POST /registry/publish                 { name, url, sdl, reason, acceptBreaking? }
 *   POST /registry/remove                  { name, reason, acceptBreaking? }
 *   POST /registry/rollback                { version, reason }
 *   GET  /registry/supergraphs             the composed supergraphs, newest first
 *   GET  /registry/ledger                  the registry's ledger and its verification
 *
 * Reading needs `registry:read`, changing `registry:write` (the platform role), the ledger `ledger:read`.
 */
export function registryRoutes(registry: Registry, authenticate: Authenticate): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '5mb' }));

  const guard =
    (scope: string, handler: (req: Request, res: Response, principal: Principal) => Promise<unknown>) =>
    async (req: Request, res: Response) => {
      let principal: Principal;
      try {
        principal = await authenticate(req);
      } catch (error) {
        return res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: (error as Error).message } });
      }
      if (!grantedScopes(principal).has(scope)) {
        return res.status(403).json({ error: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', message: `This needs the ${scope} scope (the platform role has it); your token lacks it.` } });
      }
      try {
        await handler(req, res, principal);
      } catch (error) {
        if (error instanceof RegistryInputError) return res.status(400).json({ error: { code: 'BAD_USER_INPUT', message: error.message } });
        if (error instanceof RegistryNotFoundError) return res.status(404).json({ error: { code: 'NOT_FOUND', message: error.message } });
        const code = (error as { extensions?: { code?: string } }).extensions?.code;
        if (code) return res.status(400).json({ error: { code, message: (error as Error).message } });
        throw error;
      }
    };
  // Everything stored is text PostgreSQL gives back unchanged (an SDL may carry NUL in a comment).
  const text = (value: unknown, field: string) => {
    if (typeof value !== 'string' || !value.trim()) throw new RegistryInputError(`"${field}" is required`);
    const bad = findUnstorableCharacter(value);
    if (bad) throw new RegistryInputError(`"${field}" ${describeUnstorable(bad)}`);
    return value;
  };
  const reasonOf = (value: unknown) => requireReason(text(value, 'reason'));
  const caller = (_req: Request, principal: Principal) => ({ principal, requestId: randomUUID() });

  router.get('/subgraphs', guard('registry:read', async (_req, res) => {
    const active = await registry.activeSubgraphs();
    res.json({ subgraphs: active.map(({ name, version, routingUrl, publishedBy, publishedAt, reason }) => ({ name, version, routingUrl, publishedBy, publishedAt, reason })) });
  }));

  router.get('/subgraphs/:name', guard('registry:read', async (req, res) => {
    const versions = await registry.history(String(req.params.name));
    if (versions.length === 0) throw new RegistryNotFoundError(`there is no subgraph "${req.params.name}"`);
    res.json({ name: req.params.name, versions: versions.map(({ sdl: _sdl, ...v }) => v) });
  }));

  router.post('/check', guard('registry:read', async (req, res) => {
    const { supergraphSdl: _sdl, ...report } = await registry.check({ name: text(req.body.name, 'name'), url: req.body.url, sdl: text(req.body.sdl, 'sdl') });
    res.status(report.ok ? 200 : 422).json(report);
  }));

  router.post('/publish', guard('registry:write', async (req, res, principal) => {
    const outcome = await registry.publish(caller(req, principal), {
      name: text(req.body.name, 'name'),
      url: text(req.body.url, 'url'),
      sdl: text(req.body.sdl, 'sdl'),
      reason: reasonOf(req.body.reason),
      acceptBreaking: req.body.acceptBreaking === true,
    });
    res.status(outcome.ok ? 200 : outcome.refused === 'NOT_FOUND' ? 404 : 422).json(outcome);
  }));

  router.post('/remove', guard('registry:write', async (req, res, principal) => {
    const outcome = await registry.remove(caller(req, principal), {
      name: text(req.body.name, 'name'),
      reason: reasonOf(req.body.reason),
      acceptBreaking: req.body.acceptBreaking === true,
    });
    res.status(outcome.ok ? 200 : outcome.refused === 'NOT_FOUND' ? 404 : 422).json(outcome);
  }));

  router.post('/rollback', guard('registry:write', async (req, res, principal) => {
    const version = Number(req.body.version);
    if (!Number.isInteger(version) || version < 1) throw new RegistryInputError('"version" must be a supergraph version number');
    res.json({ ok: true, supergraph: await registry.rollback(caller(req, principal), { version, reason: reasonOf(req.body.reason) }) });
  }));

  router.get('/supergraphs', guard('registry:read', async (_req, res) => {
    const rows = await registry.supergraphs();
    res.json({ supergraphs: rows.map(({ sdl: _sdl, ...s }) => s) });
  }));

  router.get('/ledger', guard('ledger:read', async (req, res) => {
    const reader = new LedgerReader(registry.dataSource);
    const first = Math.max(1, Math.min(Math.trunc(Number(req.query.first ?? 100)) || 100, 500));
    const page = await reader.page({}, first, typeof req.query.after === 'string' ? req.query.after : null);
    res.json({ entries: page.nodes.map(toLedgerEntry), pageInfo: page.pageInfo, verify: await verifyLedger(registry.dataSource.manager) });
  }));

  return router;
}

/** GET /supergraph: the supergraph in service, for other routers, with an ETag. */
export function supergraphRoute(registry: Registry, authenticate: Authenticate) {
  return async (req: Request, res: Response) => {
    try {
      const principal = await authenticate(req);
      if (!grantedScopes(principal).has('registry:read')) {
        return res.status(403).json({ error: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', message: 'This needs the registry:read scope.' } });
      }
    } catch (error) {
      return res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: (error as Error).message } });
    }
    const current = await registry.current();
    if (!current) return res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No supergraph has been composed yet.' } });
    const etag = `"${current.hash}"`;
    res.setHeader('ETag', etag);
    res.setHeader('X-Trellis-Supergraph-Version', String(current.version));
    res.setHeader('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === etag) return res.status(304).end();
    res.type('text/plain').send(current.sdl);
  };
}
