import type { CheckReport, Refusal } from '../api';
import type { RegistryContext } from '../registry-context';
import { evaluateSubgraphChange, subgraphState } from './evaluate';
import { invalidName, urlNotAllowed } from './refusals';
import { inSnapshot } from './registry-lock';

export interface CheckInput {
  name: string;
  /** The routing URL it would have; default: the one it has. */
  url?: string;
  sdl: string;
  usageDays?: number;
  strict?: boolean;
}

/** What publishing this schema would do — composition, lint, breaking and governance changes — changing nothing. */
export async function check(context: RegistryContext, input: CheckInput): Promise<CheckReport | Refusal> {
  const refused = invalidName(input.name) ?? (input.url === undefined ? undefined : urlNotAllowed(context.allowlist, input.url, 'url'));
  if (refused) return refused;
  return inSnapshot(context.dataSource, async (manager) => {
    const state = await subgraphState(manager, input.name);
    return (await evaluateSubgraphChange(context, manager, state, input)).report;
  });
}
