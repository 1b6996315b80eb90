import path from 'node:path';
import type { JWK } from 'jose';
import type { TrellisConfig } from '../config';
import { ensureKeyFile, importSigningKey, PublicKeySet, readJwksFile, type PrivateSigningKey } from './keys';
import type { ServiceKeys } from './service-identity';

/**
 * Where an installation's keys come from: configured (`GATEWAY_SIGNING_KEY`, `GATEWAY_JWKS`,
 * `SERVICE_SIGNING_KEY`, `SERVICE_JWKS` — Kubernetes Secrets, a vault) or, for a local
 * installation, generated once into the data folder:
 *
 *   .data/secrets/gateway-signing-key.json     the gateway's private key (only the gateway reads it)
 *   .data/secrets/gateway-jwks.json            its public keys (subgraphs read it)
 *   .data/secrets/services/<name>.key.json     a subgraph's own private key
 *   .data/secrets/services/<name>.jwks.json    its public keys (the gateway reads them)
 *
 * Public key sets read from files are read again when an unknown key id shows up, so a rotated key
 * is picked up without a restart.
 */
const secretsDir = (config: TrellisConfig) => path.join(config.dataDir, 'secrets');
const jwksKeys = (value: Record<string, unknown>): JWK[] => (Array.isArray(value.keys) ? (value.keys as JWK[]) : [value as unknown as JWK]);

export async function gatewaySigningKey(config: TrellisConfig): Promise<PrivateSigningKey> {
  if (config.auth.gatewaySigningKey) return importSigningKey(config.auth.gatewaySigningKey as unknown as JWK);
  const dir = secretsDir(config);
  return importSigningKey(await ensureKeyFile(path.join(dir, 'gateway-signing-key.json'), path.join(dir, 'gateway-jwks.json')));
}

export function gatewayPublicKeys(config: TrellisConfig): PublicKeySet {
  const configured = config.auth.gatewayJwks;
  if (configured) return PublicKeySet.of(jwksKeys(configured));
  const file = path.join(secretsDir(config), 'gateway-jwks.json');
  return new PublicKeySet(() => readJwksFile(file));
}

export async function serviceSigningKey(config: TrellisConfig, service: string): Promise<PrivateSigningKey> {
  if (config.auth.serviceSigningKey) return importSigningKey(config.auth.serviceSigningKey as unknown as JWK);
  const dir = path.join(secretsDir(config), 'services');
  return importSigningKey(await ensureKeyFile(path.join(dir, `${service}.key.json`), path.join(dir, `${service}.jwks.json`)));
}

export function servicePublicKeys(config: TrellisConfig): ServiceKeys {
  const configured = config.auth.serviceJwks;
  const sets = new Map<string, PublicKeySet>();
  return (service) => {
    if (!/^[a-z][a-z0-9-]*$/.test(service)) return undefined;
    let set = sets.get(service);
    if (!set) {
      if (configured) {
        const entry = configured[service] as Record<string, unknown> | undefined;
        if (!entry) return undefined;
        set = PublicKeySet.of(jwksKeys(entry));
      } else {
        const file = path.join(secretsDir(config), 'services', `${service}.jwks.json`);
        set = new PublicKeySet(() => readJwksFile(file));
      }
      sets.set(service, set);
    }
    return set;
  };
}
