#!/usr/bin/env node
import { mintLocalToken } from '../shared/src/auth/local-token';
import { loadConfig, resolveJwtSecret, type TrellisConfig } from '../shared/src/config';
import { runCli } from './cli/run';

/**
 * `npx trellis …`, `npm run trellis -- …`, or `trellis …` in the container. The registry commands
 * (scripts/cli/) go to the registry behind a gateway; without --token or TRELLIS_TOKEN they mint a
 * platform token for the local installation (from the data folder's secret, or JWT_SECRET), as
 * `npm run token` would. It holds no signing key: schemas given by URL are read by the registry
 * itself. `token`, `audit` and `keys` work on the local installation (scripts/token.ts, audit.ts,
 * keys.ts), loaded only when asked for.
 */
let argv = process.argv.slice(2);
// `trellis help token` is `trellis token --help`.
if (argv[0] === 'help' && argv[1] !== undefined && ['token', 'audit', 'keys', 'gateway'].includes(argv[1])) argv = [argv[1], '--help'];
const local: Record<string, () => (argv: string[]) => Promise<void>> = {
  token: () => (require('./token') as typeof import('./token')).runToken,
  audit: () => (require('./audit') as typeof import('./audit')).runAudit,
  keys: () => (require('./keys') as typeof import('./keys')).runKeys,
  // `trellis gateway --supergraph <file>`: the gateway itself, on a supergraph file (a long-running process).
  gateway: () => async (args) => {
    const { GATEWAY_USAGE, gatewayCommand } = require('./cli/gateway-command') as typeof import('./cli/gateway-command');
    const command = gatewayCommand(args);
    if (command.ok) (require('../gateway/src/run-gateway') as typeof import('../gateway/src/run-gateway')).runGatewayProcess(command.options);
    else if (command.help) process.stdout.write(`${GATEWAY_USAGE}\n`);
    else fail(`${command.message}\n${GATEWAY_USAGE}`);
  },
};

function fail(message: string): never {
  process.stderr.write(`trellis: ${message}\n`);
  process.exit(2);
}

if (argv[0] !== undefined && argv[0] in local) {
  void local[argv[0]]!()(argv.slice(1));
} else {
  let config: TrellisConfig;
  try {
    config = loadConfig();
  } catch (error) {
    fail((error as Error).message);
  }
  runCli(argv, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    gateway: `http://localhost:${config.gatewayPort}`,
    token: async () =>
      config.cliToken ??
      mintLocalToken(resolveJwtSecret(config), config.auth, { sub: 'cli:platform', roles: ['platform', 'auditor'], brands: '*', expiresIn: '10m' }),
  }).then(
    (code) => process.exit(code),
    (error: Error) => fail(`unexpected: ${error.message}`),
  );
}
