import { loadConfig, type TrellisConfig } from '../config';
import { createLogger, setLogFormat, type Logger } from '../logger';
import { startTracing, type Tracing } from './tracing';

/**
 * What every service process does first: read the configuration, set up its logs (JSON lines, or
 * readable ones on a terminal) and, when configured, its traces. A configuration error is logged
 * as one line and the process exits non-zero.
 */
export function bootProcess(service: string): { config: TrellisConfig; logger: Logger; tracing: Tracing | null } {
  let config: TrellisConfig;
  try {
    config = loadConfig();
  } catch (error) {
    createLogger(service).error((error as Error).message);
    process.exit(1);
  }
  setLogFormat(config.logFormat);
  return { config, logger: createLogger(service, config.logLevel), tracing: startTracing(service, config.tracing) };
}
