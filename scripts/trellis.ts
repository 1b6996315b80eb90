#!/usr/bin/env node
import { SignJWT } from 'jose';
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
    new SignJWT({ roles: ['platform', 'auditor'], scopes: [], brands: '*' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('cli:platform')
      .setIssuer(config.auth.issuer)
      .setAudience(config.auth.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(resolveSecrets(config).jwtSecret)),
  introspect: async (url) =>
    (await signedQuery<{ _service: { sdl: string } }>(url, resolveSecrets(config).signingSecret, GATEWAY_PRINCIPAL, '{ _service { sdl } }'))._service.sdl,
}).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`trellis: unexpected: ${error.message}\n`);
    process.exit(2);
  },
);
