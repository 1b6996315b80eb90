import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { SessionProvider, useSessionState } from './session';
import { SignIn, OidcCallback } from './views/SignIn';
import { Portfolio } from './views/Portfolio';
import { BrandView } from './views/Brand';
import { Partners } from './views/Partners';
import { Orders } from './views/Orders';
import { Platform } from './views/Platform';
import { Loading } from './ui';
import './styles.css';

// GraphiQL (and its editor) is most of the console's weight: loaded only when the explorer opens.
const Explorer = lazy(() => import('./views/Explorer'));

const VIEWS = [
  { path: '/portfolio', label: 'Portfolio' },
  { path: '/brands', label: 'Brands' },
  { path: '/partners', label: 'Partners' },
  { path: '/orders', label: 'Orders' },
  { path: '/platform', label: 'Platform' },
  { path: '/explorer', label: 'Explorer' },
];

function Shell() {
  const { session, checking, signOut } = useSessionState();
  const [location] = useLocation();
  if (checking) return <Loading what="your session" />;
  if (!session) {
    if (location === '/callback') return <OidcCallback />;
    return <SignIn />;
  }
  const brands = session.brands === '*' ? 'every brand' : session.brands.join(', ');
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="wordmark" aria-label="Trellis console">
          Trellis
        </span>
        <nav aria-label="Views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.path}>
                <Link href={v.path} aria-current={location.startsWith(v.path) ? 'page' : undefined}>
                  {v.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who" data-testid="who">
          <span title={session.scopes.join(' ')}>
            {session.sub} · {session.roles.join(', ') || 'scopes only'} · {brands}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the view" />}>
          <Switch>
            <Route path="/">
              <Redirect to="/portfolio" replace />
            </Route>
            <Route path="/signin">
              <Redirect to="/portfolio" replace />
            </Route>
            <Route path="/callback">
              <Redirect to="/portfolio" replace />
            </Route>
            <Route path="/portfolio" component={Portfolio} />
            <Route path="/brands" component={BrandView} />
            <Route path="/brands/:slug" component={BrandView} />
            <Route path="/partners" component={Partners} />
            <Route path="/orders" component={Orders} />
            <Route path="/platform" component={Platform} />
            <Route path="/explorer" component={Explorer} />
            <Route>
              <p>There is no such view. <Link href="/portfolio">Open the portfolio</Link>.</p>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Router base="/console">
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </Router>
  </StrictMode>,
);
