import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../../shared/src/db/data-source';
import { LedgerEntryEntity } from '../../../../shared/src/ledger/ledger-entry.entity';
import { LedgerReader } from '../../../../shared/src/ledger/ledger-reader';
import type { Logger } from '../../../../shared/src/logger';

/**
 * The registry's database, as the platform subgraph reads it: read-only (every transaction of the
 * connection is `READ ONLY`, so only the registry itself — the gateways — ever writes there), and
 * connected on first use, so the platform subgraph can start before the first gateway has created
 * and migrated it. A failed connection is tried again at the next read.
 */
export class RegistryStore {
  private connecting?: Promise<DataSource>;

  constructor(
    private readonly url: string | undefined,
    private readonly logger: Logger,
  ) {}

  dataSource(): Promise<DataSource> {
    if (!this.url) return Promise.reject(new Error('the platform subgraph has no registry database: set REGISTRY_DATABASE_URL or DATABASE_URL'));
    this.connecting ??= (async () => {
      const dataSource = createDataSource({ url: this.url!, entities: [LedgerEntryEntity], migrations: [], logger: this.logger, poolSize: 5, readOnly: true, applicationName: 'trellis-platform-registry' });
      try {
        return await dataSource.initialize();
      } catch (error) {
        this.connecting = undefined;
        throw error;
      }
    })();
    return this.connecting;
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.dataSource()).query(sql, params);
  }

  async ledger(): Promise<LedgerReader> {
    return new LedgerReader(await this.dataSource());
  }

  async stop(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    const dataSource = await connecting?.catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy();
  }
}
