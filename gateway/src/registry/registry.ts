import type { DataSource } from 'typeorm';
import type { UrlAllowlist } from '../../../shared/src/net/url-allowlist';
import type { SubgraphSource } from '../supergraph/compose';
import type { ChangeStatus } from './api';
import { SupergraphRulesCache } from './governance/rule-history';
import { approveChange, type DecideInput } from './operations/approve-change';
import { bootstrap } from './operations/bootstrap';
import { check, type CheckInput } from './operations/check';
import { publish, type PublishInput } from './operations/publish';
import * as queries from './operations/queries';
import { rejectChange } from './operations/reject-change';
import { remove, type RemoveInput } from './operations/remove';
import { rollback, type RollbackInput } from './operations/rollback';
import { clientApps, registerClient, type RegisterClientInput } from './operations/register-client';
import type { RegistryCaller, RegistryContext } from './registry-context';
import { fetchSubgraphSchema, type SchemaFetcher } from './schema-source';

/**
 * The subgraph registry: every version of every subgraph's SDL and routing URL, who published it,
 * when, why and with which check results; every composed supergraph; and the changes waiting for
 * approval. Each operation lives in its own file under `operations/`, owns its transaction and
 * returns its outcome as a value; this class only gathers them behind one handle.
 */
export class Registry implements RegistryContext {
  readonly rules = new SupergraphRulesCache();
  usageCheckDays = 30;

  constructor(
    readonly dataSource: DataSource,
    readonly allowlist: UrlAllowlist,
    /** Reads a running subgraph's schema (`_service { sdl }`), signed as the gateway. */
    readonly fetchSchema: SchemaFetcher,
  ) {}

  // Reads
  head = () => queries.head(this.dataSource.manager);
  current = () => queries.currentSupergraph(this.dataSource.manager);
  version = (version: number) => queries.supergraphVersion(this.dataSource.manager, version);
  supergraphs = (limit?: number) => queries.supergraphs(this.dataSource.manager, limit);
  activeSubgraphs = () => queries.activeSubgraphs(this.dataSource.manager);
  history = (name: string) => queries.subgraphHistory(this.dataSource.manager, name);
  changes = (status?: ChangeStatus) => queries.registryChanges(this.dataSource.manager, status);
  change = (id: string) => queries.registryChange(this.dataSource.manager, id);

  // Operations
  readSchema = (subgraph: { name: string; url: string }) => fetchSubgraphSchema(this, subgraph);
  check = (input: CheckInput) => check(this, input);
  publish = (caller: RegistryCaller, input: PublishInput) => publish(this, caller, input);
  remove = (caller: RegistryCaller, input: RemoveInput) => remove(this, caller, input);
  rollback = (caller: RegistryCaller, input: RollbackInput) => rollback(this, caller, input);
  approveChange = (caller: RegistryCaller, input: DecideInput) => approveChange(this, caller, input);
  rejectChange = (caller: RegistryCaller, input: DecideInput) => rejectChange(this, caller, input);
  bootstrap = (sources: readonly SubgraphSource[]) => bootstrap(this, sources);
  registerClient = (caller: RegistryCaller, input: RegisterClientInput) => registerClient(this, caller, input);
  clientApps = () => clientApps(this);
}
