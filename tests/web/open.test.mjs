// What the page opens at start: the files named by open.json beside it (as `kspan view DUMP...`
// serves them), else the sample. Each test serves build/web with its own open.json and files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { start, waitLoaded, expectedCounts, listedCounts, buildInfo, FIXTURES, SITE } from './harness.mjs';

const realCore = buildInfo().core === 'wasm';
const fx = (...p) => path.join(FIXTURES, ...p);

const json = (body, status = 200) => (req, res) => {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};
const bytes = (buf, type = 'application/octet-stream') => (req, res) => {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': buf.length }).end(buf);
};
const notFound = (req, res) => res.writeHead(404).end('not found\n');

async function summaryText(page) {
  return page.locator('[data-testid="load-summary"]').innerText();
}

async function stat(page, name) {
  const t = await page.locator(`[data-testid="load-summary"] [data-stat="${name}"] .n`).innerText();
  return Number(t.replace(/,/g, ''));
}

test('the built site names its sample in open.json (and sample/open.json)', () => {
  const top = JSON.parse(fs.readFileSync(path.join(SITE, 'open.json'), 'utf8'));
  const sample = JSON.parse(fs.readFileSync(path.join(SITE, 'sample', 'open.json'), 'utf8'));
  assert.ok(top.files.length > 0);
  assert.equal(top.files.length, sample.files.length);
  for (const [k, f] of top.files.entries()) {
    assert.equal(f.url, 'sample/' + sample.files[k].url);
    assert.ok(fs.existsSync(path.join(SITE, f.url)), f.url);
    assert.equal(f.size, fs.statSync(path.join(SITE, f.url)).size);
  }
});

test('open.json from the server: its files are opened instead of the sample, with progress and summary', async () => {
  const events = fs.readFileSync(fx('troubleshoot', 'failed-mount-crashloop-events.json'));
  const gz = zlib.gzipSync(fs.readFileSync(fx('sonobuoy', 'kube-system-events-2017.json')));
  const h = await start({ routes: {
    '/open.json': json({ files: [{ name: 'dump.json', url: 'files/0' }, { name: 'old.json.gz', url: 'files/1', size: gz.length }] }),
    '/files/0': bytes(events, 'application/json'),
    '/files/1': bytes(gz),
  } });
  try {
    const page = await h.page();
    await waitLoaded(page);
    const got = await listedCounts(page);
    assert.ok(got.spans > 0);
    assert.equal(await stat(page, 'files'), 2);
    if (realCore) {
      const a = expectedCounts(fx('troubleshoot', 'failed-mount-crashloop.expected.tree'));
      const b = expectedCounts(fx('sonobuoy', 'kube-system-events-2017.expected.tree'));
      assert.equal(await stat(page, 'spans'), a.spans + b.spans);
      assert.equal(await stat(page, 'traces'), a.traces + b.traces);
    }
    const paths = h.requests.map((u) => new URL(u).pathname);
    assert.ok(paths.includes('/open.json'));
    assert.ok(paths.includes('/files/0') && paths.includes('/files/1'));
    assert.equal(paths.filter((p) => p.startsWith('/sample/')).length, 0, 'the sample was not fetched');
    assert.match(await summaryText(page), /read in/);
    await h.shot(page, '20-open-json');

    // The Sample button still opens the bundled sample.
    const before = Number(await page.evaluate(() => document.body.dataset.loaded));
    await page.click('#sample-btn');
    await waitLoaded(page, before);
    assert.ok(h.requests.some((u) => new URL(u).pathname === '/sample/open.json'));
    assert.deepEqual(h.errors, []);
  } finally {
    await h.close();
  }
});

test('no open.json (404): the sample opens', async () => {
  const h = await start({ routes: { '/open.json': notFound } });
  try {
    const page = await h.page();
    await waitLoaded(page);
    assert.ok((await listedCounts(page)).traces > 0);
    const paths = h.requests.map((u) => new URL(u).pathname);
    assert.ok(paths.includes('/sample/open.json'));
    assert.ok(paths.some((p) => p.startsWith('/sample/support-bundle-velero/')));
  } finally {
    await h.close();
  }
});

test('open.json: a missing file is a skip in the summary; a foreign URL is refused, never requested', async () => {
  const events = fs.readFileSync(fx('troubleshoot', 'failed-mount-crashloop-events.json'));
  const h = await start({ routes: {
    '/open.json': json({ files: [
      { name: 'gone.json', url: 'files/9' },
      { name: 'elsewhere.json', url: 'https://example.com/dump.json' },
      { name: 'dump.json', url: '/files/0' },
    ] }),
    '/files/0': bytes(events),
    '/files/9': notFound,
  } });
  try {
    const page = await h.page();
    await waitLoaded(page);
    assert.ok((await listedCounts(page)).spans > 0);
    const text = await summaryText(page);
    assert.match(text, /gone\.json/);
    assert.match(text, /HTTP 404/);
    assert.match(text, /another origin/);
    assert.match(text, /example\.com/);
    assert.equal(h.requests.filter((u) => u.includes('example.com')).length, 0);
  } finally {
    await h.close();
  }
});

test('a folder named in open.json with cluster-resources/ is read as a support bundle', async () => {
  const base = fx('support-bundle-velero', 'cluster-resources');
  const files = ['events', 'pods', 'replicasets', 'deployments'].map((k) => `bundle/cluster-resources/${k}/velero.json`);
  const routes = { '/open.json': json({ files: [...files, 'bundle/analysis.json'].map((name, i) => ({ name, url: 'files/' + i })) }) };
  files.forEach((name, i) => { routes['/files/' + i] = bytes(fs.readFileSync(path.join(base, name.split('/')[2], 'velero.json'))); });
  routes['/files/' + files.length] = bytes(Buffer.from('{"not": "a dump"}'));
  const h = await start({ routes });
  try {
    const page = await h.page();
    await waitLoaded(page);
    if (realCore) assert.deepEqual(await listedCounts(page), expectedCounts(fx('support-bundle-velero', 'expected.tree')));
    assert.equal(await stat(page, 'passed-over'), 1);
    assert.ok(!h.requests.some((u) => u.endsWith('/files/' + files.length)), 'a passed-over file is not fetched');
  } finally {
    await h.close();
  }
});
