/**
 * What one request did that only the gateway's parts see one at a time: the subgraphs it fetched
 * from. Kept in a WeakMap keyed by the request's context object, so it lives exactly as long as
 * the request, and nothing is added to the context's type.
 */
export interface RequestUsage {
  subgraphs: Set<string>;
}

const byContext = new WeakMap<object, RequestUsage>();

export function trackRequest(context: object): RequestUsage {
  const usage: RequestUsage = { subgraphs: new Set() };
  byContext.set(context, usage);
  return usage;
}

export function requestUsageOf(context: object | undefined): RequestUsage | undefined {
  return context ? byContext.get(context) : undefined;
}
