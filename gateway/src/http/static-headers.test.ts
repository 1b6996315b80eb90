import helmet from 'helmet';
import type { RequestHandler } from 'express';
import { staticHeaders } from './static-headers';

/** A response that records what middlewares do to its headers. */
function recordingResponse() {
  const headers = new Map<string, unknown>([['x-powered-by', 'Express']]);
  return {
    headers,
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
}

function run(middleware: RequestHandler) {
  const res = recordingResponse();
  let passed = false;
  middleware({} as never, res as never, () => (passed = true));
  return { headers: Object.fromEntries(res.headers), passed };
}

describe('staticHeaders', () => {
  it('sets exactly the headers helmet sets, and removes what it removes', () => {
    const options = { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false } as const;
    const fromHelmet = run(helmet(options));
    const precomputed = run(staticHeaders(helmet(options)));
    expect(precomputed).toEqual(fromHelmet);
    expect(precomputed.passed).toBe(true);
    expect(precomputed.headers['x-content-type-options']).toBe('nosniff');
    expect(precomputed.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses a middleware whose headers depend on the request', () => {
    const byMethod: RequestHandler = (req, res, next) => {
      res.setHeader('x-method', req.method);
      next();
    };
    expect(() => staticHeaders(byMethod)).toThrow(/reads the request/);
  });

  it('refuses a middleware that answers instead of passing the request on', () => {
    const answers: RequestHandler = (_req, res) => {
      res.end();
    };
    expect(() => staticHeaders(answers)).toThrow(/uses the response's end/);
  });
});
