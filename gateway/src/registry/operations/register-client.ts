import { createHash } from 'node:crypto';
import { mayAccessBrandSlug } from '../../../../shared/src/auth/principal';
import { audited, AuditTrail, requireReason } from '../../../../shared/src/ledger/ledger';
import type { ClientAppView, PersistedOperationsMode, Refusal, RegisterClientResponse } from '../api';
import { parseManifest } from '../clients/manifest';
import type { RegistryCaller, RegistryContext } from '../registry-context';
import { RegistryActions } from '../registry-actions';
import { refuse } from './refusals';

export interface RegisterClientInput {
  name: string;
  brand: string;
  manifest: unknown;
  persistedOperations?: PersistedOperationsMode | null;
  reason?: string;
}

const CLIENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Registers a client app (by its `apollographql-client-name`) and the operations of its
 * persisted-query manifest. Operations add up across registrations — an app version still in use
 * keeps its operations — and one whose body changed under the same id takes the new body. The app
 * belongs to one brand, which the caller must hold. Recorded in the registry ledger.
 */
export async function registerClient(context: RegistryContext, caller: RegistryCaller, input: RegisterClientInput): Promise<RegisterClientResponse | Refusal> {
  if (!CLIENT.test(input.name)) return refuse('BAD_USER_INPUT', 'name: a client app name is letters, digits, ".", "_" and "-" (at most 63)', { field: 'name' });
  if (!SLUG.test(input.brand)) return refuse('BAD_USER_INPUT', 'brand: must be a brand slug', { field: 'brand' });
  if (!mayAccessBrandSlug(caller.principal, input.brand)) return refuse('FORBIDDEN_BRAND', `brand: "${input.brand}" is outside the brands of your token`, { field: 'brand' });
  const manifest = parseManifest(input.manifest);
  if (!manifest.ok) return refuse('BAD_USER_INPUT', `manifest: ${manifest.message}`, { field: 'manifest' });
  const reason = requireReason(input.reason ?? `Registered ${manifest.operations.length} operation(s) of ${input.name}`);
  const trail = { audit: AuditTrail.of(caller.principal, caller.requestId) };
  const [owner] = await context.dataSource.query('SELECT brand_slug FROM client_app WHERE name = $1', [input.name]);
  if (owner && !mayAccessBrandSlug(caller.principal, owner.brand_slug)) {
    return refuse('FORBIDDEN_BRAND', `name: "${input.name}" belongs to a brand outside the brands of your token`, { field: 'name' });
  }

  return audited(context.dataSource, trail, async ({ manager, record }) => {
    const now = new Date();
    const [existing] = await manager.query('SELECT * FROM client_app WHERE name = $1 FOR UPDATE', [input.name]);
    const mode = input.persistedOperations === undefined ? (existing?.persisted_mode ?? null) : input.persistedOperations;
    await manager.query(
      `INSERT INTO client_app (name, brand_slug, persisted_mode, registered_by, registered_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (name) DO UPDATE SET brand_slug = excluded.brand_slug, persisted_mode = excluded.persisted_mode, updated_at = excluded.updated_at`,
      [input.name, input.brand, mode, caller.principal.sub, now],
    );
    const before = new Map<string, string>(
      (await manager.query('SELECT id, body_hash FROM client_operation WHERE client_name = $1', [input.name])).map((r: { id: string; body_hash: string }) => [r.id, r.body_hash]),
    );
    const ops = manifest.operations.map((op) => ({ ...op, hash: sha256(op.body) }));
    const added = ops.filter((op) => !before.has(op.id)).length;
    const changed = ops.filter((op) => before.has(op.id) && before.get(op.id) !== op.hash).length;
    if (ops.length > 0) {
      await manager.query(
        `INSERT INTO client_operation (client_name, id, name, type, body, body_hash, registered_at)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
         ON CONFLICT (client_name, id) DO UPDATE SET name = excluded.name, type = excluded.type, body = excluded.body, body_hash = excluded.body_hash, registered_at = excluded.registered_at
           WHERE client_operation.body_hash <> excluded.body_hash`,
        [input.name, ops.map((o) => o.id), ops.map((o) => o.name), ops.map((o) => o.type), ops.map((o) => o.body), ops.map((o) => o.hash), ops.map(() => now)],
      );
    }
    const [{ count }] = await manager.query('SELECT count(*)::int AS count FROM client_operation WHERE client_name = $1', [input.name]);
    record({
      action: RegistryActions.registerClient,
      subject: { type: 'ClientApp', id: input.name },
      before: existing ? { brand: existing.brand_slug, persistedOperations: existing.persisted_mode, operations: before.size } : null,
      after: { brand: input.brand, persistedOperations: mode, operations: count, added, changed },
      reason,
    });
    const client: ClientAppView = {
      name: input.name,
      brand: input.brand,
      persistedOperations: mode,
      registeredBy: existing?.registered_by ?? caller.principal.sub,
      registeredAt: (existing?.registered_at ?? now).toISOString(),
      updatedAt: now.toISOString(),
      operations: count,
    };
    return { outcome: 'registered' as const, client, added, changed };
  });
}

/** The registered client apps, by name, with how many operations each has. */
export async function clientApps(context: RegistryContext): Promise<ClientAppView[]> {
  const rows = await context.dataSource.query(
    `SELECT a.*, (SELECT count(*)::int FROM client_operation o WHERE o.client_name = a.name) AS operations FROM client_app a ORDER BY a.name`,
  );
  return rows.map((r: Record<string, any>) => ({
    name: r.name,
    brand: r.brand_slug,
    persistedOperations: r.persisted_mode,
    registeredBy: r.registered_by,
    registeredAt: r.registered_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    operations: r.operations,
  }));
}
