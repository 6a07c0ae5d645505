import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// The built app (npm run test:e2e builds it first), served by `vite preview`.
const PORT = 4173;

/**
 * A system Chromium where there is one: CI and developer machines here cannot
 * download Playwright's own browser builds. Elsewhere, Playwright's own browser.
 */
const executablePath =
  process.env.PLAINSIGHT_CHROMIUM ||
  process.env.CHROMIUM_PATH ||
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// A machine without network: without these, Chromium keeps retrying refused
// connections (updates, sync, QUIC probes). --no-sandbox because CI runs as root.
const systemChromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    headless: true,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: executablePath ? { executablePath, args: systemChromiumArgs } : {},
      },
    },
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
