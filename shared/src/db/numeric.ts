import type { ValueTransformer } from 'typeorm';

/** PostgreSQL `numeric` arrives from pg as a string (to keep precision); money here fits a double. */
export const numeric: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
