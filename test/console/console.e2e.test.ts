import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sustainabilitySubgraph } from '../../examples/sustainability/src/subgraph';
import { runCli } from '../../scripts/cli/run';
import type { RunningSubgraph } from '../../shared/src/subgraph/server';
import { Stack, TEST_JWT_SECRET, token } from '../support/stack';
import { findChromium, launch, NO_BROWSER } from './browser';
import { startTestProvider } from './oidc-provider';

/**
 * The console in a real headless Chromium, against a real stack: sign-in, the heat map, an
 * exception's evidence, a storefront's narrow view, a rollback — and every view loaded with no
 * request leaving the gateway's origin (as on a machine with the network unplugged). Each view's
 * screenshot is written to test/console/screenshots/ (UPDATE_SCREENSHOTS=1 also to docs/console/,
 * where the README shows them).
 */
const chromiumPath = findChromium();
const SHOTS = path.join(__dirname, 'screenshots');
const DOCS_SHOTS = path.resolve(__dirname, '../../docs/console');

if (!chromiumPath) {
  if (process.env.CI) {
    it('has a browser to run the console tests in', () => {
      throw new Error(NO_BROWSER);
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`test/console skipped. ${NO_BROWSER}`);
  }
}
const describeInBrowser = chromiumPath ? describe : describe.skip;

let stack: Stack;
let browser: Browser;
let example: RunningSubgraph;
let base: string;

beforeAll(async () => {
  if (!chromiumPath) return;
  // The console is built with the TypeScript (npm install, npm start); after an edit, build it again first.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ensureBuilt } = require('../../bin/ensure-built.js') as { ensureBuilt(): boolean };
  if (!ensureBuilt()) throw new Error('The console could not be built: run `npm run build` and read its errors.');
  stack = await Stack.start({
    gateway: { console: { devSignIn: { secret: TEST_JWT_SECRET, issuer: 'trellis', audience: 'trellis', ttlSeconds: 900 } } },
  });
  base = stack.baseUrl;
  browser = await launch(chromiumPath);
  fs.mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await example?.stop();
  await stack?.stop();
});

interface Visit {
  context: BrowserContext;
  page: Page;
  /** Every request that tried to leave the gateway's origin (each one refused, as offline). */
  outside: string[];
  /** Every GraphQL response body the console received. */
  graphql: { errors?: { extensions?: { code?: string } }[]; data?: unknown }[];
}

/** A fresh browser profile in which nothing but the gateway (and the origins named) can be reached. */
async function visit(allowed: string[] = []): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const outside: string[] = [];
  const graphql: Visit['graphql'] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === base || allowed.includes(url.origin)) return route.continue();
    outside.push(url.href);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname !== '/graphql' || response.request().method() !== 'POST') return;
    let text: string;
    try {
      text = await response.text();
    } catch {
      return; // the page moved on (a view left) before the body was read
    }
    try {
      graphql.push(JSON.parse(text));
    } catch {
      graphql.push({ errors: [{ extensions: { code: `NOT_JSON (${response.status()}): ${text.slice(0, 200)}` } }] });
    }
  });
  return { context, page, outside, graphql };
}

async function shot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  if (process.env.UPDATE_SCREENSHOTS) {
    fs.mkdirSync(DOCS_SHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS_SHOTS, `${name}.png`));
  }
}

async function devSignIn(page: Page, role: string, brands: string[] = []) {
  await page.goto(`${base}/console/`);
  await page.getByLabel('Role').selectOption(role);
  for (const brand of brands) await page.locator(`input[name="brand"][value="${brand}"]`).check();
  await page.getByRole('button', { name: `Sign in as ${role}` }).click();
  await page.getByTestId('who').waitFor();
}

describeInBrowser('the console', () => {
  it('signs in locally as portfolio-manager: the heat map shows every brand × capability; an exception opens with its evidence', async () => {
    const { data } = await stack.query('{ portfolioMatrix { brands { slug } capabilities { code } cells { brand { slug } capability { code } isException decisionId } } }');
    const matrix = data.portfolioMatrix;
    expect(matrix.brands.length * matrix.capabilities.length).toBeGreaterThan(0);

    const v = await visit();
    await v.page.goto(`${base}/console/`);
    await v.page.getByRole('heading', { name: 'Local sign-in' }).waitFor();
    await shot(v.page, 'sign-in');
    await devSignIn(v.page, 'portfolio-manager');
    await expect(v.page.getByTestId('who').textContent()).resolves.toContain('portfolio-manager');

    const cells = v.page.locator('[data-testid^="cell-"]');
    await cells.first().waitFor();
    expect(await cells.count()).toBe(matrix.brands.length * matrix.capabilities.length);
    for (const b of matrix.brands) for (const c of matrix.capabilities) expect(await v.page.getByTestId(`cell-${b.slug}-${c.code}`).count()).toBe(1);

    const exception = matrix.cells.find((c: { isException: boolean; decisionId: string | null }) => c.isException && c.decisionId);
    expect(exception).toBeDefined();
    const { data: decision } = await stack.query('query($id: ID!) { operatingModelDecision(id: $id) { evidence { description source } } }', { id: exception.decisionId });
    const evidence = decision.operatingModelDecision.evidence;
    expect(evidence.length).toBeGreaterThan(0);

    await v.page.getByTestId(`cell-${exception.brand.slug}-${exception.capability.code}`).getByRole('button').click();
    const detail = v.page.getByTestId('cell-detail');
    await detail.getByRole('list', { name: 'Evidence' }).waitFor();
    for (const e of evidence) await expect(detail.getByText(e.source, { exact: false }).first().isVisible()).resolves.toBe(true);
    await expect(detail.getByTestId('recommendation').isVisible()).resolves.toBe(true);
    // The selection is in the URL: a link that opens the same cell.
    expect(v.page.url()).toContain(`brand=${exception.brand.slug}`);
    await shot(v.page, 'portfolio');

    expect(v.outside).toEqual([]);
    expect(v.graphql.flatMap((r) => r.errors ?? [])).toEqual([]);
    await v.context.close();
  });

  it('as storefront for one brand: only that brand appears, and no cost anywhere in any view', async () => {
    const v = await visit();
    await devSignIn(v.page, 'storefront', ['halden']);
    const rows = v.page.locator('table.heatmap tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('Halden');

    for (const view of ['portfolio', 'brands/halden', 'partners', 'orders', 'platform']) {
      await v.page.goto(`${base}/console/${view}`);
      await v.page.waitForLoadState('networkidle');
      const text = (await v.page.locator('main').innerText()).toLowerCase();
      expect({ view, text }).not.toEqual({ view, text: expect.stringMatching(/€|eur\s?\d|unit cost|cost per unit|margin|cost to serve total|monthly cost/) });
      for (const other of ['aurelia', 'kestrel', 'lumen']) expect({ view, mentions: text.includes(other) }).toEqual({ view, mentions: false });
    }
    // Hidden fields are absent, not broken: nothing was asked for that the token may not see.
    const errors = v.graphql.flatMap((r) => r.errors ?? []);
    expect(errors.filter((e) => ['UNAUTHORIZED_FIELD_OR_TYPE', 'FORBIDDEN_BRAND'].includes(e.extensions?.code ?? ''))).toEqual([]);
    const answered = JSON.stringify(v.graphql.map((r) => r.data));
    expect(answered).not.toMatch(/"(unitCost|margin|costPerUnit|monthlyCost|allocated|costPerRequest|weightedScore|scores)":\s*[^n]/);
    expect(v.outside).toEqual([]);
    await v.context.close();
  });

  it('as platform: rolls back a supergraph (confirm, reason) and shows the version change', async () => {
    example = await stack.startExtraSubgraph('sustainability', sustainabilitySubgraph);
    const platform = await token({ roles: ['platform'], sub: 'test:platform' });
    const lines: string[] = [];
    const code = await runCli(['subgraph', 'publish', '--name', 'sustainability', '--url', example.url, '--schema', example.url, '--reason', 'Carbon footprints', '--gateway', base], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      gateway: base,
      token: async () => platform,
    });
    expect({ code, lines }).toEqual({ code: 0, lines: expect.any(Array) });
    const served = (await stack.gateway.registry.head())!.version;

    const v = await visit();
    await devSignIn(v.page, 'platform');
    await v.page.goto(`${base}/console/platform`);
    const version = v.page.getByTestId('served-version');
    await expect(version.textContent({ timeout: 10_000 })).resolves.toBe(String(served));
    await shot(v.page, 'platform');

    await v.page.getByTestId('rollback-1').click();
    const dialog = v.page.getByTestId('rollback-dialog');
    await dialog.waitFor();
    await v.page.getByTestId('rollback-reason').fill('Back to the four core subgraphs');
    await v.page.getByTestId('rollback-confirm').click();
    await v.page.getByTestId('rollback-outcome').waitFor();
    // A locator, not waitForFunction with a string: that predicate is eval'd in the page, which the
    // console's CSP refuses whenever the first check does not already hold.
    await version.filter({ hasText: new RegExp(`^${served + 1}$`) }).waitFor({ timeout: 15_000 });
    expect((await stack.gateway.registry.head())!.version).toBe(served + 1);
    expect(v.outside).toEqual([]);
    await v.context.close();
  });

  it('loads every view and the explorer with no request leaving the gateway (offline), and the explorer runs a query with the token set', async () => {
    const v = await visit();
    await devSignIn(v.page, 'admin');
    for (const [view, name] of [
      ['brands/halden', 'brand'],
      ['partners', 'partners'],
      ['orders', 'orders'],
    ] as const) {
      await v.page.goto(`${base}/console/${view}`);
      await v.page.getByRole('heading', { level: 1 }).first().waitFor();
      await shot(v.page, name);
    }
    await v.page.goto(`${base}/console/explorer`);
    const editor = v.page.locator('.graphiql-container');
    await editor.waitFor({ timeout: 30_000 });
    await v.page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 30_000 });
    await v.page.getByRole('button', { name: /execute query/i }).first().click();
    await v.page.locator('.graphiql-response').getByText('halden', { exact: false }).first().waitFor({ timeout: 20_000 });
    await shot(v.page, 'explorer');
    expect(v.outside).toEqual([]);
    expect(v.graphql.flatMap((r) => r.errors ?? [])).toEqual([]);
    await v.context.close();
  });

  it('signs in with OpenID Connect when an issuer is configured: code flow with PKCE, the provider’s token verified by the gateway', async () => {
    const provider = await startTestProvider({ clientId: 'trellis-console', audience: 'trellis', claims: { sub: 'ines@example.test', roles: ['auditor'], brands: '*' } });
    const sso = await stack.startGateway({
      gateway: {
        auth: { jwksUrl: provider.jwksUrl, issuer: provider.issuer, audience: 'trellis' },
        console: { oidc: { issuer: provider.issuer, clientId: 'trellis-console', scope: 'openid profile', tokenType: 'access_token' } },
      },
    });
    const ssoBase = sso.url.replace(/\/graphql$/, '');
    try {
      const v = await visit([ssoBase, provider.issuer]);
      await v.page.goto(`${ssoBase}/console/partners`);
      // Not a local installation: no dev sign-in.
      await expect(v.page.getByRole('heading', { name: 'Local sign-in' }).count()).resolves.toBe(0);
      await v.page.getByRole('button', { name: 'Sign in with OpenID Connect' }).click();
      await v.page.getByTestId('who').waitFor({ timeout: 15_000 });
      await expect(v.page.getByTestId('who').textContent()).resolves.toContain('ines@example.test · auditor');
      expect(provider.redeemed).toBe(1);
      // Back where the person started, the code gone from the address.
      expect(new URL(v.page.url()).pathname).toBe('/console/partners');
      expect(v.page.url()).not.toContain('code=');
      await v.context.close();
    } finally {
      await sso.stop();
      await provider.close();
    }
  });

  it('works from the keyboard: a cell opens with Enter, and the detail closes again', async () => {
    const v = await visit();
    await devSignIn(v.page, 'approver');
    const first = v.page.locator('[data-testid^="cell-"] button').first();
    await first.waitFor();
    await first.focus();
    await v.page.keyboard.press('Enter');
    await v.page.getByTestId('cell-detail').waitFor();
    await expect(first.getAttribute('aria-pressed')).resolves.toBe('true');
    await v.page.getByRole('button', { name: 'Close the cell' }).focus();
    await v.page.keyboard.press('Enter');
    await expect(v.page.getByTestId('cell-detail').count()).resolves.toBe(0);
    await v.context.close();
  });

  it('signs out: the token is gone and the sign-in shows again', async () => {
    const v = await visit();
    await devSignIn(v.page, 'auditor');
    await v.page.getByRole('button', { name: 'Sign out' }).click();
    await v.page.getByRole('heading', { name: 'Local sign-in' }).waitFor();
    await expect(v.page.evaluate('Object.keys(sessionStorage).length')).resolves.toBe(0);
    await v.page.reload();
    await v.page.getByRole('heading', { name: 'Local sign-in' }).waitFor();
    await v.context.close();
  });
});
