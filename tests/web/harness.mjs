// Test harness: serves build/web on an ephemeral loopback port and drives Debian's Chromium
// through playwright-core, recording every request the page (and its worker) makes.
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { createStaticServer } from '../../web/static-server.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The viewer's own dependencies (web/package.json) serve its tests too.
const { chromium } = createRequire(path.join(REPO, 'web', 'package.json'))('playwright-core');
export const SITE = path.join(REPO, 'build', 'web');
export const SHOTS = path.join(REPO, 'build', 'web-test-screenshots');

/** The fixtures: the repo's copy, else the shared one beside the repo. */
export const FIXTURES = [path.join(REPO, 'tests', 'fixtures'), path.resolve(REPO, '..', 'shared', 'fixtures')]
  .find((d) => fs.existsSync(path.join(d, 'README.md')));

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];

export function buildInfo() {
  return JSON.parse(fs.readFileSync(path.join(SITE, 'build-info.json'), 'utf8'));
}

/**
 * Starts the server and a browser; returns helpers. Call close() when done.
 * routes: {'/path': (req, res) => void} answered before build/web (as `kspan view` adds open.json).
 */
export async function start({ routes = {} } = {}) {
  if (!fs.existsSync(path.join(SITE, 'index.html'))) throw new Error('build/web is missing: run npm run build in web/');
  const server = createStaticServer(SITE);
  const serveSite = server.listeners('request')[0];
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    const route = routes[new URL(req.url, 'http://x').pathname];
    if (route) route(req, res);
    else serveSite(req, res);
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kspan-web-test-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 720 },
    acceptDownloads: true,
  });
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  fs.mkdirSync(SHOTS, { recursive: true });
  return {
    origin,
    context,
    requests,
    errors,
    async page(hash = '') {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => errors.push(String(e.stack || e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('request', (r) => requests.push(r.url()));
      page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') errors.push('worker: ' + m.text()); }));
      await page.goto(origin + '/' + hash);
      return page;
    },
    async shot(page, name) {
      await page.screenshot({ path: path.join(SHOTS, name + '.png') });
    },
    async close() {
      await context.close();
      await new Promise((res) => server.close(res));
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until a load finished (the page sets body[data-loaded] to the load's number). */
export async function waitLoaded(page, after = 0) {
  await page.waitForFunction((n) => Number(document.body.dataset.loaded || 0) > n, after, { timeout: 60_000 });
  return Number(await page.evaluate(() => document.body.dataset.loaded));
}

/** Loads files through the file input and waits for the result. */
export async function loadFiles(page, files) {
  const before = Number(await page.evaluate(() => document.body.dataset.loaded || 0));
  await page.setInputFiles('input[type=file][multiple]', files);
  return waitLoaded(page, before);
}

/** Counts of an expected tree: lines = spans, lines without "(parent)" = traces. */
export function expectedCounts(treeFile) {
  const lines = fs.readFileSync(treeFile, 'utf8').split('\n').filter((l) => l.trim());
  const traces = lines.filter((l) => !/^\d+: \S+ \S+ \(\d+\)/.test(l)).length;
  return { spans: lines.length, traces };
}

/** Traces and spans as the list shows them. */
export async function listedCounts(page) {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll('[data-testid="trace-row"]:not([hidden])')];
    return { traces: rows.length, spans: rows.reduce((a, r) => a + Number(r.dataset.spans), 0) };
  });
}
