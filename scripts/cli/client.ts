import type { ApiError, ErrorResponse } from '../../gateway/src/registry/api';
import { UsageError } from './command';

export type Answer<T> = { ok: true; status: number; body: T; headers: Headers } | { ok: false; status: number; error: ApiError };

/**
 * The registry's HTTP API as the CLI calls it: typed by `gateway/src/registry/api.ts`, errors read
 * from GraphQL's `{ errors: [...] }` shape. Only an unreachable gateway is an exception (exit 2).
 */
export class RegistryClient {
  constructor(
    private readonly base: string,
    private readonly token: () => Promise<string>,
  ) {}

  get<T>(path: string): Promise<Answer<T>> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<Answer<T>> {
    return this.call<T>('POST', path, body);
  }

  /** The body as text (the supergraph SDL), or the error. */
  async text(path: string): Promise<Answer<string>> {
    const response = await this.send('GET', path);
    const text = await response.text();
    return response.ok
      ? { ok: true, status: response.status, body: text, headers: response.headers }
      : { ok: false, status: response.status, error: errorOf(response.status, text) };
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer<T>> {
    const response = await this.send(method, path, body);
    const text = await response.text();
    if (!response.ok) return { ok: false, status: response.status, error: errorOf(response.status, text) };
    try {
      return { ok: true, status: response.status, body: JSON.parse(text) as T, headers: response.headers };
    } catch {
      throw new UsageError(`the gateway at ${this.base} answered HTTP ${response.status} with something that is not JSON`, 'SERVICE_UNAVAILABLE');
    }
  }

  private async send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const authorization = `Bearer ${await this.token()}`;
    try {
      return await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new UsageError(`cannot reach the gateway at ${this.base}: ${(error as Error).message}`, 'SERVICE_UNAVAILABLE');
    }
  }
}

function errorOf(status: number, text: string): ApiError {
  try {
    const first = (JSON.parse(text) as ErrorResponse).errors?.[0];
    if (first?.extensions?.code) return first;
  } catch {
    // not JSON
  }
  return { message: `HTTP ${status}`, extensions: { code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } };
}
