import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createLedgerTable, dropLedgerTable } from '../../../../shared/src/ledger/ledger.migration';

export class Ledger1763790000000 implements MigrationInterface {
  name = 'Ledger1763790000000';

  up(q: QueryRunner): Promise<void> {
    return createLedgerTable(q);
  }

  down(q: QueryRunner): Promise<void> {
    return dropLedgerTable(q);
  }
}
