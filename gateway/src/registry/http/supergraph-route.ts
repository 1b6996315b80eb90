import type { Request, Response } from 'express';
import { jsonError } from '../../../../shared/src/http/request-errors';
import type { Registry } from '../registry';
import { guarded, type Authenticate } from './guard';

/** GET /supergraph: the supergraph in service, for other routers, with an ETag (`If-None-Match` → 304). Needs `registry:read`. */
export function supergraphRoute(registry: Pick<Registry, 'current'>, authenticate: Authenticate) {
  return guarded(authenticate, 'registry:read', async (req: Request, res: Response) => {
    const current = await registry.current();
    if (!current) return jsonError(res, 404, 'NOT_FOUND', 'No supergraph has been composed yet.');
    const etag = `"${current.hash}"`;
    res.setHeader('ETag', etag);
    res.setHeader('X-Trellis-Supergraph-Version', String(current.version));
    res.setHeader('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === etag) return res.status(304).end();
    res.type('text/plain').send(current.sdl);
  });
}
