import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** Who is signed in, as the gateway verified the token (`GET /console/api/session`). */
export interface Session {
  token: string;
  sub: string;
  roles: string[];
  /** The scopes the token's roles and scopes grant together. */
  scopes: string[];
  brands: string[] | '*';
  expiresAt: string;
  /** Whether the token grants every scope named. */
  can(...scopes: string[]): boolean;
}

/** What the console may offer for signing in (`GET /console/api/config`). */
export interface ConsoleConfig {
  /** A local installation: pick a role and brands, get a short-lived token. Absent elsewhere. */
  devSignIn?: { roles: string[]; brands: { slug: string; name: string }[]; ttlMinutes: number };
  /** OpenID Connect login, when an issuer is configured. */
  oidc?: { issuer: string; clientId: string; scope: string; tokenType: 'access_token' | 'id_token' };
}

const TOKEN_KEY = 'trellis.console.token';

interface SessionState {
  session?: Session;
  /** True until a stored token has been checked. */
  checking: boolean;
  /** Why the last sign-in failed, said so a person can act on it. */
  problem?: string;
  config?: ConsoleConfig;
  signIn(token: string): Promise<boolean>;
  signOut(): void;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: { message: string }[] };
    return body.errors?.[0]?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** Asks the gateway who a token is; throws with the gateway's own words when it refuses it. */
async function verify(token: string): Promise<Session> {
  const response = await fetch('/console/api/session', { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(await errorMessage(response));
  const body = (await response.json()) as Omit<Session, 'token' | 'can'>;
  const granted = new Set(body.scopes);
  return { ...body, token, can: (...scopes) => scopes.every((s) => granted.has(s)) };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>();
  const [checking, setChecking] = useState(true);
  const [problem, setProblem] = useState<string>();
  const [config, setConfig] = useState<ConsoleConfig>();

  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    setSession(undefined);
  }, []);

  const signIn = useCallback(async (token: string) => {
    try {
      const verified = await verify(token.trim());
      sessionStorage.setItem(TOKEN_KEY, verified.token);
      setSession(verified);
      setProblem(undefined);
      return true;
    } catch (error) {
      setProblem((error as Error).message);
      return false;
    }
  }, []);

  useEffect(() => {
    void fetch('/console/api/config')
      .then((r) => (r.ok ? (r.json() as Promise<ConsoleConfig>) : {}))
      .then(setConfig, () => setConfig({}));
    const stored = sessionStorage.getItem(TOKEN_KEY);
    if (!stored) {
      setChecking(false);
      return;
    }
    void verify(stored)
      .then(setSession, () => sessionStorage.removeItem(TOKEN_KEY))
      .finally(() => setChecking(false));
  }, []);

  // A token that expires signs its holder out, rather than leaving every view failing.
  useEffect(() => {
    if (!session) return;
    const left = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(() => {
      signOut();
      setProblem('Your session expired: sign in again.');
    }, Math.max(0, Math.min(left, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const value = useMemo(() => ({ session, checking, problem, config, signIn, signOut }), [session, checking, problem, config, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState outside SessionProvider');
  return state;
}

/** The signed-in caller; only inside views the app shows once someone is signed in. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession without a session');
  return session;
}

/** Asks the local installation for a short-lived token of a role and brands. */
export async function devToken(role: string, brands: string[] | '*'): Promise<string> {
  const response = await fetch('/console/api/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, brands }),
  });
  if (!response.ok) throw new Error(await errorMessage(response));
  return ((await response.json()) as { token: string }).token;
}
