/** A small structured logger: one JSON-free line per event, levels filtered once. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, extra?: unknown): void;
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
}

export function createLogger(name: string, level: LogLevel = 'info'): Logger {
  const min = ORDER[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, extra?: unknown) => {
    if (ORDER[lvl] < min) return;
    const line = `[${name}] ${msg}`;
    const stream = lvl === 'error' || lvl === 'warn' ? console.error : console.log;
    if (extra === undefined) stream(line);
    else stream(line, extra);
  };
  return {
    debug: (m, e) => emit('debug', m, e),
    info: (m, e) => emit('info', m, e),
    warn: (m, e) => emit('warn', m, e),
    error: (m, e) => emit('error', m, e),
  };
}
