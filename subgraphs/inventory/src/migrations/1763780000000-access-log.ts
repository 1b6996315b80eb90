import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAccessLogTable, dropAccessLogTable } from '../../../../shared/src/access-log/access-log.migration';

export class AccessLog1763780000000 implements MigrationInterface {
  name = 'AccessLog1763780000000';

  up(q: QueryRunner): Promise<void> {
    return createAccessLogTable(q);
  }

  down(q: QueryRunner): Promise<void> {
    return dropAccessLogTable(q);
  }
}
