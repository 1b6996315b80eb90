import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Several middlewares as one. Express matches the path of, and for a mounted one rewrites the URL
 * for, every layer a request passes; the handlers a request always runs in a row go into one layer
 * instead. They run in order, each calling `next()` for the following one; an error — passed to
 * `next`, thrown, or a rejected promise — goes to `done` (Express's error handling), as Express
 * would send it.
 */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, done) => runChain(handlers, req, res, done);
}

/** Runs `handlers` as `chain` does, `done` after the last (or with the first error). */
export function runChain(handlers: readonly RequestHandler[], req: Request, res: Response, done: NextFunction): void {
  let index = 0;
  const next: NextFunction = (error?: unknown) => {
    if (error !== undefined && error !== null) return done(error);
    const handler = handlers[index++];
    if (!handler) return done();
    try {
      const result: unknown = handler(req, res, next);
      if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(undefined, (e: unknown) => done(e ?? new Error('rejected')));
    } catch (e) {
      done(e);
    }
  };
  next();
}
