import { acknowledgeEnforcedSecurityFeatures } from './enforced-security-features';

const SDL = `
schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION)
  @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)
  @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)
  @link(url: "https://specs.example.com/unknownSecurity/v0.1", for: SECURITY)
{ query: Query }
type Query { a: Int }
`;

describe('acknowledgeEnforcedSecurityFeatures', () => {
  const out = acknowledgeEnforcedSecurityFeatures(SDL);

  it('drops the SECURITY purpose of the features Trellis enforces', () => {
    expect(out).toContain('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1")');
    expect(out).toContain('@link(url: "https://specs.apollo.dev/policy/v0.1")');
  });

  it('keeps every other purpose, so the gateway still refuses what nobody enforces', () => {
    expect(out).toContain('@link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION)');
    expect(out).toContain('@link(url: "https://specs.example.com/unknownSecurity/v0.1", for: SECURITY)');
  });
});
