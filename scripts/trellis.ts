#!/usr/bin/env node
import { mintLocalToken } from '../shared/src/auth/local-token';
import { GATEWAY_PRINCIPAL } from '../shared/src/auth/principal';
import { loadConfig, resolveSecrets } from '../shared/src/config';
import { signedQuery } from '../shared/src/subgraph/signed-query';
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
    mintLocalToken(resolveSecrets(config).jwtSecret, config.auth, { sub: 'cli:platform', roles: ['platform', 'auditor'], brands: '*', expiresIn: '10m' }),
  introspect: async (url) =>
    (await signedQuery<{ _service: { sdl: string } }>(url, resolveSecrets(config).signingSecret, GATEWAY_PRINCIPAL, '{ _service { sdl } }'))._service.sdl,
}).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`trellis: unexpected: ${error.message}\n`);
    process.exit(2);
  },
);
