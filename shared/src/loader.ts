import DataLoader from 'dataloader';

/**
 * Batch-function helpers: DataLoader needs one result per key, in key order.
 * Keys are compared by their string form so ids of any primitive type work.
 */
export function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const index = new Map<string, V>();
  for (const row of rows) index.set(String(keyOf(row)), row);
  return keys.map((k) => index.get(String(k)) ?? null);
}

export function groupedByKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<string, V[]>();
  for (const k of keys) groups.set(String(k), []);
  for (const row of rows) groups.get(String(keyOf(row)))?.push(row);
  return keys.map((k) => groups.get(String(k))!);
}

/** A DataLoader whose batch function gets the distinct keys and returns rows; results come back in key order. */
export function rowLoader<K, V>(load: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => byKey(keys, await load(keys), keyOf));
}

export function groupLoader<K, V>(load: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => groupedByKey(keys, await load(keys), keyOf));
}
