import type { DataSource } from 'typeorm';
import { openRegistryDatabase } from './start-registry';
import { testDatabaseUrl } from '../../../test/support/test-database';

/**
 * N gateway replicas started together on a new registry database (a Kubernetes Deployment's first
 * rollout) all migrate it at start: they must wait for each other, not race to create the same tables.
 */
const opened: DataSource[] = [];
afterAll(async () => {
  await Promise.all(opened.map((d) => d.destroy()));
});

it('lets replicas that start together on an empty database all open it', async () => {
  const url = testDatabaseUrl('registry_replicas');
  const results = await Promise.allSettled(Array.from({ length: 4 }, () => openRegistryDatabase(url)));
  for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
  expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
  const applied = await opened[0]!.query('SELECT name FROM trellis_migrations ORDER BY id');
  expect(applied.map((m: { name: string }) => m.name)).toEqual(['RegistryInit1763810000000', 'RegistryChanges1764400000000', 'Usage1765000000000', 'ClientApps1765000000001']);
});
