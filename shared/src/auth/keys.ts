import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

/**
 * Ed25519 signing keys and the public key sets that verify them, as JWKs with key ids (RFC 7638
 * thumbprints). Two kinds exist in an installation:
 *
 * - the **gateway key**: the gateway signs every subgraph request with it; subgraphs hold only its
 *   public key set (`gateway-jwks.json`), so no subgraph can sign a request;
 * - one **service key** per subgraph: the subgraph signs short-lived assertions with it when it asks
 *   the graph (through the gateway) for facts another subgraph owns; the gateway holds only the
 *   public keys.
 *
 * A key set may hold several keys, which is how keys rotate without downtime: publish the new
 * public key first, switch the signer, then retire the old public key.
 */
export interface PrivateSigningKey {
  kid: string;
  key: KeyLike;
  /** The matching public key, as published in key sets. */
  publicJwk: JWK;
}

export async function generateSigningKey(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' }, publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' } };
}

export async function importSigningKey(privateJwk: JWK): Promise<PrivateSigningKey> {
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || !privateJwk.d) throw new Error('a signing key must be an Ed25519 private JWK');
  const { d: _d, ...publicPart } = privateJwk;
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(publicPart));
  return { kid, key: (await importJWK({ ...privateJwk, alg: 'EdDSA' }, 'EdDSA')) as KeyLike, publicJwk: { ...publicPart, kid, alg: 'EdDSA', use: 'sig' } };
}

/**
 * Public keys by key id. `load` is asked again when an unknown key id shows up (at most every
 * `minReloadMs`), and in any case once the keys are `maxAgeMs` old, so a retired key stops verifying.
 */
export class PublicKeySet {
  private keys = new Map<string, KeyLike>();
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(
    private readonly load: () => JWK[] | Promise<JWK[]>,
    private readonly minReloadMs = 5_000,
    private readonly maxAgeMs = 60_000,
  ) {}

  static of(jwks: JWK[]): PublicKeySet {
    return new PublicKeySet(() => jwks, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  async get(kid: string): Promise<KeyLike | undefined> {
    const age = Date.now() - this.loadedAt;
    if (this.loadedAt === 0 || (!this.keys.has(kid) && age >= this.minReloadMs) || age >= this.maxAgeMs) await this.reload();
    return this.keys.get(kid);
  }

  private reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const next = new Map<string, KeyLike>();
        for (const jwk of await this.load()) {
          if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.d) continue;
          const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
          next.set(kid, (await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA')) as KeyLike);
        }
        this.keys = next;
      } finally {
        this.loadedAt = Date.now();
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}

/** `{ "keys": [...] }` from a file; a missing file is an empty set. */
export function readJwksFile(file: string): JWK[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys?: JWK[] };
    return Array.isArray(parsed.keys) ? parsed.keys : [];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${file} is not a JSON Web Key Set: ${(error as Error).message}`);
  }
}

/**
 * A private key kept in the data folder (mode 0600), generated on first use, with its public key
 * added to the key set file beside it. Two processes starting at once agree on one key.
 */
export async function ensureKeyFile(privateFile: string, jwksFile: string): Promise<JWK> {
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(fs.readFileSync(privateFile, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fs.mkdirSync(path.dirname(privateFile), { recursive: true, mode: 0o700 });
    const generated = await generateSigningKey();
    try {
      fs.writeFileSync(privateFile, `${JSON.stringify(generated.privateJwk)}\n`, { mode: 0o600, flag: 'wx' });
      privateJwk = generated.privateJwk;
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      privateJwk = JSON.parse(fs.readFileSync(privateFile, 'utf8')) as JWK;
    }
  }
  const { publicJwk } = await importSigningKey(privateJwk);
  const keys = readJwksFile(jwksFile);
  if (!keys.some((k) => k.kid === publicJwk.kid)) {
    fs.mkdirSync(path.dirname(jwksFile), { recursive: true, mode: 0o700 });
    const temporary = `${jwksFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify({ keys: [...keys, publicJwk] }, null, 2)}\n`, { mode: 0o644 });
    fs.renameSync(temporary, jwksFile);
  }
  return privateJwk;
}
