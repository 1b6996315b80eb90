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

/** A key split into the id a statement is per-row for, and the arguments the statement is asked with. */
export interface KeyParts<A> {
  id: string;
  args: A;
}

/**
 * A DataLoader for keys that carry arguments besides an id — a page size, a cursor, filters, an
 * instant: the keys asking the same arguments (equal as JSON) are read with one call of `load`
 * for all their distinct ids, one call per distinct set of arguments, and every key gets its
 * result back in key order. `load` answers one result per id, in the order of the ids it is given.
 */
export function batchByArgs<K, A, V>(
  load: (ids: readonly string[], args: A) => Promise<readonly V[]>,
  partsOf: (key: K) => KeyParts<A>,
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const groups = new Map<string, { args: A; ids: string[]; slot: Map<string, number>; results?: readonly V[] }>();
      const places = keys.map((key) => {
        const { id, args } = partsOf(key);
        const argsKey = JSON.stringify(args) ?? '';
        let group = groups.get(argsKey);
        if (!group) groups.set(argsKey, (group = { args, ids: [], slot: new Map() }));
        let index = group.slot.get(id);
        if (index === undefined) group.slot.set(id, (index = group.ids.push(id) - 1));
        return { group, index };
      });
      for (const group of groups.values()) {
        group.results = await load(group.ids, group.args);
        if (group.results.length !== group.ids.length) {
          throw new Error(`a batch of ${group.ids.length} id(s) was answered with ${group.results.length} result(s)`);
        }
      }
      return places.map(({ group, index }) => group.results![index]!);
    },
    { cacheKeyFn: (key) => cacheKeyOf(partsOf(key)) },
  );
}

function cacheKeyOf({ id, args }: KeyParts<unknown>): string {
  return JSON.stringify([id, args ?? null]);
}
