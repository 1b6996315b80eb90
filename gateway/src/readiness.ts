export interface SubgraphHealth {
  name: string;
  ok: boolean;
  detail?: string;
}

/** A subgraph's health endpoint sits beside its GraphQL endpoint: `/graphql` → `/health`. */
export function healthUrl(routingUrl: string): string {
  const url = new URL(routingUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + '/health';
  return url.toString();
}

/** Asks every subgraph's health check at once; a slow or failing answer counts as down. */
export async function checkSubgraphs(
  subgraphs: readonly { name: string; url: string }[],
  timeoutMs = 1500,
): Promise<SubgraphHealth[]> {
  return Promise.all(
    subgraphs.map(async ({ name, url }) => {
      try {
        const response = await fetch(healthUrl(url), { signal: AbortSignal.timeout(timeoutMs) });
        return response.ok ? { name, ok: true } : { name, ok: false, detail: `health check answered ${response.status}` };
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return { name, ok: false, detail: cause ?? (error as Error).message };
      }
    }),
  );
}
