import { readFile } from 'node:fs/promises';
import type { SchemaSource } from '../../gateway/src/registry/api';
import { UsageError } from './command';

/**
 * `--schema <file>` sends the SDL; `--schema <url>` sends the URL, and the registry reads the
 * schema from the running subgraph itself (signed as the gateway, allowlisted URLs only). The CLI
 * never holds the gateway's key.
 */
export async function schemaSource(schema: string): Promise<SchemaSource> {
  if (/^https?:\/\//i.test(schema)) return { schemaUrl: schema };
  try {
    return { sdl: await readFile(schema, 'utf8') };
  } catch (error) {
    throw new UsageError(`cannot read ${schema}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
