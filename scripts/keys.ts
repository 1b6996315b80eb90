import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { generateSigningKey } from '../shared/src/auth/keys';
import { CORE_SUBGRAPHS } from '../shared/src/config';

/**
 * `trellis keys --out <dir> [--previous <dir>] [--local-postgres]`: the keys and secrets of a
 * deployment, as env files (`KEY=value`, one line each) that become Kubernetes Secrets and
 * ConfigMaps (`kubectl create secret generic … --from-env-file`, or a kustomize generator):
 *
 *   gateway.env          GATEWAY_SIGNING_KEY, JWT_SECRET          secret: the gateway's only
 *   <subgraph>.env       SERVICE_SIGNING_KEY                      secret: that subgraph's only
 *   public-keys.env      GATEWAY_JWKS, SERVICE_JWKS               public: every service
 *   database.env         <NAME>_DATABASE_URL for an in-cluster PostgreSQL (--local-postgres)
 *   postgres.env         its POSTGRES_PASSWORD (--local-postgres)
 *
 * Key rotation: `--previous <dir>` (the files in use) adds `public-keys-rollover.env`, which trusts
 * the new keys and the previous ones at once, and keeps the previous JWT_SECRET (a new one would end
 * every token). docs/deploy.md has the order to roll them out in.
 *
 * Nothing but `--json` output goes to stdout; the files are written with mode 0600.
 */
const USAGE = `usage: trellis keys --out <dir> [--previous <dir>] [--local-postgres] [--subgraphs a,b,…] [--force]
       trellis keys --json [--previous <dir>] [--local-postgres] [--subgraphs a,b,…]

Writes gateway.env, <subgraph>.env (brands, inventory, partners), public-keys.env, and with
--local-postgres database.env and postgres.env (for deploy/k8s/overlays/local).
--previous <dir>: also public-keys-rollover.env (new and previous public keys), for a key rotation.`;

type EnvFile = Record<string, string>;

function fail(message: string): never {
  console.error(`keys: ${message}`);
  process.exit(2);
}

/** Reads `KEY=value` lines (the value taken literally, as kubectl and kustomize do). */
export function readEnvFile(file: string): EnvFile {
  const entries: EnvFile = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at < 1) throw new Error(`${file}: "${line.slice(0, 40)}" is not KEY=value`);
    entries[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return entries;
}

export function formatEnvFile(entries: EnvFile): string {
  for (const [key, value] of Object.entries(entries)) {
    if (/[\r\n]/.test(value)) throw new Error(`${key}: a value in an env file must be one line`);
  }
  return Object.entries(entries).map(([key, value]) => `${key}=${value}\n`).join('');
}

const keysOf = (jwks: unknown): JWK[] => ((jwks as { keys?: JWK[] } | undefined)?.keys ?? []);
const merged = (current: JWK[], previous: JWK[]): { keys: JWK[] } => ({
  keys: [...current, ...previous.filter((p) => !current.some((c) => c.kid === p.kid))],
});

export interface GeneratedKeys {
  files: Record<string, EnvFile>;
}

export async function generateKeys(options: { subgraphs: readonly string[]; previous?: Record<string, EnvFile>; localPostgres?: boolean }): Promise<GeneratedKeys> {
  const files: Record<string, EnvFile> = {};
  const gateway = await generateSigningKey();
  const previousGateway = options.previous?.['gateway.env'];
  files['gateway.env'] = {
    GATEWAY_SIGNING_KEY: JSON.stringify(gateway.privateJwk),
    JWT_SECRET: previousGateway?.JWT_SECRET ?? randomBytes(32).toString('base64url'),
  };
  const servicePublic: Record<string, { keys: JWK[] }> = {};
  for (const name of options.subgraphs) {
    const key = await generateSigningKey();
    files[`${name}.env`] = { SERVICE_SIGNING_KEY: JSON.stringify(key.privateJwk) };
    servicePublic[name] = { keys: [key.publicJwk] };
  }
  files['public-keys.env'] = { GATEWAY_JWKS: JSON.stringify({ keys: [gateway.publicJwk] }), SERVICE_JWKS: JSON.stringify(servicePublic) };

  const previousPublic = options.previous?.['public-keys.env'];
  if (previousPublic) {
    const oldGateway = keysOf(JSON.parse(previousPublic.GATEWAY_JWKS ?? '{}'));
    const oldServices = JSON.parse(previousPublic.SERVICE_JWKS ?? '{}') as Record<string, unknown>;
    const rollover: Record<string, { keys: JWK[] }> = {};
    for (const name of new Set([...options.subgraphs, ...Object.keys(oldServices)])) {
      rollover[name] = merged(servicePublic[name]?.keys ?? [], keysOf(oldServices[name]));
    }
    files['public-keys-rollover.env'] = {
      GATEWAY_JWKS: JSON.stringify(merged([gateway.publicJwk], oldGateway)),
      SERVICE_JWKS: JSON.stringify(rollover),
    };
  }

  if (options.localPostgres) {
    const password = options.previous?.['postgres.env']?.POSTGRES_PASSWORD ?? randomBytes(24).toString('base64url');
    files['postgres.env'] = { POSTGRES_USER: 'trellis', POSTGRES_PASSWORD: password, POSTGRES_DB: 'trellis' };
    const url = (database: string) => `postgres://trellis:${password}@trellis-postgres:5432/${database}`;
    files['database.env'] = Object.fromEntries(
      [...options.subgraphs, 'registry'].map((name) => [`${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`, url(`trellis_${name.replace(/-/g, '_')}`)]),
    );
  }
  return { files };
}

async function keysCommand(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        previous: { type: 'string' },
        'local-postgres': { type: 'boolean' },
        subgraphs: { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.out && !values.json) fail(`name --out <dir> (or --json)\n${USAGE}`);
  const subgraphs = values.subgraphs ? values.subgraphs.split(',').map((s) => s.trim()).filter(Boolean) : [...CORE_SUBGRAPHS];
  const badName = subgraphs.find((s) => !/^[a-z][a-z0-9-]*$/.test(s));
  if (badName !== undefined) fail(`"${badName}" is not a subgraph name (lower case letters, digits and dashes)`);

  let previous: Record<string, EnvFile> | undefined;
  if (values.previous) {
    previous = {};
    for (const file of ['gateway.env', 'public-keys.env', 'postgres.env']) {
      const at = path.join(values.previous, file);
      if (fs.existsSync(at)) previous[file] = readEnvFile(at);
    }
    if (!previous['public-keys.env']) fail(`${values.previous} has no public-keys.env to roll over from`);
  }

  const { files } = await generateKeys({ subgraphs, previous, localPostgres: values['local-postgres'] });
  if (values.json) {
    console.log(JSON.stringify(files));
    if (!values.out) return;
  }
  const dir = values.out!;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const existing = Object.keys(files).filter((name) => fs.existsSync(path.join(dir, name)));
  if (existing.length && !values.force) fail(`${dir} already has ${existing.join(', ')}: keys in use are not overwritten (--force to replace them, or another --out)`);
  for (const [name, entries] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), formatEnvFile(entries), { mode: 0o600 });
  console.error(`keys: wrote ${Object.keys(files).join(', ')} to ${dir}`);
}

/** Runs `keys <argv>`; exits the process with 2 when the keys cannot be made. */
export function runKeys(argv: string[]): Promise<void> {
  return keysCommand(argv).catch((error: Error) => fail(error.message));
}

if (require.main === module) void runKeys(process.argv.slice(2));
