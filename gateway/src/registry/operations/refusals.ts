import { urlRefusal, type UrlAllowlist } from '../../../../shared/src/net/url-allowlist';
import type { CheckReport, Refusal, RefusalCode } from '../api';

export function refuse(code: RefusalCode, message: string, details: { checks?: CheckReport; field?: string } = {}): Refusal {
  return { outcome: 'refused', code, message, ...details };
}

const NAME = /^[a-z][a-z0-9-]*$/;

/** Subgraph names are lower-case letters, digits and dashes (they name databases, env variables, signature audiences). */
export function invalidName(name: string): Refusal | undefined {
  if (NAME.test(name) && name.length <= 63) return undefined;
  return refuse('BAD_USER_INPUT', `name: subgraph names are lower-case letters, digits and dashes (at most 63), not "${name}"`, { field: 'name' });
}

/** A URL the registry must not route to or fetch from, whatever was accepted. */
export function urlNotAllowed(allowlist: UrlAllowlist, url: string, field: string): Refusal | undefined {
  const why = urlRefusal(url, allowlist);
  return why ? refuse('ROUTING_URL_NOT_ALLOWED', `${field}: ${why}; the registry routes to and reads schemas only from allowlisted hosts`, { field }) : undefined;
}

const list = (items: readonly { description: string }[]) => items.map((i) => i.description).join('; ');

/**
 * Whether a checked change may go ahead: never when it fails the lint or composition; with
 * governance changes only when they are accepted (then it is proposed for approval, not
 * published); with breaking changes only when they are accepted.
 */
export function refusalFor(checks: CheckReport, accepted: { breaking?: boolean; governance?: boolean }): Refusal | undefined {
  if (checks.composition.length > 0) return refuse('CHECKS_FAILED', 'the schema does not pass the governance lint and composition', { checks });
  if (checks.governance.length > 0 && !accepted.governance) {
    const breaking = checks.breaking.length ? `; it also breaks ${checks.breaking.map((b) => b.coordinate).join(', ')}` : '';
    return refuse(
      'GOVERNANCE_CHANGE',
      `governance changes: ${list(checks.governance)}${breaking}. Propose it with --accept-governance and a reason; someone else holding registry:approve must approve it`,
      { checks },
    );
  }
  // Breaking changes nobody used and no registered operation needs do not block (usage-aware checks).
  const blocking = checks.breaking.filter((b) => b.blocking !== false);
  const broken = checks.brokenOperations ?? [];
  if ((blocking.length > 0 || broken.length > 0) && !accepted.breaking) {
    const changes = blocking.map((b) => `${b.coordinate}${b.note?.startsWith('blocks: ') ? ` (${b.note.slice('blocks: '.length)})` : ''}`);
    const operations = broken.map((o) => `registered operation ${o.clientName}/${o.name || o.id} would break`);
    return refuse('BREAKING_CHANGE', `breaking changes: ${[...changes, ...operations].join('; ')}; publish with --accept-breaking and a reason to go ahead`, { checks });
  }
  return undefined;
}
