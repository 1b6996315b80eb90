import 'reflect-metadata';
import { z } from 'zod';
import { ConfigError, withDatabase } from '../../../shared/src/config';
import { runSubgraphProcess } from '../../../shared/src/subgraph/main';
import { sustainabilitySubgraph } from './subgraph';

/**
 * The shared configuration knows only the three core subgraphs: this one listens on
 * SUSTAINABILITY_PORT (default 4004) and keeps its data in `trellis_sustainability` on DATABASE_URL.
 */
runSubgraphProcess(sustainabilitySubgraph, (config) => {
  const port = z.coerce.number().int().min(0).max(65535).default(4004).safeParse(process.env.SUSTAINABILITY_PORT);
  if (!port.success) throw new ConfigError(`Invalid configuration: SUSTAINABILITY_PORT: ${port.error.issues[0]!.message}`);
  if (!config.databaseUrl) throw new ConfigError('No database for the sustainability subgraph: set DATABASE_URL.');
  return { port: port.data, databaseUrl: withDatabase(config.databaseUrl, 'trellis_sustainability') };
});
