import { createHash } from 'node:crypto';
import type { RequestHandler, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { mayAccessBrandSlug, type Principal } from '../../../shared/src/auth/principal';
import type { PersistedOperationsMode } from '../../../shared/src/config';
import type { ErrorCode } from '../../../shared/src/errors';
import { negotiatedMediaType } from '../http/json-status-plugin';
import { headerValue } from '../usage/usage-recorder';

interface ClientEntry {
  loadedAt: number;
  app: { brand: string; mode: PersistedOperationsMode | null } | null;
  /** id → body */
  operations: Map<string, string>;
  /** SHA-256 of every registered body, for operations sent as text under `require`. */
  bodies: Set<string>;
}

const TTL_MS = 5_000;
const MAX_CLIENTS = 1_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The id a request names its operation by: Apollo's `extensions.persistedQuery.sha256Hash`, or `documentId` / `doc_id`. */
export function persistedIdOf(body: Record<string, unknown>): string | undefined {
  const extensions = body.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const candidates = [extensions?.persistedQuery?.sha256Hash, body.documentId, body.doc_id];
  const id = candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
  return id?.replace(/^sha256:/, '');
}

/**
 * Registered operations at the gateway. A request that names an operation by id (see
 * `persistedIdOf`) runs the body the calling client app registered under that id — only its own
 * app's operations, and only for a caller holding the app's brand; anything else is
 * PERSISTED_QUERY_NOT_FOUND, the same answer as an id nobody registered. The id is swapped for the
 * body before Apollo Server sees the request, so Apollo's own (shared) persisted-query cache stays
 * off. Per app (its registered setting) or globally (PERSISTED_OPERATIONS):
 *
 * - `off`: ids are refused (PERSISTED_QUERY_NOT_SUPPORTED), text runs; so is an id sent without a client app name;
 * - `allow`: registered ids and text both run;
 * - `require`: only registered operations run — by id, or as text identical to a registered body.
 *
 * The client app is named by `apollographql-client-name`, which the caller chooses: a per-app
 * `require` holds that app to its manifest; to refuse unregistered operations from everyone, set
 * PERSISTED_OPERATIONS=require. Every refusal is counted (`onRefusal`).
 */
export class PersistedOperations {
  private readonly clients = new Map<string, ClientEntry | Promise<ClientEntry>>();
  /** The names of the registered apps: a name nobody registered costs no query of its own (the header is the caller's to choose). */
  private names?: { loadedAt: number; names: Promise<Set<string>> };

  constructor(
    private readonly dataSource: DataSource,
    private readonly mode: PersistedOperationsMode,
    private readonly onRefusal: (client: string, code: ErrorCode) => void = () => {},
  ) {}

  /** Forgets what it knows of an app (it was just registered again). */
  invalidate(client: string): void {
    this.clients.delete(client);
    this.names = undefined;
  }

  private registeredNames(): Promise<Set<string>> {
    if (!this.names || Date.now() - this.names.loadedAt > TTL_MS) {
      const names = this.dataSource.query('SELECT name FROM client_app').then((rows: { name: string }[]) => new Set(rows.map((r) => r.name)));
      this.names = { loadedAt: Date.now(), names };
      names.catch(() => (this.names = undefined));
    }
    return this.names.names;
  }

  middleware(): RequestHandler {
    return (req, res, next) => {
      this.handle(req, res).then((go) => (go ? next() : undefined), next);
    };
  }

  /** True: go on with the request (perhaps rewritten); false: it was answered. */
  private async handle(req: Request, res: Response): Promise<boolean> {
    const client = headerValue(req.header('apollographql-client-name'));
    const get = req.method === 'GET';
    const url = get ? new URL(req.originalUrl, 'http://gateway') : undefined;
    const body: Record<string, unknown> = get ? getParams(url!) : ((req.body ?? {}) as Record<string, unknown>);
    const id = persistedIdOf(body);
    if (!id && this.mode !== 'require' && !client) return true;
    const entry = client ? await this.entry(client) : undefined;
    const mode = entry?.app?.mode ?? this.mode;

    if (id) {
      // There is no shared cache of operations by hash: ids name a registered app's operations, so without an app there is nothing to find.
      if (!client) return this.refuse(req, res, client, 'PERSISTED_QUERY_NOT_SUPPORTED', 'Operations by id run only for a registered client app: send apollographql-client-name, or the operation’s text.');
      if (mode === 'off') return this.refuse(req, res, client, 'PERSISTED_QUERY_NOT_SUPPORTED', 'Operations by id are not accepted here: send the operation’s text.');
      const principal = res.locals.principal as Principal;
      const allowed = entry?.app && mayAccessBrandSlug(principal, entry.app.brand);
      const registered = allowed ? entry.operations.get(id) : undefined;
      if (registered === undefined) {
        return this.refuse(req, res, client, 'PERSISTED_QUERY_NOT_FOUND', `No operation "${id}" is registered for the client app "${client}" (apollographql-client-name).`);
      }
      const { extensions, documentId: _d, doc_id: _i, ...rest } = body as { extensions?: Record<string, unknown>; documentId?: unknown; doc_id?: unknown };
      const { persistedQuery: _p, ...otherExtensions } = extensions ?? {};
      const rewritten: Record<string, unknown> = { ...rest, query: registered, ...(Object.keys(otherExtensions).length ? { extensions: otherExtensions } : {}) };
      if (get) {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(rewritten)) params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
        req.url = `${req.url.split('?')[0]}?${params.toString()}`;
      } else {
        req.body = rewritten;
      }
      return true;
    }
    if (mode === 'require') {
      const text = typeof body.query === 'string' ? body.query : undefined;
      if (!text || !entry?.app || !entry.bodies.has(sha256(text))) {
        return this.refuse(req, res, client, 'PERSISTED_QUERY_NOT_FOUND', `Only registered operations run for ${client ? `the client app "${client}"` : 'this gateway'}: send a registered operation’s id.`);
      }
    }
    return true;
  }

  private refuse(req: Request, res: Response, client: string, code: ErrorCode, message: string): false {
    this.onRefusal(client, code);
    const status = negotiatedMediaType(req.headers.accept) === 'application/json' ? 200 : 400;
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
    return false;
  }

  private async entry(client: string): Promise<ClientEntry> {
    if (!(await this.registeredNames()).has(client)) return { loadedAt: Date.now(), app: null, operations: new Map(), bodies: new Set() };
    const known = this.clients.get(client);
    if (known && (known instanceof Promise || Date.now() - known.loadedAt < TTL_MS)) return known;
    if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
    const loading = this.load(client);
    this.clients.set(client, loading);
    try {
      const entry = await loading;
      this.clients.set(client, entry);
      return entry;
    } catch (error) {
      this.clients.delete(client);
      throw error;
    }
  }

  private async load(client: string): Promise<ClientEntry> {
    const [app] = await this.dataSource.query('SELECT brand_slug, persisted_mode FROM client_app WHERE name = $1', [client]);
    const rows: { id: string; body: string; body_hash: string }[] = app ? await this.dataSource.query('SELECT id, body, body_hash FROM client_operation WHERE client_name = $1', [client]) : [];
    return {
      loadedAt: Date.now(),
      app: app ? { brand: app.brand_slug, mode: app.persisted_mode } : null,
      operations: new Map(rows.map((r) => [r.id, r.body])),
      bodies: new Set(rows.map((r) => r.body_hash.trim())),
    };
  }
}

function getParams(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) {
    if (k === 'extensions' || k === 'variables') {
      try {
        out[k] = JSON.parse(v);
      } catch {
        out[k] = v;
      }
    } else out[k] = v;
  }
  return out;
}
