import { useEffect, useState, type FormEvent } from 'react';
import * as oauth from 'oauth4webapi';
import { devToken, useSessionState, type ConsoleConfig } from '../session';
import { Loading } from '../ui';

const OIDC_KEY = 'trellis.console.oidc';

function redirectUri(): string {
  return `${location.origin}/console/callback`;
}

/** Plain HTTP only to a provider on this machine (a local Keycloak or Dex); anywhere else, HTTPS. */
function transport(issuer: string): { [oauth.allowInsecureRequests]?: boolean } {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) ? { [oauth.allowInsecureRequests]: true } : {};
}

async function authorizationServer(oidc: NonNullable<ConsoleConfig['oidc']>): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(oidc.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...transport(oidc.issuer) }));
}

/** OpenID Connect, authorization code with PKCE: the identity provider's token, verified by the gateway like any other. */
async function startOidcLogin(oidc: NonNullable<ConsoleConfig['oidc']>): Promise<void> {
  const as = await authorizationServer(oidc);
  if (!as.authorization_endpoint) throw new Error(`${oidc.issuer} names no authorization endpoint.`);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(OIDC_KEY, JSON.stringify({ verifier, state, nonce, back: location.pathname + location.search }));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', oidc.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', oidc.scope);
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url.href);
}

/** `/console/callback`: the identity provider sent the person back with a code; trade it for a token. */
export function OidcCallback() {
  const { config, signIn } = useSessionState();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (!config) return;
    const oidc = config.oidc;
    const stored = JSON.parse(sessionStorage.getItem(OIDC_KEY) ?? 'null') as { verifier: string; state: string; nonce: string; back: string } | null;
    sessionStorage.removeItem(OIDC_KEY);
    if (!oidc || !stored) {
      setProblem('This sign-in was not started here, or has already been used: start again.');
      return;
    }
    void (async () => {
      const as = await authorizationServer(oidc);
      const client: oauth.Client = { client_id: oidc.clientId };
      const params = oauth.validateAuthResponse(as, client, new URL(location.href), stored.state);
      const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), stored.verifier, transport(oidc.issuer));
      const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: stored.nonce, requireIdToken: oidc.tokenType === 'id_token' });
      const token = oidc.tokenType === 'id_token' ? result.id_token : result.access_token;
      if (!token) throw new Error(`The identity provider returned no ${oidc.tokenType}.`);
      if (await signIn(token)) history.replaceState(null, '', stored.back.startsWith('/console') && !stored.back.startsWith('/console/callback') ? stored.back : '/console/portfolio');
      else setProblem('The gateway refused the identity provider’s token.');
    })().catch((error: Error) => setProblem(`Sign-in failed: ${error.message}`));
  }, [config, signIn]);
  if (problem) {
    return (
      <main id="main" className="signin">
        <p role="alert">{problem}</p>
        <a href="/console/">Back to sign-in</a>
      </main>
    );
  }
  return <Loading what="your sign-in" />;
}

function DevSignIn({ dev }: { dev: NonNullable<ConsoleConfig['devSignIn']> }) {
  const { signIn } = useSessionState();
  const [role, setRole] = useState('portfolio-manager');
  const [brands, setBrands] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const storefront = role === 'storefront';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    if (storefront && brands.length === 0) {
      setProblem('A storefront sees its own brands only: pick at least one brand.');
      return;
    }
    setBusy(true);
    try {
      await signIn(await devToken(role, brands.length === 0 ? '*' : brands));
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="dev-title" className="card">
      <h2 id="dev-title">Local sign-in</h2>
      <p className="hint">This installation runs locally: pick a role and brands for a token that lasts {dev.ttlMinutes} minutes.</p>
      <label htmlFor="dev-role">Role</label>
      <select id="dev-role" value={role} onChange={(e) => setRole(e.target.value)}>
        {dev.roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>Brands {storefront ? '(at least one)' : '(none ticked: every brand)'}</legend>
        {dev.brands.map((b) => (
          <label key={b.slug} className="check">
            <input
              type="checkbox"
              name="brand"
              value={b.slug}
              checked={brands.includes(b.slug)}
              onChange={(e) => setBrands((list) => (e.target.checked ? [...list, b.slug] : list.filter((s) => s !== b.slug)))}
            />
            {b.name}
          </label>
        ))}
      </fieldset>
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
      <button type="submit" disabled={busy}>
        Sign in as {role}
      </button>
    </form>
  );
}

function PasteToken() {
  const { signIn } = useSessionState();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card"
      aria-labelledby="paste-title"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        await signIn(token);
        setBusy(false);
      }}
    >
      <h2 id="paste-title">Sign in with a token</h2>
      <label htmlFor="paste-token">Bearer token (JWT)</label>
      <textarea id="paste-token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} autoComplete="off" required />
      <p className="hint">
        From your identity provider, or locally <code>npm run -s token -- --role auditor</code>. It is kept in this tab only and cleared on sign-out.
      </p>
      <button type="submit" disabled={busy || !token.trim()}>
        Sign in
      </button>
    </form>
  );
}

export function SignIn() {
  const { config, problem } = useSessionState();
  const [oidcProblem, setOidcProblem] = useState<string>();
  if (!config) return <Loading what="sign-in" />;
  return (
    <main id="main" className="signin">
      <h1>Trellis console</h1>
      <p className="intro">The portfolio, its decisions, partners, orders and the graph — seen with exactly the rights of your token.</p>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
      <div className="signin-options">
        {config.devSignIn ? <DevSignIn dev={config.devSignIn} /> : null}
        {config.oidc ? (
          <div className="card">
            <h2>Single sign-on</h2>
            <p className="hint">Sign in at {new URL(config.oidc.issuer).host}.</p>
            {oidcProblem ? <p role="alert" className="problem">{oidcProblem}</p> : null}
            <button type="button" onClick={() => startOidcLogin(config.oidc!).catch((e: Error) => setOidcProblem(e.message))}>
              Sign in with OpenID Connect
            </button>
          </div>
        ) : null}
        <PasteToken />
      </div>
    </main>
  );
}
