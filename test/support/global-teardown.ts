import fs from 'node:fs';
import type { EmbeddedPostgresHandle } from '../../shared/src/db/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__TRELLIS_PG__ as { pg: EmbeddedPostgresHandle; dataDir: string } | undefined;
  if (!state) return;
  await state.pg.stop();
  fs.rmSync(state.dataDir, { recursive: true, force: true });
}
