import { BlockList, isIP } from 'node:net';

/**
 * Which hosts the registry may route to and fetch schemas from (`REGISTRY_URL_ALLOWLIST`): host
 * patterns (`localhost`, `brands.internal`, `*.svc.cluster.local`) and IP ranges (`127.0.0.0/8`,
 * `::1`, `10.20.0.0/16`). An IP range matches only a URL whose host is an IP literal: host names
 * are never resolved here (a resolution checked now could differ from the one the request makes),
 * so a name is allowed only by a host pattern.
 */
export type AllowlistEntry =
  | { kind: 'host'; pattern: string }
  | { kind: 'cidr'; address: string; prefix: number; family: 'ipv4' | 'ipv6' };

export type UrlAllowlist = readonly AllowlistEntry[];

export const DEFAULT_URL_ALLOWLIST = '127.0.0.0/8,::1,localhost';

/** The default, parsed: loopback only. */
export const LOOPBACK_ALLOWLIST: UrlAllowlist = [
  { kind: 'cidr', address: '127.0.0.0', prefix: 8, family: 'ipv4' },
  { kind: 'cidr', address: '::1', prefix: 128, family: 'ipv6' },
  { kind: 'host', pattern: 'localhost' },
];

const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** One entry of the list, or why it is not one. */
export function parseAllowlistEntry(text: string): AllowlistEntry | { error: string } {
  const given = text.trim();
  const entry = given.toLowerCase().replace(/\.$/, '');
  const [address, prefixText, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family) {
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (rest.length || !/^\d+$/.test(prefixText ?? String(max)) || prefix > max) return { error: `"${given}" is not an IP range (address/prefix, prefix 0–${max})` };
    return { kind: 'cidr', address: address!, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
  }
  if (HOST_PATTERN.test(entry)) return { kind: 'host', pattern: entry };
  return { error: `"${given}" is neither a host name, a *.domain pattern nor an IP range` };
}

/** A comma-separated list, or the first entry that is not valid. */
export function parseUrlAllowlist(text: string): { ok: true; allowlist: UrlAllowlist } | { ok: false; error: string } {
  const entries: AllowlistEntry[] = [];
  for (const part of text.split(',').filter((p) => p.trim())) {
    const parsed = parseAllowlistEntry(part);
    if ('error' in parsed) return { ok: false, error: parsed.error };
    entries.push(parsed);
  }
  return { ok: true, allowlist: entries };
}

function hostMatches(pattern: string, host: string): boolean {
  if (!pattern.startsWith('*.')) return host === pattern;
  const domain = pattern.slice(1); // ".example.com"
  return host.endsWith(domain) && host.length > domain.length;
}

function ipMatches(allowlist: UrlAllowlist, ip: string): boolean {
  const ranges = new BlockList();
  for (const entry of allowlist) if (entry.kind === 'cidr') ranges.addSubnet(entry.address, entry.prefix, entry.family);
  return ranges.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why the registry must not call this URL (route a subgraph to it, or fetch a schema from it), or
 * `undefined` when it may: http(s) only, no credentials, and a host the allowlist names.
 */
export function urlRefusal(url: string, allowlist: UrlAllowlist): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${url} is not http(s)`;
  if (parsed.username || parsed.password) return 'a URL must not carry credentials';
  // WHATWG URL parsing has already normalised numeric IPv4 forms (2130706433, 0x7f.1) and IPv6.
  const host = parsed.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  const allowed = isIP(host) ? ipMatches(allowlist, host) : allowlist.some((e) => e.kind === 'host' && hostMatches(e.pattern, host));
  return allowed ? undefined : `${parsed.host} is not in REGISTRY_URL_ALLOWLIST`;
}

/** The list as it is configured, for messages. */
export function describeAllowlist(allowlist: UrlAllowlist): string {
  return allowlist.map((e) => (e.kind === 'host' ? e.pattern : `${e.address}/${e.prefix}`)).join(', ') || '(empty)';
}
