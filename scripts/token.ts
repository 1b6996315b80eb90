import { parseArgs } from 'node:util';
import { mintLocalToken } from '../shared/src/auth/local-token';
import { ALL_ROLES, isRole, SCOPES } from '../shared/src/auth/scopes';
import { loadConfig, resolveJwtSecret } from '../shared/src/config';

/**
 * `npm run -s token -- --role storefront --brand halden` (or `trellis token …`): prints a JWT for
 * the local installation (signed with JWT_SECRET, or the HS256 secret in the data folder), and
 * nothing else on stdout; `--json` prints `{ token, sub, roles, scopes, brands, expiresAt }`. Dev
 * use only: production tokens come from your identity provider, verified through JWT_JWKS_URL.
 */
const USAGE = `usage: npm run -s token -- --role <role>[,<role>] [--brand <slug>[,<slug>] | --brand '*'] [--sub <id>] [--scopes <s>[,<s>]] [--ttl 8h] [--json]
   or: trellis token …
roles: ${ALL_ROLES.join(', ')}`;

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(2);
}

async function tokenCommand(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string', multiple: true },
        brand: { type: 'string', multiple: true },
        sub: { type: 'string' },
        scopes: { type: 'string', multiple: true },
        ttl: { type: 'string', default: '8h' },
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
  const split = (list?: string[]) => (list ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const roles = split(values.role);
  const scopes = split(values.scopes);
  const brandList = split(values.brand);
  if (roles.length === 0 && scopes.length === 0) fail(`name at least one --role or --scopes\n${USAGE}`);
  const unknownRole = roles.find((r) => !isRole(r));
  if (unknownRole) fail(`unknown role "${unknownRole}"; roles are ${ALL_ROLES.join(', ')}`);
  const unknownScope = scopes.find((s) => !(s in SCOPES));
  if (unknownScope) fail(`unknown scope "${unknownScope}"; scopes are ${Object.keys(SCOPES).join(', ')}`);
  if (!/^\d+[smhd]$/.test(values.ttl!)) fail(`--ttl must look like 30m, 8h or 7d, not "${values.ttl}"`);
  if (roles.includes('storefront') && (brandList.length === 0 || brandList.includes('*'))) {
    fail('a storefront token needs --brand <slug>[,<slug>]: storefront teams see their own brands only, never every brand');
  }
  const brands = brandList.length === 0 || brandList.includes('*') ? '*' : brandList;

  const config = loadConfig();
  // What the gateway would refuse is not minted: a token living longer than JWT_MAX_LIFETIME.
  const ttlSeconds = Number(values.ttl!.slice(0, -1)) * { s: 1, m: 60, h: 3600, d: 86_400 }[values.ttl!.slice(-1) as 's' | 'm' | 'h' | 'd'];
  if (ttlSeconds > config.auth.maxLifetimeSeconds) {
    fail(`--ttl ${values.ttl} is longer than the gateway accepts (JWT_MAX_LIFETIME is ${config.auth.maxLifetimeSeconds / 3600} h)`);
  }
  const sub = values.sub ?? `dev:${roles[0] ?? 'scopes'}${brands === '*' ? '' : `@${brands.join('+')}`}`;
  const jwt = await mintLocalToken(resolveJwtSecret(config), config.auth, { sub, roles, scopes, brands, expiresIn: values.ttl! });
  if (!values.json) console.log(jwt);
  else {
    const { exp } = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number };
    const expiresAt = new Date(exp * 1000).toISOString();
    console.log(JSON.stringify({ token: jwt, sub, roles, scopes, brands, expiresAt }));
  }
}

/** Runs `token <argv>`; exits the process with 2 when no token can be made. */
export function runToken(argv: string[]): Promise<void> {
  return tokenCommand(argv).catch((error: Error) => fail(error.message));
}

if (require.main === module) void runToken(process.argv.slice(2));
