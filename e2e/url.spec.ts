import { expect, test } from '@playwright/test';
import {
  fixturePath,
  readText,
  startServer,
  summarySteps,
  waitForLoad,
  type TestServer,
} from './helpers';

const LOG = readText(fixturePath('multistage-parallel.log'));
// `grep -oE '^#[0-9]+ ' e2e/fixtures/multistage-parallel.log | sort -u | grep -vc '^#0 '` → 13
const STEPS = 13;

// Two servers of our own on ephemeral ports: one that lets other sites read it
// (Access-Control-Allow-Origin: *), one that does not. The app is on another
// origin (the preview server's port), so the second one's answers cannot be read.
let open: TestServer;
let closed: TestServer;

test.beforeAll(async () => {
  open = await startServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*' };
    if (req.url === '/build.log') {
      res.writeHead(200, { ...cors, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(LOG);
    } else {
      res.writeHead(404, { ...cors, 'Content-Type': 'text/plain' });
      res.end('not here');
    }
  });
  closed = await startServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(LOG);
  });
});

test.afterAll(async () => {
  await open?.close();
  await closed?.close();
});

test('#url= loads a log from a server that allows it', async ({ page }) => {
  const url = `${open.origin}/build.log`;
  await page.goto(`/#url=${encodeURIComponent(url)}`);
  await waitForLoad(page);
  await expect(page.getByTestId('loaded-label')).toHaveText(url);
  await expect(summarySteps(page)).toHaveText(String(STEPS));
});

test('#url= of an address that answers 404 says so', async ({ page }) => {
  const url = `${open.origin}/missing.log`;
  await page.goto(`/#url=${encodeURIComponent(url)}`);
  await waitForLoad(page, { expected: 'error' });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(url);
  await expect(alert).toContainText('the server answered 404');
  await expect(page.getByRole('region', { name: 'Build summary' })).toHaveCount(0);
  // The start page stays, to try another way in.
  await expect(page.getByLabel('Build log')).toBeVisible();
});

test('#url= of a server without CORS headers says it could not be read', async ({ page }) => {
  const url = `${closed.origin}/build.log`;
  await page.goto(`/#url=${encodeURIComponent(url)}`);
  await waitForLoad(page, { expected: 'error' });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`Could not load ${url}`);
  await expect(alert).toContainText('does not allow other sites to read it (CORS)');
  await expect(page.getByRole('region', { name: 'Build summary' })).toHaveCount(0);
});

test('a #url= typed into the address bar of an open page loads too', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByLabel('Build log')).toBeVisible();
  const url = `${open.origin}/build.log`;
  await page.evaluate((hash) => (window.location.hash = hash), `url=${encodeURIComponent(url)}`);
  await waitForLoad(page);
  await expect(summarySteps(page)).toHaveText(String(STEPS));
});
