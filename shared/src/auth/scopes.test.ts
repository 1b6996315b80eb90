import { mayAccessBrandId, mayAccessBrandSlug, satisfiesAny } from './principal';
import { satisfiesPolicies } from './policies';
import { ALL_ROLES, ALL_SCOPES, effectiveScopes, ROLES } from './scopes';

describe('roles and scopes', () => {
  it('grant the union of the roles and the scopes named directly', () => {
    const granted = effectiveScopes(['storefront'], ['costs:read']);
    expect(granted.has('catalog:read')).toBe(true);
    expect(granted.has('costs:read')).toBe(true);
    expect(granted.has('portfolio:write')).toBe(false);
  });

  it('grant nothing for an unknown role', () => {
    expect(effectiveScopes(['superuser'], []).size).toBe(0);
  });

  it('keep the auditor read-only and the admin all-powerful', () => {
    const auditor: readonly string[] = ROLES.auditor;
    expect(auditor.some((s) => s.endsWith(':write') || s.endsWith(':approve') || s === 'orders:route')).toBe(false);
    expect(new Set(ROLES.admin)).toEqual(new Set(ALL_SCOPES));
  });

  it('keep approving governance changes apart from proposing them', () => {
    expect(effectiveScopes(['governance-approver'], [])).toEqual(new Set(['catalog:read', 'registry:read', 'registry:approve']));
    expect(effectiveScopes(['platform'], []).has('registry:approve')).toBe(false);
    expect(effectiveScopes(['admin'], []).has('registry:approve')).toBe(true);
  });

  it('let the portfolio office and operations run pilots, but not approve what a pilot supports', () => {
    const pilots = ALL_ROLES.filter((r) => effectiveScopes([r], []).has('pilots:write'));
    expect(pilots.sort()).toEqual(['admin', 'operations', 'portfolio-manager']);
    expect(effectiveScopes(['operations'], []).has('portfolio:write')).toBe(false);
    expect(effectiveScopes(['portfolio-manager'], []).has('decisions:approve')).toBe(false);
  });

  it('only name scopes that exist', () => {
    for (const scopes of Object.values(ROLES)) for (const s of scopes) expect(ALL_SCOPES).toContain(s);
  });
});

describe('satisfiesAny', () => {
  it('needs every scope of one alternative', () => {
    const granted = new Set(['a', 'b']);
    expect(satisfiesAny(granted, [['a', 'b']])).toBe(true);
    expect(satisfiesAny(granted, [['a', 'c']])).toBe(false);
    expect(satisfiesAny(granted, [['c'], ['b']])).toBe(true);
  });
});

describe('brand access', () => {
  it('follows the token', () => {
    expect(mayAccessBrandSlug({ brands: '*' }, 'x')).toBe(true);
    expect(mayAccessBrandSlug({ brands: ['halden'] }, 'halden')).toBe(true);
    expect(mayAccessBrandSlug({ brands: ['halden'] }, 'lumen')).toBe(false);
    expect(mayAccessBrandId({ brandIds: ['1'] }, '2')).toBe(false);
    expect(mayAccessBrandId({ brandIds: ['1'] }, null)).toBe(false);
    expect(mayAccessBrandId({ brandIds: '*' }, null)).toBe(true);
  });
});

describe('policies', () => {
  const base = { sub: 's', roles: [], scopes: [], brandIds: '*' as const };
  it('portfolio-wide needs an unrestricted token', () => {
    expect(satisfiesPolicies({ ...base, brands: '*' }, [['portfolio-wide']])).toBe(true);
    expect(satisfiesPolicies({ ...base, brands: ['halden'] }, [['portfolio-wide']])).toBe(false);
    expect(satisfiesPolicies({ ...base, brands: '*' }, [['no-such-policy']])).toBe(false);
  });
});
