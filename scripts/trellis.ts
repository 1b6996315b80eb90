#!/usr/bin/env node
import { mintLocalToken } from '../shared/src/auth/local-token';
import { loadConfig, resolveJwtSecret } from '../shared/src/config';
import { runGatewayProcess } from '../gateway/src/run-gateway';
import { GATEWAY_USAGE, gatewayCommand } from './cli/gateway-command';
import { runCli } from './cli/run';

/**
 * `npm run trellis -- …` or `npx trellis …`. Without --token or TRELLIS_TOKEN it mints a platform
 * token for the local installation (from the data folder's secret), as `npm run token` would. It
 * holds no signing key: schemas given by URL are read by the registry itself.
 */
const argv = process.argv.slice(2);
if (argv[0] === 'gateway') {
  const command = gatewayCommand(argv.slice(1));
  if (command.ok) runGatewayProcess(command.options);
  else {
    process.stderr.write(command.help ? `${GATEWAY_USAGE}\n` : `trellis: ${command.message}\n${GATEWAY_USAGE}\n`);
    process.exit(command.help ? 0 : 2);
  }
} else runRegistryCommand();

function runRegistryCommand(): void {
  const config = loadConfig();
  runCli(argv, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    gateway: `http://localhost:${config.gatewayPort}`,
    token: async () =>
      config.cliToken ??
      mintLocalToken(resolveJwtSecret(config), config.auth, { sub: 'cli:platform', roles: ['platform', 'auditor'], brands: '*', expiresIn: '10m' }),
  }).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`trellis: unexpected: ${error.message}\n`);
      process.exit(2);
    },
  );
}
