#!/usr/bin/env node
import { mintLocalToken } from '../shared/src/auth/local-token';
import { gatewaySigningKey } from '../shared/src/auth/key-material';
import { GATEWAY_PRINCIPAL } from '../shared/src/auth/principal';
import { RequestSigner } from '../shared/src/auth/signing';
import { loadConfig, resolveJwtSecret } from '../shared/src/config';
import { signedSubgraphQuery } from '../gateway/src/subgraph-query';
import { runCli } from './cli/run';

/**
 * `npm run trellis -- …` or `npx trellis …`. Without --token or TRELLIS_TOKEN it mints a platform
 * token for the local installation (from the data folder's secret), as `npm run token` would.
 */
const config = loadConfig();
runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  gateway: `http://localhost:${config.gatewayPort}`,
  token: async () =>
    config.cliToken ??
    mintLocalToken(resolveJwtSecret(config), config.auth, { sub: 'cli:platform', roles: ['platform', 'auditor'], brands: '*', expiresIn: '10m' }),
  // Locally, the schema is read with the installation's gateway key (the registry will fetch it itself).
  introspect: async (url, name) =>
    (await signedSubgraphQuery<{ _service: { sdl: string } }>({ name, url }, new RequestSigner(await gatewaySigningKey(config)), GATEWAY_PRINCIPAL, '{ _service { sdl } }'))._service.sdl,
}).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`trellis: unexpected: ${error.message}\n`);
    process.exit(2);
  },
);
