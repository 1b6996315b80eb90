import type { RequestHandler } from 'express';

/**
 * A header middleware whose headers do not depend on the request (helmet's, configured once) as
 * one precomputed list: the middleware is run once against a recording response at start, and every
 * request then gets exactly the headers it set (and loses the ones it removed) — one function call
 * instead of a chain of a dozen middlewares per request.
 *
 * Refuses, at start, a middleware that reads the request or answers it: its headers would not be static.
 */
export function staticHeaders(middleware: RequestHandler): RequestHandler {
  const set: [string, string | string[]][] = [];
  const removed: string[] = [];
  let passed = false;
  const req = new Proxy(
    {},
    {
      get(_target, property) {
        throw new Error(`staticHeaders: the middleware reads the request (${String(property)}): its headers are not static`);
      },
    },
  );
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, Array.isArray(value) ? [...(value as string[])] : String(value)]);
      return res;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  const unknown = new Proxy(res, {
    get(target, property) {
      if (property in target) return target[property as keyof typeof target];
      throw new Error(`staticHeaders: the middleware uses the response's ${String(property)}: its headers are not static`);
    },
  });
  (middleware as unknown as (req: unknown, res: unknown, next: (error?: unknown) => void) => void)(req, unknown, (error?: unknown) => {
    if (error) throw error;
    passed = true;
  });
  if (!passed) throw new Error('staticHeaders: the middleware did not pass the request on synchronously');
  return (_req, response, next) => {
    for (const name of removed) response.removeHeader(name);
    for (const [name, value] of set) response.setHeader(name, value);
    next();
  };
}
