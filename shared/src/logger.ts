import { trace } from '@opentelemetry/api';
import pino, { type Logger as PinoLogger } from 'pino';

/**
 * Structured logs (pino): one JSON object per line — time, level, service, message, and the
 * request id, trace id and subject where there are ones — or readable lines when a person runs a
 * service in a terminal. Tokens, authorization headers and secrets are never written: they are
 * redacted wherever they appear in what is logged. `@sensitive` values never reach a log line (no
 * code logs response data).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'json' | 'pretty' | 'auto';

export interface Logger {
  debug(msg: string, extra?: unknown): void;
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
  /** A logger whose every line carries these fields too (e.g. a request's id). */
  child(bindings: Record<string, unknown>): Logger;
  /**
   * One access line (`request`, at info) of fields the caller fixes and that hold no secret
   * (method, path, status, ids, operation name, error codes): written without the redaction every
   * other line goes through, which cost more than the line itself on every request.
   */
  access(fields: Record<string, unknown>): void;
}

const REDACT = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'password',
  '*.password',
  '["x-trellis-signature"]',
  '*["x-trellis-signature"]',
];

let format: LogFormat = 'auto';

/** How logs are written by loggers created from now on: JSON lines, readable lines, or JSON unless on a terminal. */
export function setLogFormat(value: LogFormat): void {
  format = value;
}

/** `destination`: where the lines go (standard output unless given: tests pass their own stream). */
export function createLogger(service: string, level: LogLevel = 'info', destination?: NodeJS.WritableStream): Logger {
  const pretty = !destination && (format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true));
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    // The trace a line belongs to, when one is active: logs and traces meet on it.
    mixin: () => {
      const span = trace.getActiveSpan()?.spanContext();
      return span && span.traceId !== '00000000000000000000000000000000' ? { traceId: span.traceId, spanId: span.spanId } : {};
    },
  };
  const stream = destination ?? (pretty ? prettyStream() : pino.destination({ dest: 1, sync: true }));
  return wrap(pino({ ...options, redact: { paths: REDACT, censor: '[redacted]' } }, stream), pino(options, stream));
}

function prettyStream(): NodeJS.WritableStream {
  // Loaded only for a terminal: production logs never pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pinoPretty = require('pino-pretty') as (options: object) => NodeJS.WritableStream;
  return pinoPretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', messageFormat: '[{service}] {msg}', sync: true });
}

function wrap(log: PinoLogger, accessLog: PinoLogger): Logger {
  const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, extra?: unknown) => {
    if (extra === undefined) log[level](msg);
    else if (extra instanceof Error) log[level]({ err: extra }, msg);
    else if (extra && typeof extra === 'object') log[level](extra as object, msg);
    else log[level]({ detail: extra }, msg);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (bindings) => wrap(log.child(bindings), accessLog.child(bindings)),
    access: (fields) => accessLog.info(fields, 'request'),
  };
}
