import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gatewayPublicKeys, gatewaySigningKey, servicePublicKeys, serviceSigningKey } from '../../shared/src/auth/key-material';
import { loadConfig } from '../../shared/src/config';
import { readEnvFile } from '../../scripts/keys';

/**
 * The commands as a shell runs them (`npx trellis` runs bin/trellis.js, `npm run -s token` the
 * compiled token.js): data alone on stdout, messages on stderr, the exit codes of the CLI.
 */
const root = path.resolve(__dirname, '../..');
let dataDir: string;

async function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(root, file), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, TRELLIS_DATA_DIR: dataDir, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-cli-'));
  // Built once here (a no-op when `npm ci` already built it), so no run below prints "building".
  expect((require(path.join(root, 'bin/ensure-built.js')) as { ensureBuilt(): boolean }).ensureBuilt()).toBe(true);
}, 180_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('bin/trellis.js (npx trellis)', () => {
  it('prints its help on stdout, and nothing on stderr', async () => {
    const { code, stdout, stderr } = await run('bin/trellis.js', ['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: trellis <command> \[options\]/);
    expect(stdout).toContain('supergraph list');
    expect(stderr).toBe('');
  });

  it('answers a registry command it cannot run with exit 2; with --json, JSON on stdout', async () => {
    const { code, stdout, stderr } = await run('bin/trellis.js', ['subgraph', 'list', '--json', '--gateway', 'http://127.0.0.1:9']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).errors[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(stderr).toContain('cannot reach the gateway at http://127.0.0.1:9');
  });

  it('says so when the environment is not valid', async () => {
    const { code, stdout, stderr } = await run('bin/trellis.js', ['subgraph', 'list'], { GATEWAY_PORT: 'x' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('GATEWAY_PORT');
  });
});

describe('token', () => {
  it('prints the token alone on stdout', async () => {
    const { code, stdout, stderr } = await run('dist/scripts/token.js', ['--role', 'admin']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(stderr).toBe('');
  });

  it('--json (also as `trellis token`): the token and what it carries', async () => {
    const { code, stdout } = await run('bin/trellis.js', ['token', '--role', 'storefront', '--brand', 'halden', '--ttl', '1h', '--json']);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body).toMatchObject({ token: expect.stringMatching(/^eyJ/), roles: ['storefront'], brands: ['halden'], sub: 'dev:storefront@halden' });
    const lifetime = new Date(body.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(3500_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
  });

  it('refuses with exit 2 and nothing on stdout', async () => {
    const { code, stdout, stderr } = await run('dist/scripts/token.js', ['--role', 'storefront']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('a storefront token needs --brand');
  });
});

describe('trellis keys', () => {
  it('writes the env files of a deployment, private keys apart from public ones, that the services accept', async () => {
    const out = path.join(dataDir, 'keys');
    const { code, stdout, stderr } = await run('bin/trellis.js', ['keys', '--out', out, '--local-postgres']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('wrote gateway.env, brands.env, inventory.env, partners.env, platform.env, public-keys.env');
    for (const file of fs.readdirSync(out)) expect(fs.statSync(path.join(out, file)).mode & 0o777).toBe(0o600);

    const gateway = readEnvFile(path.join(out, 'gateway.env'));
    const brands = readEnvFile(path.join(out, 'brands.env'));
    const published = readEnvFile(path.join(out, 'public-keys.env'));
    const database = readEnvFile(path.join(out, 'database.env'));
    expect(Object.keys(gateway).sort()).toEqual(['GATEWAY_SIGNING_KEY', 'JWT_SECRET']);
    expect(gateway.JWT_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(published.GATEWAY_JWKS).not.toContain('"d"');
    expect(published.SERVICE_JWKS).not.toContain('"d"');
    expect(Object.keys(database).sort()).toEqual(['BRANDS_DATABASE_URL', 'INVENTORY_DATABASE_URL', 'PARTNERS_DATABASE_URL', 'PLATFORM_DATABASE_URL', 'REGISTRY_DATABASE_URL']);

    // As the services read them: the gateway signs with its key, a subgraph finds it in GATEWAY_JWKS; and the other way round.
    const gatewayConfig = loadConfig({ ...gateway, ...published, ...database, TRELLIS_DATA_DIR: path.join(dataDir, 'unused') });
    const brandsConfig = loadConfig({ ...brands, ...published, ...database, TRELLIS_DATA_DIR: path.join(dataDir, 'unused') });
    const gatewayKey = await gatewaySigningKey(gatewayConfig);
    expect(await gatewayPublicKeys(brandsConfig).get(gatewayKey.kid)).toBeDefined();
    const brandsKey = await serviceSigningKey(brandsConfig, 'brands');
    expect(await servicePublicKeys(gatewayConfig)('brands')!.get(brandsKey.kid)).toBeDefined();
    expect(await servicePublicKeys(gatewayConfig)('inventory')!.get(brandsKey.kid)).toBeUndefined();
    expect(fs.existsSync(path.join(dataDir, 'unused'))).toBe(false);

    const again = await run('bin/trellis.js', ['keys', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('keys in use are not overwritten');
  });

  it('--previous: a rollover set trusting the new keys and the previous ones, and the same JWT secret', async () => {
    const current = path.join(dataDir, 'keys');
    const next = path.join(dataDir, 'keys-next');
    expect((await run('bin/trellis.js', ['keys', '--out', next, '--previous', current])).code).toBe(0);
    const kids = (jwks: string) => (JSON.parse(jwks).keys as { kid: string }[]).map((k) => k.kid);
    const before = readEnvFile(path.join(current, 'public-keys.env'));
    const after = readEnvFile(path.join(next, 'public-keys.env'));
    const rollover = readEnvFile(path.join(next, 'public-keys-rollover.env'));
    expect(kids(rollover.GATEWAY_JWKS!)).toEqual([...kids(after.GATEWAY_JWKS!), ...kids(before.GATEWAY_JWKS!)]);
    expect(kids(JSON.stringify(JSON.parse(rollover.SERVICE_JWKS!).partners))).toHaveLength(2);
    expect(kids(after.GATEWAY_JWKS!)).not.toEqual(kids(before.GATEWAY_JWKS!));
    expect(readEnvFile(path.join(next, 'gateway.env')).JWT_SECRET).toBe(readEnvFile(path.join(current, 'gateway.env')).JWT_SECRET);
  });
});
