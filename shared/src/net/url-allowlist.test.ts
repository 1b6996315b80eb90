import { DEFAULT_URL_ALLOWLIST, LOOPBACK_ALLOWLIST, parseUrlAllowlist, urlRefusal, type UrlAllowlist } from './url-allowlist';

const parse = (text: string): UrlAllowlist => {
  const parsed = parseUrlAllowlist(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.allowlist;
};

describe('the registry URL allowlist', () => {
  const loopback = parse(DEFAULT_URL_ALLOWLIST);

  it('is loopback only unless configured', () => {
    expect(loopback).toEqual(LOOPBACK_ALLOWLIST);
  });

  it('allows loopback by default, in every spelling of it', () => {
    for (const url of [
      'http://127.0.0.1:4002/graphql',
      'http://127.9.9.9/graphql',
      'https://localhost:4000/graphql',
      'http://LOCALHOST./graphql',
      'http://[::1]:4001/graphql',
      'http://2130706433/graphql', // 127.0.0.1 as one number
      'http://0x7f.1/graphql',
      'http://[::ffff:127.0.0.1]/graphql',
    ]) {
      expect([url, urlRefusal(url, loopback)]).toEqual([url, undefined]);
    }
  });

  it('refuses everything else by default, naming the host', () => {
    expect(urlRefusal('http://10.1.2.3:4000/graphql', loopback)).toBe('10.1.2.3:4000 is not in REGISTRY_URL_ALLOWLIST');
    expect(urlRefusal('http://example.com/graphql', loopback)).toMatch(/example\.com is not in/);
    expect(urlRefusal('http://169.254.169.254/latest/meta-data', loopback)).toMatch(/not in/);
    expect(urlRefusal('http://[::ffff:10.1.2.3]/graphql', loopback)).toMatch(/not in/);
    expect(urlRefusal('http://0.0.0.0:4002/graphql', loopback)).toMatch(/not in/);
    expect(urlRefusal('http://localhost.example.com/graphql', loopback)).toMatch(/not in/);
  });

  it('refuses other schemes and credentials whatever the host', () => {
    expect(urlRefusal('file:///etc/passwd', loopback)).toMatch(/not http\(s\)/);
    expect(urlRefusal('gopher://127.0.0.1/', loopback)).toMatch(/not http\(s\)/);
    expect(urlRefusal('http://user:secret@127.0.0.1/graphql', loopback)).toBe('a URL must not carry credentials');
    expect(urlRefusal('not a url', loopback)).toMatch(/not a URL/);
  });

  it('matches host patterns by whole labels and IP ranges only for IP literals', () => {
    const list = parse('*.svc.cluster.local, brands.internal, 10.20.0.0/16');
    expect(urlRefusal('http://inventory.trellis.svc.cluster.local/graphql', list)).toBeUndefined();
    expect(urlRefusal('http://svc.cluster.local/graphql', list)).toMatch(/not in/);
    expect(urlRefusal('http://evilsvc.cluster.local/graphql', list)).toMatch(/not in/);
    expect(urlRefusal('http://brands.internal:8080/graphql', list)).toBeUndefined();
    expect(urlRefusal('http://10.20.3.4/graphql', list)).toBeUndefined();
    expect(urlRefusal('http://10.21.3.4/graphql', list)).toMatch(/not in/);
  });

  it('says which entry is not valid', () => {
    expect(parseUrlAllowlist('localhost, 10.0.0.0/33')).toEqual({ ok: false, error: expect.stringContaining('"10.0.0.0/33"') });
    expect(parseUrlAllowlist('http://x')).toEqual({ ok: false, error: expect.stringContaining('"http://x"') });
    expect(parseUrlAllowlist('*')).toMatchObject({ ok: false });
    expect(parseUrlAllowlist('')).toEqual({ ok: true, allowlist: [] });
  });
});
