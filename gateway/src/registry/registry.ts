import { createHash, randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../../shared/src/auth/principal';
import { audited, AuditTrail } from '../../../shared/src/ledger/ledger';
import { composeSupergraph, type SubgraphSource } from '../supergraph/compose';
import { breakingChanges, type BreakingChange } from './breaking-changes';
import { SubgraphVersionEntity, SupergraphEntity, type CheckReport } from './registry.entities';

export interface RegistryCaller {
  principal: Principal;
  requestId: string;
}

export interface CheckOutcome extends CheckReport {
  /** The supergraph the change would produce, when it composes. */
  supergraphSdl?: string;
}

export type PublishOutcome =
  | { ok: true; changed: boolean; supergraph: { version: number; hash: string }; subgraphVersion?: number; checks: CheckReport }
  | { ok: false; refused: 'CHECKS_FAILED' | 'BREAKING_CHANGE' | 'NOT_FOUND'; checks: CheckReport; message: string };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * The subgraph registry: every version of every subgraph's SDL and routing URL, who published it,
 * when, why and with which check results, and every composed supergraph. Publishes, removals and
 * rollbacks are serialized, checked, and recorded in the registry's own ledger.
 */
export class Registry {
  constructor(readonly dataSource: DataSource) {}

  /** The supergraph in service: the newest version. */
  current(manager: EntityManager = this.dataSource.manager): Promise<SupergraphEntity | null> {
    return manager.findOne(SupergraphEntity, { where: {}, order: { version: 'DESC' } });
  }

  /** Just the version and hash of the supergraph in service — what gateways poll. */
  async head(): Promise<{ version: number; hash: string } | null> {
    const [row] = await this.dataSource.query('SELECT version, hash FROM supergraph ORDER BY version DESC LIMIT 1');
    return row ?? null;
  }

  version(version: number): Promise<SupergraphEntity | null> {
    return this.dataSource.manager.findOneBy(SupergraphEntity, { version });
  }

  /** The newest version of each subgraph, unless that version removed it. */
  async activeSubgraphs(manager: EntityManager = this.dataSource.manager): Promise<SubgraphVersionEntity[]> {
    const rows = await manager
      .getRepository(SubgraphVersionEntity)
      .createQueryBuilder('s')
      .distinctOn(['s.name'])
      .orderBy('s.name')
      .addOrderBy('s.version', 'DESC')
      .getMany();
    return rows.filter((r) => !r.removed);
  }

  history(name: string): Promise<SubgraphVersionEntity[]> {
    return this.dataSource.manager.find(SubgraphVersionEntity, { where: { name }, order: { version: 'DESC' } });
  }

  supergraphs(limit = 50): Promise<SupergraphEntity[]> {
    return this.dataSource.manager.find(SupergraphEntity, { order: { version: 'DESC' }, take: limit });
  }

  /**
   * What a change would do: the governance lint and composition of every subgraph with this one
   * replaced, added (`sdl`) or removed (`sdl: null`), and the breaking changes against the live
   * supergraph, each with the coordinate it affects.
   */
  async check(input: { name: string; url?: string; sdl: string | null }, manager: EntityManager = this.dataSource.manager): Promise<CheckOutcome> {
    const active = await this.activeSubgraphs(manager);
    const existing = active.find((s) => s.name === input.name);
    const sources: SubgraphSource[] = active.filter((s) => s.name !== input.name).map((s) => ({ name: s.name, url: s.routingUrl, sdl: s.sdl }));
    if (input.sdl !== null) sources.push({ name: input.name, url: input.url ?? existing?.routingUrl ?? 'http://unknown/graphql', sdl: input.sdl });
    if (sources.length === 0) return { ok: false, composition: ['No subgraph would be left in the supergraph.'], breaking: [] };
    const composed = composeSupergraph(sources);
    if (!composed.ok) return { ok: false, composition: composed.errors, breaking: [] };
    const live = await this.current(manager);
    const breaking = breakingChanges(live?.sdl ?? null, composed.supergraphSdl);
    return { ok: breaking.length === 0, composition: [], breaking, supergraphSdl: composed.supergraphSdl };
  }

  /** Checks, then — if they pass, or only breaking changes were found and accepted — makes the new supergraph current. */
  async publish(
    caller: RegistryCaller,
    input: { name: string; url: string; sdl: string; reason: string; acceptBreaking?: boolean },
  ): Promise<PublishOutcome> {
    if (!NAME.test(input.name)) throw new RegistryInputError(`subgraph names are lower-case letters, digits and dashes, not "${input.name}"`);
    if (!/^https?:\/\//.test(input.url)) throw new RegistryInputError(`the routing URL must be http(s), not "${input.url}"`);
    return this.change(caller, { name: input.name, url: input.url, sdl: input.sdl }, input.reason, !!input.acceptBreaking);
  }

  /** Takes a subgraph out of the supergraph. Its fields disappear, so that is usually breaking. */
  async remove(caller: RegistryCaller, input: { name: string; reason: string; acceptBreaking?: boolean }): Promise<PublishOutcome> {
    return this.change(caller, { name: input.name, url: null, sdl: null }, input.reason, !!input.acceptBreaking);
  }

  private async change(
    caller: RegistryCaller,
    change: { name: string; url: string | null; sdl: string | null },
    reason: string,
    acceptBreaking: boolean,
  ): Promise<PublishOutcome> {
    let outcome: PublishOutcome | undefined;
    try {
      await audited(this.dataSource, { audit: AuditTrail.of(caller.principal, caller.requestId) }, async ({ manager, record: recordEntry }) => {
        const record = (entry: Parameters<typeof recordEntry>[0]) => recordEntry({ action: change.sdl ? 'subgraph.publish' : 'subgraph.remove', ...entry });
        await manager.query("SELECT pg_advisory_xact_lock(hashtext('trellis.registry'))");
        const active = await this.activeSubgraphs(manager);
        const existing = active.find((s) => s.name === change.name);
        if (!change.sdl && !existing) {
          outcome = { ok: false, refused: 'NOT_FOUND', checks: { ok: false, composition: [], breaking: [] }, message: `there is no subgraph "${change.name}"` };
          throw new Rollback();
        }
        if (change.sdl && existing && existing.sdlHash === sha256(change.sdl) && existing.routingUrl === change.url) {
          const live = (await this.current(manager))!;
          outcome = { ok: true, changed: false, supergraph: { version: live.version, hash: live.hash }, subgraphVersion: existing.version, checks: existing.checks };
          throw new Rollback();
        }
        const { supergraphSdl, ...checks } = await this.check({ name: change.name, url: change.url ?? undefined, sdl: change.sdl }, manager);
        if (checks.composition.length > 0) {
          outcome = { ok: false, refused: 'CHECKS_FAILED', checks, message: 'the schema does not pass composition and the governance lint' };
          throw new Rollback();
        }
        if (checks.breaking.length > 0 && !acceptBreaking) {
          outcome = {
            ok: false,
            refused: 'BREAKING_CHANGE',
            checks,
            message: `breaking changes: ${checks.breaking.map((b) => b.coordinate).join(', ')}; publish with --accept-breaking and a reason to go ahead`,
          };
          throw new Rollback();
        }
        const now = new Date();
        const version = (existing?.version ?? (await this.lastVersion(manager, change.name))) + 1;
        const subgraphVersion = Object.assign(new SubgraphVersionEntity(), {
          id: randomUUID(),
          name: change.name,
          version,
          routingUrl: change.url ?? existing!.routingUrl,
          sdl: change.sdl ?? existing!.sdl,
          sdlHash: sha256(change.sdl ?? existing!.sdl),
          publishedBy: caller.principal.sub,
          publishedAt: now,
          reason,
          acceptedBreaking: checks.breaking.length > 0 ? checks.breaking : null,
          checks: { ...checks, ok: true },
          removed: !change.sdl,
        });
        await manager.insert(SubgraphVersionEntity, subgraphVersion);
        const members = Object.fromEntries(active.filter((s) => s.name !== change.name).map((s) => [s.name, s.id]));
        if (change.sdl) members[change.name] = subgraphVersion.id;
        const supergraph = await this.storeSupergraph(manager, caller.principal.sub, supergraphSdl!, members, reason, null);
        record({
          subject: { type: 'Subgraph', id: change.name },
          before: existing ? { version: existing.version, routingUrl: existing.routingUrl, sdlHash: existing.sdlHash } : null,
          after: change.sdl
            ? { version, routingUrl: subgraphVersion.routingUrl, sdlHash: subgraphVersion.sdlHash, supergraphVersion: supergraph.version }
            : { removed: true, supergraphVersion: supergraph.version },
          reason,
          evidence: checks.breaking.length > 0 ? { acceptedBreakingChanges: checks.breaking } : null,
        });
        outcome = { ok: true, changed: true, supergraph: { version: supergraph.version, hash: supergraph.hash }, subgraphVersion: version, checks: { ...checks, ok: true } };
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return outcome!;
  }

  /** Serves an earlier supergraph again, as a new version, with the subgraph versions it was made of. */
  async rollback(caller: RegistryCaller, input: { version: number; reason: string }): Promise<{ version: number; hash: string } | null> {
    return audited(this.dataSource, { audit: AuditTrail.of(caller.principal, caller.requestId) }, async ({ manager, record: recordEntry }) => {
        const record = (entry: Parameters<typeof recordEntry>[0]) => recordEntry({ action: 'supergraph.rollback', ...entry });
      await manager.query("SELECT pg_advisory_xact_lock(hashtext('trellis.registry'))");
      const target = await manager.findOneBy(SupergraphEntity, { version: input.version });
      const live = await this.current(manager);
      if (!target || !live) throw new RegistryNotFoundError(`there is no supergraph version ${input.version}`);
      const restored = await this.storeSupergraph(manager, caller.principal.sub, target.sdl, target.subgraphs, input.reason, target.version);
      // The subgraphs go back to the versions the restored supergraph was composed from.
      const members = await manager.findBy(SubgraphVersionEntity, { id: In(Object.values(target.subgraphs)) });
      const active = await this.activeSubgraphs(manager);
      for (const current of active) {
        const wanted = members.find((m) => m.name === current.name);
        if (wanted?.id === current.id) continue;
        await manager.insert(SubgraphVersionEntity, {
          ...(wanted ?? current),
          id: randomUUID(),
          version: current.version + 1,
          publishedBy: caller.principal.sub,
          publishedAt: new Date(),
          reason: `Rollback to supergraph ${target.version}: ${input.reason}`,
          removed: !wanted,
        });
      }
      for (const wanted of members.filter((m) => !active.some((a) => a.name === m.name))) {
        await manager.insert(SubgraphVersionEntity, {
          ...wanted,
          id: randomUUID(),
          version: (await this.lastVersion(manager, wanted.name)) + 1,
          publishedBy: caller.principal.sub,
          publishedAt: new Date(),
          reason: `Rollback to supergraph ${target.version}: ${input.reason}`,
          removed: false,
        });
      }
      record({
        subject: { type: 'Supergraph', id: String(restored.version) },
        before: { version: live.version, hash: live.hash },
        after: { version: restored.version, hash: restored.hash, restores: target.version },
        reason: input.reason,
      });
      return { version: restored.version, hash: restored.hash };
    });
  }

  /**
   * The first supergraph, from subgraphs that are already running (`npm start` on a new registry).
   * Safe when several gateways start at once: only the first to take the lock publishes.
   */
  async bootstrap(caller: RegistryCaller, sources: SubgraphSource[]): Promise<void> {
    const composed = composeSupergraph(sources);
    if (!composed.ok) throw new Error(`The supergraph was not composed:\n${composed.errors.map((e) => `  - ${e}`).join('\n')}`);
    await audited(this.dataSource, { audit: AuditTrail.of(caller.principal, caller.requestId) }, async ({ manager, record: recordEntry }) => {
        const record = (entry: Parameters<typeof recordEntry>[0]) => recordEntry({ action: 'subgraph.publish', ...entry });
      await manager.query("SELECT pg_advisory_xact_lock(hashtext('trellis.registry'))");
      // Another gateway registered the subgraphs first.
      if (await this.current(manager)) throw new Rollback();
      const members: Record<string, string> = {};
      const now = new Date();
      for (const source of sources) {
        const id = randomUUID();
        members[source.name] = id;
        await manager.insert(SubgraphVersionEntity, {
          id,
          name: source.name,
          version: 1,
          routingUrl: source.url,
          sdl: source.sdl,
          sdlHash: sha256(source.sdl),
          publishedBy: caller.principal.sub,
          publishedAt: now,
          reason: 'Registered at first start',
          acceptedBreaking: null,
          checks: { ok: true, composition: [], breaking: [] },
          removed: false,
        });
        record({ subject: { type: 'Subgraph', id: source.name }, after: { version: 1, routingUrl: source.url, sdlHash: sha256(source.sdl) }, reason: 'Registered at first start' });
      }
      await this.storeSupergraph(manager, caller.principal.sub, composed.supergraphSdl, members, 'Registered at first start', null);
    }).catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
  }

  private async lastVersion(manager: EntityManager, name: string): Promise<number> {
    const [{ max }] = await manager.query('SELECT coalesce(max(version), 0)::int AS max FROM subgraph_version WHERE name = $1', [name]);
    return max;
  }

  private async storeSupergraph(
    manager: EntityManager,
    by: string,
    sdl: string,
    subgraphs: Record<string, string>,
    reason: string,
    rolledBackTo: number | null,
  ): Promise<SupergraphEntity> {
    const [{ max }] = await manager.query('SELECT coalesce(max(version), 0)::int AS max FROM supergraph');
    const supergraph = Object.assign(new SupergraphEntity(), {
      version: max + 1,
      sdl,
      hash: sha256(sdl),
      subgraphs,
      createdBy: by,
      createdAt: new Date(),
      reason,
      rolledBackTo,
    });
    await manager.insert(SupergraphEntity, supergraph);
    return supergraph;
  }
}

/** Thrown inside a registry transaction to roll it back after deciding the outcome. */
class Rollback extends Error {}

export class RegistryInputError extends Error {}
export class RegistryNotFoundError extends Error {}

export type { BreakingChange };
