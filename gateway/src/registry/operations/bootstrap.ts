import { randomUUID } from 'node:crypto';
import { audited, AuditTrail } from '../../../../shared/src/ledger/ledger';
import { composeSupergraph, type SubgraphSource } from '../../supergraph/compose';
import type { Refusal, SupergraphRef } from '../api';
import type { RegistryContext } from '../registry-context';
import { RegistryActions } from '../registry-actions';
import { SubgraphVersionEntity } from '../registry.entities';
import { currentSupergraph } from './queries';
import { refuse, urlNotAllowed } from './refusals';
import { underRegistryLock } from './registry-lock';
import { sha256, storeSupergraph } from './store';

export type BootstrapOutcome = { outcome: 'registered'; supergraph: SupergraphRef } | { outcome: 'already-registered' } | Refusal;

const REASON = 'Registered at first start';

/**
 * The first supergraph, from subgraphs that are already running (`npm start` on a new registry),
 * recorded as `system:bootstrap`. Safe when several gateways start at once: only the first to take
 * the lock registers; the others find a supergraph and leave it.
 */
export async function bootstrap(context: RegistryContext, sources: readonly SubgraphSource[]): Promise<BootstrapOutcome> {
  for (const source of sources) {
    const refused = urlNotAllowed(context.allowlist, source.url, `routing URL of ${source.name}`);
    if (refused) return refused;
  }
  const composed = composeSupergraph(sources);
  if (!composed.ok) {
    return refuse('CHECKS_FAILED', 'the subgraphs do not pass the governance lint and composition', {
      checks: { ok: false, composition: composed.errors, breaking: [], governance: [] },
    });
  }
  return underRegistryLock(context.dataSource, async (manager): Promise<BootstrapOutcome> => {
    if (await currentSupergraph(manager)) return { outcome: 'already-registered' };
    return audited(manager, { audit: AuditTrail.system('system:bootstrap', 'bootstrap') }, async ({ manager: tx, record }) => {
      const members: Record<string, string> = {};
      for (const source of sources) {
        const row = Object.assign(new SubgraphVersionEntity(), {
          id: randomUUID(),
          name: source.name,
          version: 1,
          routingUrl: source.url,
          sdl: source.sdl,
          sdlHash: sha256(source.sdl),
          publishedBy: 'system:bootstrap',
          publishedAt: new Date(),
          reason: REASON,
          acceptedBreaking: null,
          acceptedGovernance: null,
          approvedBy: null,
          checks: { ok: true, composition: [], breaking: [], governance: [] },
          removed: false,
        });
        await tx.insert(SubgraphVersionEntity, row);
        members[source.name] = row.id;
        record({ action: RegistryActions.publish, subject: { type: 'Subgraph', id: source.name }, after: { version: 1, routingUrl: source.url, sdlHash: row.sdlHash }, reason: REASON });
      }
      const supergraph = await storeSupergraph(tx, { sdl: composed.supergraphSdl, subgraphs: members, createdBy: 'system:bootstrap', reason: REASON, rolledBackTo: null });
      return { outcome: 'registered', supergraph: { version: supergraph.version, hash: supergraph.hash } };
    });
  });
}
