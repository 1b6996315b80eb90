import type { BreakingChange, CheckReport, GovernanceChange, RegisteredOperationRef, SubgraphVersion, Supergraph } from './registry.type';
import type { RegistryStore } from './registry-store';

/** The registry's tables read as the graph shows them. Statements only; every one is a single query. */

interface StoredBreaking {
  type: string;
  coordinate: string;
  description: string;
  usage?: { clientName: string; operationName: string; operationHash: string; requests: number; lastSeen: string }[];
  registeredOperations?: RegisteredOperationRef[];
  blocking?: boolean;
  note?: string;
}

function breakingOf(stored: StoredBreaking): BreakingChange {
  return {
    type: stored.type,
    coordinate: stored.coordinate,
    description: stored.description,
    blocking: stored.blocking ?? null,
    note: stored.note ?? null,
    usage: (stored.usage ?? []).map((u) => ({ ...u, lastSeen: new Date(u.lastSeen) })),
    registeredOperations: (stored.registeredOperations ?? []).map((r) => ({ ...r, errors: r.errors ?? [] })),
  };
}

const refs = (stored: RegisteredOperationRef[] | undefined) => (stored ?? []).map((r) => ({ ...r, errors: r.errors ?? [] }));

function checksOf(stored: Record<string, any>): CheckReport {
  return {
    ok: !!stored.ok,
    composition: stored.composition ?? [],
    breaking: (stored.breaking ?? []).map(breakingOf),
    governance: (stored.governance ?? []) as GovernanceChange[],
    usageWindowDays: stored.usageWindowDays ?? null,
    brokenOperations: refs(stored.brokenOperations),
  };
}

function versionOf(r: Record<string, any>): SubgraphVersion {
  return {
    name: r.name,
    version: r.version,
    routingUrl: r.routing_url,
    sdlHash: r.sdl_hash,
    sdl: r.sdl,
    publishedBy: r.published_by,
    publishedAt: r.published_at,
    reason: r.reason,
    removed: r.removed,
    acceptedBreaking: (r.accepted_breaking ?? []).map(breakingOf),
    acceptedGovernance: r.accepted_governance ?? [],
    approvedBy: r.approved_by,
    checks: checksOf(r.checks ?? {}),
  };
}

/** The newest version of every subgraph ever registered (removed ones too), by name. */
export async function latestVersions(store: RegistryStore): Promise<SubgraphVersion[]> {
  const rows = await store.query<Record<string, any>>('SELECT DISTINCT ON (name) * FROM subgraph_version ORDER BY name, version DESC');
  return rows.map(versionOf);
}

/** A subgraph's versions, newest first. */
export async function subgraphVersions(store: RegistryStore, name: string, first: number): Promise<SubgraphVersion[]> {
  const rows = await store.query<Record<string, any>>('SELECT * FROM subgraph_version WHERE name = $1 ORDER BY version DESC LIMIT $2', [name, first]);
  return rows.map(versionOf);
}

/** Supergraphs newest first (`version` given: that one only), each with the subgraph versions it was composed from. */
export async function supergraphs(store: RegistryStore, first: number, version?: number | null): Promise<Supergraph[]> {
  const rows = await store.query<Record<string, any>>(
    `SELECT s.version, s.hash, s.created_by, s.created_at, s.reason, s.rolled_back_to,
            coalesce((SELECT jsonb_agg(jsonb_build_object('name', v.name, 'version', v.version) ORDER BY v.name)
                        FROM subgraph_version v
                       WHERE v.id::text IN (SELECT value FROM jsonb_each_text(s.subgraphs))), '[]'::jsonb) AS members
       FROM supergraph s
      WHERE $1::int IS NULL OR s.version = $1
      ORDER BY s.version DESC LIMIT $2`,
    [version ?? null, first],
  );
  return rows.map((r) => ({
    version: r.version,
    hash: r.hash,
    subgraphs: r.members,
    createdBy: r.created_by,
    createdAt: r.created_at,
    reason: r.reason,
    rolledBackTo: r.rolled_back_to,
  }));
}
