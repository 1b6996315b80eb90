import { randomUUID } from 'node:crypto';
import type { Principal } from '../../shared/src/auth/principal';
import { SIGNATURE_HEADER, type RequestSigner } from '../../shared/src/auth/signing';

/**
 * A GraphQL query the gateway sends to one subgraph for its own needs (its schema, the brand
 * directory), signed like every subgraph request it makes.
 */
export async function signedSubgraphQuery<T>(
  subgraph: { name: string; url: string },
  signer: RequestSigner,
  principal: Principal,
  query: string,
  options: { variables?: Record<string, unknown>; timeoutMs?: number } = {},
): Promise<T> {
  const body = JSON.stringify({ query, variables: options.variables });
  const signature = await signer.sign({ audience: subgraph.name, method: 'POST', body, principal, requestId: randomUUID() });
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
    body,
    // A subgraph never redirects; following one would carry the signature to wherever it points.
    redirect: 'error',
    signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
  });
  const parsed = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
  if (!parsed.data || parsed.errors?.length) {
    throw new Error(`${subgraph.url} answered HTTP ${response.status}${parsed.errors?.length ? `: ${parsed.errors[0]!.message}` : ''}`);
  }
  return parsed.data;
}
