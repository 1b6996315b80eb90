import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { mintLocalToken } from '../shared/src/auth/local-token';
import { loadConfig, resolveJwtSecret } from '../shared/src/config';
import { ExportError, exportLedgers } from './audit/export-ledgers';

/**
 * `npm run -s audit -- export [--brand <slug>] [--from <date>] [--to <date>] [--out <file>]` (or
 * `trellis audit export …`)
 *
 * One JSON line per ledger entry of all three ledgers, merged in time order, then one line with
 * each chain's verification: only those lines on stdout (messages go to stderr), so the output
 * pipes into `jq`. Exit 0 when every chain verifies, 1 when one is broken, 2 when the export could
 * not be made.
 */
const USAGE = `usage: npm run -s audit -- export [--brand <slug>] [--from <ISO date>] [--to <ISO date>] [--out <file>] [--gateway <url>] [--token <jwt>]
   or: trellis audit export …`;

function fail(message: string): never {
  console.error(`audit: ${message}`);
  process.exit(2);
}

async function exportCommand(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        brand: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
        gateway: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals[0] !== 'export' || positionals.length !== 1) fail(USAGE);
  const date = (name: 'from' | 'to') => {
    const value = values[name];
    if (value === undefined) return undefined;
    const parsedDate = new Date(value);
    if (Number.isNaN(parsedDate.getTime())) fail(`--${name} "${value}" is not a date (use e.g. 2026-01-31 or 2026-01-31T12:00:00Z)`);
    return parsedDate.toISOString();
  };
  const from = date('from');
  const to = date('to');

  const config = loadConfig();
  const token =
    values.token ??
    // Locally, an auditor token signed with the installation's secret.
    (await mintLocalToken(resolveJwtSecret(config), config.auth, { sub: 'cli:audit-export', roles: ['auditor'], brands: '*', expiresIn: '10m' }));
  const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
  const result = await exportLedgers({
    gatewayUrl: values.gateway ?? `http://localhost:${config.gatewayPort}/graphql`,
    token,
    brand: values.brand,
    from,
    to,
    write: (line) => out.write(`${line}\n`),
  });
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
  const broken = Object.entries(result.verification).filter(([, v]) => !v.ok);
  if (broken.length > 0) {
    console.error(`audit: ${broken.map(([name, v]) => `the ${name} ledger is broken at seq ${v.firstBrokenSeq}`).join('; ')}`);
    process.exit(1);
  }
  console.error(`audit: ${result.entries} entries exported; all three chains verify`);
}

/** Runs `audit <argv>`; exits the process with 2 when the export could not be made. */
export function runAudit(argv: string[]): Promise<void> {
  return exportCommand(argv).catch((error: Error) => fail(error instanceof ExportError ? error.message : `unexpected: ${error.message}`));
}

if (require.main === module) void runAudit(process.argv.slice(2));
