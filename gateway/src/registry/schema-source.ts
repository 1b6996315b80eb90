import type { Principal } from '../../../shared/src/auth/principal';
import type { RequestSigner } from '../../../shared/src/auth/signing';
import type { UrlAllowlist } from '../../../shared/src/net/url-allowlist';
import { signedSubgraphQuery } from '../subgraph-query';
import type { Refusal } from './api';
import { invalidName, refuse, urlNotAllowed } from './operations/refusals';

/** Reads `_service { sdl }` from a running subgraph: the SDL, or why it could not. */
export type SchemaFetcher = (subgraph: { name: string; url: string }) => Promise<{ ok: true; sdl: string } | { ok: false; message: string }>;

/** Who the registry is when it asks a subgraph for its schema: nobody with any scope or brand. */
export const REGISTRY_PRINCIPAL: Principal = { sub: 'system:registry', roles: [], scopes: [], brands: [], brandIds: [] };

/**
 * The gateway's way of reading a schema: a request signed with its key for the subgraph named
 * (the signature's audience), with a time limit, following no redirect.
 */
export function signedSchemaFetcher(signer: RequestSigner, timeoutMs = 5000): SchemaFetcher {
  return async (subgraph) => {
    try {
      const data = await signedSubgraphQuery<{ _service?: { sdl?: unknown } }>(subgraph, signer, REGISTRY_PRINCIPAL, '{ _service { sdl } }', { timeoutMs });
      const sdl = data._service?.sdl;
      return typeof sdl === 'string' && sdl.trim() ? { ok: true, sdl } : { ok: false, message: `${subgraph.url} gave no schema` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  };
}

/**
 * A subgraph's schema read from its URL by the registry itself — only from a URL in the allowlist,
 * checked before any request is made.
 */
export async function fetchSubgraphSchema(
  registry: { allowlist: UrlAllowlist; fetchSchema: SchemaFetcher },
  subgraph: { name: string; url: string },
): Promise<{ outcome: 'read'; sdl: string } | Refusal> {
  const refused = invalidName(subgraph.name) ?? urlNotAllowed(registry.allowlist, subgraph.url, 'schemaUrl');
  if (refused) return refused;
  const fetched = await registry.fetchSchema(subgraph);
  if (!fetched.ok) return refuse('SCHEMA_UNAVAILABLE', `cannot read the schema of ${subgraph.name} from ${subgraph.url}: ${fetched.message}`, { field: 'schemaUrl' });
  return { outcome: 'read', sdl: fetched.sdl };
}
