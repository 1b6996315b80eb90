import { Client } from 'pg';

/**
 * Creates the database named in `databaseUrl` on its server if it does not exist yet.
 * Safe under concurrent starts: a lost race (duplicate_database) counts as success.
 *
 * A database that is there is found by connecting to it alone: only creating one needs the
 * maintenance database `postgres`, which a managed server's user or a PgBouncer in front of it
 * may not let a service reach.
 */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(`Database name "${name}" must be lower-case letters, digits and underscores.`);
  }
  if (await exists(databaseUrl)) return;
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw error;
    }
  } finally {
    await client.end();
  }
}

/** Whether the database answers; false only when the server says it does not exist (3D000). */
async function exists(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return false;
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
