import { PassThrough } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger } from './logger';

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return { stream, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, service and message', () => {
    const out = capture();
    createLogger('inventory', 'info', out.stream).info('released 3 reservations', { count: 3 });
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'info', service: 'inventory', msg: 'released 3 reservations', count: 3 });
    expect(new Date(line!.time as string).toString()).not.toBe('Invalid Date');
  });

  it('filters by level', () => {
    const out = capture();
    const logger = createLogger('gateway', 'warn', out.stream);
    logger.info('quiet');
    logger.warn('loud');
    expect(out.lines().map((l) => l.msg)).toEqual(['loud']);
  });

  it('never writes a token, an authorization header, a signature or a secret', () => {
    const out = capture();
    createLogger('gateway', 'info', out.stream).info('request', {
      headers: { authorization: 'Bearer eyJhbGciOi.secret.token', 'x-trellis-signature': 'abc.def.ghi' },
      token: 'eyJhbGciOi.x.y',
      secret: 's3cret',
    });
    const text = JSON.stringify(out.lines());
    expect(text).not.toMatch(/eyJhbGciOi|abc\.def\.ghi|s3cret/);
    expect(text).toContain('[redacted]');
  });

  it('carries child fields, and the trace id of the active span', () => {
    const out = capture();
    const logger = createLogger('brands', 'info', out.stream).child({ requestId: 'r-1' });
    const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      context.with(trace.setSpanContext(context.active(), spanContext), () => logger.info('inside'));
    } finally {
      context.disable();
    }
    expect(out.lines()[0]).toMatchObject({ requestId: 'r-1', traceId: spanContext.traceId, spanId: spanContext.spanId });
  });

  it('logs an error with its message and stack under err', () => {
    const out = capture();
    createLogger('partners', 'info', out.stream).error('sweep failed', new Error('boom'));
    expect(out.lines()[0]).toMatchObject({ level: 'error', err: { message: 'boom', type: 'Error' } });
  });
});
