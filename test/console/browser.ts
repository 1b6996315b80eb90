import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The Chromium the console's browser tests drive: CHROMIUM_PATH, or Debian's `chromium` package
 * (`apt-get install -y chromium`; `.ci/run` installs it when missing). Playwright downloads no
 * browser of its own here.
 */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

export const NO_BROWSER =
  'No Chromium found for the console’s browser tests: install Debian’s (`apt-get update && apt-get install -y chromium`) or set CHROMIUM_PATH, then run `npm test -- test/console`.';

export function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    // As root in a container there is no sandbox; and nothing of Chromium's own may reach out (the machine may be offline).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
