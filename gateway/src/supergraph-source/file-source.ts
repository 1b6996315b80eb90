import fs from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import { formatViolation, lintRules } from '../../../shared/src/governance/lint';
import { GovernanceRules } from '../../../shared/src/governance/rules';
import type { Logger } from '../../../shared/src/logger';
import { acknowledgeEnforcedSecurityFeatures } from '../supergraph/enforced-security-features';
import { joinGraphsOf } from '../supergraph/join-graphs';
import type { SupergraphSource } from './source';

/**
 * The supergraph from a file — any Federation 2 supergraph, composed by any tool — for running the
 * Trellis gateway (authentication, limits, governance, signed fetches) without a registry. The
 * governance lint is reported as warnings, or refuses the file with `strict`. The file is watched:
 * a new version is served without a restart; one that fails to load leaves the old one serving.
 */
export function fileSource(file: string, options: { strict: boolean; logger: Logger; pollIntervalMs?: number }): SupergraphSource {
  const { logger } = options;
  let served: { subgraphs: { name: string; url: string }[] } | undefined;
  let watching = false;

  const read = (): string => {
    const sdl = fs.readFileSync(file, 'utf8');
    const violations = lintRules('supergraph', GovernanceRules.fromSdl(sdl));
    if (violations.length > 0) {
      const summary = `${violations.length} governance lint finding(s) in ${file}: ${violations.slice(0, 5).map(formatViolation).join('; ')}${violations.length > 5 ? '; …' : ''}`;
      if (options.strict) throw new Error(`${summary} (strict: refused)`);
      logger.warn(summary);
    }
    served = { subgraphs: joinGraphsOf(sdl) };
    return acknowledgeEnforcedSecurityFeatures(sdl);
  };

  const initialize: SupergraphSdlHook = async ({ update }) => {
    const supergraphSdl = read();
    const listener = (current: fs.Stats, previous: fs.Stats) => {
      if (current.mtimeMs === previous.mtimeMs) return;
      try {
        update(read());
        logger.info(`serving the supergraph from ${file} again (changed)`);
      } catch (error) {
        logger.error(`the supergraph in ${file} was not loaded; the previous one keeps serving: ${(error as Error).message}`);
      }
    };
    fs.watchFile(file, { interval: options.pollIntervalMs ?? 1000, persistent: false }, listener);
    watching = true;
    return { supergraphSdl, cleanup: async () => fs.unwatchFile(file, listener) };
  };

  return {
    manager: { initialize },
    served: () => served,
    stop: async () => {
      if (watching) fs.unwatchFile(file);
    },
  };
}
