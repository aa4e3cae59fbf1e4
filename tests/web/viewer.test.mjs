// End-to-end tests of the built viewer (build/web) in Debian's Chromium: fixtures through the
// file input against their expected trees, details, bad input in the load summary, themes,
// deep links, untrusted text, keyboard, a 50,000-span trace, and no request beyond the origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { start, waitLoaded, loadFiles, expectedCounts, listedCounts, buildInfo, FIXTURES } from './harness.mjs';

const realCore = buildInfo().core === 'wasm';
const fx = (...p) => path.join(FIXTURES, ...p);
const VELERO = ['events', 'pods', 'replicasets', 'deployments'].map((k) => fx('support-bundle-velero', 'cluster-resources', k, 'velero.json'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kspan-web-e2e-'));

let h;
let page;

before(async () => {
  h = await start();
  page = await h.page();
  await waitLoaded(page);
});

after(async () => {
  await h?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function summaryText() {
  return page.locator('[data-testid="load-summary"]').innerText();
}

async function stat(name) {
  const t = await page.locator(`[data-testid="load-summary"] [data-stat="${name}"] .n`).innerText();
  return Number(t.replace(/,/g, ''));
}

async function openTraceWith(predicate) {
  const id = await page.evaluate((src) => {
    const f = new Function('r', 'return ' + src);
    const row = [...document.querySelectorAll('[data-testid="trace-row"]:not([hidden])')].find((r) => f(r));
    return row?.dataset.traceId;
  }, predicate);
  assert.ok(id, 'a trace row matches ' + predicate);
  await page.click(`[data-testid="trace-row"][data-trace-id="${id}"]`);
  await page.waitForSelector('#trace-view:not([hidden]) [data-testid="span-row"]');
  return id;
}

async function backToList() {
  if (await page.locator('#trace-view').isVisible()) {
    await page.click('#trace-view .back');
    await page.waitForSelector('#list-view:not([hidden])');
  }
}

test('the sample opens by default, with a load summary and traces', async () => {
  const c = await listedCounts(page);
  assert.ok(c.traces > 0, 'traces listed');
  assert.ok(await stat('spans') > 0);
  assert.equal(await stat('spans'), c.spans);
  await h.shot(page, '01-sample-list');
  assert.deepEqual(h.errors, []);
});

const CASES = [
  ['support bundle (velero)', VELERO, 'support-bundle-velero/expected.tree'],
  ['kspan capture YAML', [fx('kspan', 'deployment-2-pods.capture.yaml')], 'kspan/deployment-2-pods.expected.tree'],
  ['kspan capture, managed fields', [fx('kspan', 'deployment-update.capture.yaml')], 'kspan/deployment-update.expected.tree'],
  ['kubectl List YAML (core/v1)', [fx('harvester', 'core-v1-events.yaml')], 'harvester/expected.tree'],
  ['kubectl List YAML (events.k8s.io/v1)', [fx('harvester', 'events.k8s.io-v1-events.yaml')], 'harvester/expected.tree'],
  ['bare JSON array, 2017', [fx('sonobuoy', 'kube-system-events-2017.json')], 'sonobuoy/kube-system-events-2017.expected.tree'],
  ['EventList, many failures', [fx('troubleshoot', 'failed-mount-crashloop-events.json')], 'troubleshoot/failed-mount-crashloop.expected.tree'],
  ['EventList + PodList', [fx('troubleshoot', 'image-pull-fail-events.json'), fx('troubleshoot', 'oomkill-pod.json')], 'troubleshoot/image-pull-fail.expected.tree'],
];

for (const [name, files, tree] of CASES) {
  test(`fixture: ${name} gives the expected traces and spans`, async () => {
    await backToList();
    await loadFiles(page, files);
    const got = await listedCounts(page);
    assert.equal(await stat('spans'), got.spans);
    assert.equal(await stat('traces'), got.traces);
    if (!realCore) return; // the JavaScript stand-in does not follow the rules
    assert.deepEqual(got, expectedCounts(fx(tree)));
  });
}

test('a span tree matches its expected tree, row by row (depth, service, name)', async () => {
  await backToList();
  await loadFiles(page, [fx('kspan', 'deployment-2-pods.capture.yaml')]);
  await openTraceWith('true');
  const rows = await page.$$eval('[data-testid="span-row"]', (els) => els.filter((e) => !e.hidden).map((e) =>
    Number(e.getAttribute('aria-level')) - 1 + ' ' + e.querySelector('.svc').textContent + ' ' + e.querySelector('.op').textContent));
  const lines = fs.readFileSync(fx('kspan', 'deployment-2-pods.expected.tree'), 'utf8').trim().split('\n');
  const depth = [];
  const want = lines.map((l) => {
    const m = /^(\d+): (\S+) (\S+)(?: \((\d+)\))?/.exec(l);
    depth[m[1]] = m[4] === undefined ? 0 : depth[m[4]] + 1;
    return depth[m[1]] + ' ' + m[2] + ' ' + m[3];
  });
  assert.equal(rows.length, want.length, 'a fresh trace opens fully expanded');
  if (realCore) assert.deepEqual([...rows].sort(), [...want].sort());
  await h.shot(page, '02-trace-deployment');
});

test('span details show every attribute, the resource and how the parent was chosen', async () => {
  const row = page.locator('[data-testid="span-row"]', { hasText: 'Pod.Scheduled' }).first();
  await row.click();
  const details = page.locator('[data-testid="span-details"]');
  await details.waitFor();
  const text = await details.innerText();
  for (const k of ['k8s.event.reason', 'k8s.event.message', 'k8s.namespace.name', 'k8s.object.kind', 'service.name', 'default-scheduler']) {
    assert.ok(text.includes(k), `details show ${k}`);
  }
  assert.match(text, /Why it is here/i);
  if (realCore) assert.match(text, /kspan\.parent\.rule/);
  assert.match(page.url(), /#trace=[0-9a-f]+&span=[0-9a-f]+$/);
  await h.shot(page, '03-span-details');
});

test('keyboard: arrows move and fold, Enter opens details, Escape closes them then the trace', async () => {
  await page.focus('.tl-body');
  await page.keyboard.press('Home');
  const selected = () => page.$eval('.span-row.selected', (e) => e.dataset.spanId).catch(() => '');
  const rootId = await selected();
  await page.keyboard.press('ArrowDown');
  const second = await selected();
  assert.notEqual(second, rootId);
  await page.keyboard.press('ArrowLeft'); // on a leaf: to its parent
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft'); // collapse the root
  const visible = () => page.$$eval('[data-testid="span-row"]', (els) => els.filter((e) => !e.hidden).length);
  assert.equal(await visible(), 1);
  await page.keyboard.press('ArrowRight');
  assert.ok(await visible() > 1);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.details').isVisible(), false);
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.details').isVisible(), true);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#list-view:not([hidden])');
});

test('bad input: every skip is in the load summary with its file and line', async () => {
  const ev = (i, msg = 'fine') => JSON.stringify({ kind: 'Event', apiVersion: 'v1',
    metadata: { uid: 'uid-' + i, name: 'e' + i, namespace: 'demo' },
    involvedObject: { kind: 'Pod', name: 'standalone', namespace: 'demo' },
    reason: 'Tested', message: msg, type: 'Normal', lastTimestamp: `2024-03-01T10:00:0${i}Z` });
  const lines = path.join(tmp, 'garbage-line.jsonl');
  fs.writeFileSync(lines, ev(1) + '\nthis line is garbage\n' + ev(2) + '\n');
  const truncated = path.join(tmp, 'truncated.json');
  fs.writeFileSync(truncated, '{"kind":"List","items":[' + ev(3) + ',{"kind":"Event","metadata":{"uid":"x"');
  await loadFiles(page, [lines, truncated]);
  const text = await summaryText();
  assert.match(text, /garbage-line\.jsonl line 2/);
  assert.match(text, /truncated\.json/);
  assert.ok(await stat('skipped') >= 2);
  if (realCore) {
    assert.match(text, /invalid-json/);
    assert.match(text, /truncated/);
    assert.equal(await stat('events'), 3);
  }
  await h.shot(page, '04-bad-input-summary');
});

test('memory limits: set in Settings, reached limits are listed with their file and line, nothing lost', { skip: !realCore }, async () => {
  await loadFiles(page, VELERO);
  const spansBefore = await stat('spans');
  await page.click('#settings-btn');
  await page.fill('#settings-dialog input[name="max_objects"]', '3');
  await page.click('#settings-dialog button[value="apply"]');
  await page.waitForSelector('[data-testid="load-summary"] [data-problem="limited"]');
  const text = await page.locator('[data-problem="limited"]').innerText();
  assert.match(text, /object-limit/);
  assert.match(text, /velero\.json line 8\b/);
  assert.ok(await stat('limited') >= 1);
  assert.equal(await stat('spans'), spansBefore, 'a limit loses no event: one span each, as before');
  await h.shot(page, '04b-memory-limit-summary');
  await page.click('#settings-btn');
  await page.click('#settings-dialog button:has-text("Defaults")');
  await page.click('#settings-dialog button[value="apply"]');
  await page.waitForFunction(() => !document.querySelector('[data-problem="limited"]'));
});

test('untrusted text is shown as text, never as markup', async () => {
  const evil = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  const list = { kind: 'EventList', apiVersion: 'v1', items: [{ kind: 'Event', apiVersion: 'v1',
    metadata: { uid: 'evil-1', name: 'evil', namespace: 'ns<b>x</b>' },
    involvedObject: { kind: 'Pod', name: 'pod<i>y</i>', namespace: 'ns<b>x</b>' },
    reason: 'Evil<svg onload="window.__xss=3">', message: evil, type: 'Warning',
    source: { component: 'kube<img src=y onerror="window.__xss=4">let' },
    lastTimestamp: '2024-03-01T10:00:00Z' }] };
  const file = path.join(tmp, 'evil.json');
  fs.writeFileSync(file, JSON.stringify(list));
  await loadFiles(page, [file]);
  await openTraceWith('true');
  await page.locator('[data-testid="span-row"]', { hasText: 'Evil' }).first().click();
  const msg = await page.locator('[data-testid="span-message"]').textContent();
  assert.equal(msg, evil);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('main img, main script, main svg, main b, main i').count(), 0);
  await h.shot(page, '05-untrusted-text');
});

test('deep link: a reload restores the trace and the span', async () => {
  await backToList();
  await page.click('#sample-btn');
  await waitLoaded(page, Number(await page.evaluate(() => document.body.dataset.loaded)));
  const traceId = await openTraceWith('Number(r.dataset.spans) > 10');
  const row = page.locator('[data-testid="span-row"]').nth(4);
  const spanId = await row.getAttribute('data-span-id');
  await row.click();
  assert.ok(page.url().endsWith(`#trace=${traceId}&span=${spanId}`));
  await page.reload();
  await waitLoaded(page);
  await page.waitForSelector('#trace-view:not([hidden]) .span-row.selected');
  assert.equal(await page.$eval('.span-row.selected', (e) => e.dataset.spanId), spanId);
  assert.equal(await page.locator('[data-testid="span-details"]').isVisible(), true);
  await h.shot(page, '06-deep-link');
});

test('find in trace: marks matches, Enter walks through them', async () => {
  await page.fill('.tv-find', 'started');
  assert.match(await page.locator('.tv-find-count').innerText(), /^\d+ found$/);
  await page.focus('.tv-find');
  await page.keyboard.press('Enter');
  assert.match(await page.locator('.tv-find-count').innerText(), /^1 of \d+$/);
  assert.match(await page.$eval('.span-row.selected .op', (e) => e.textContent), /Started/);
  assert.ok(await page.locator('.span-row.dim').count() > 0);
  await h.shot(page, '06b-find');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.span-row.dim').count(), 0);
});

test('minimap: dragging zooms the waterfall; double-click shows it all', async () => {
  const box = await page.locator('.mm-area').boundingBox();
  await page.mouse.move(box.x + box.width * 0.1, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 20, { steps: 4 });
  await page.mouse.up();
  assert.equal(await page.locator('.tv-tools button', { hasText: 'Reset zoom' }).isEnabled(), true);
  // Bars that begin before the window are cut at its edge, never drawn over the names.
  const spill = await page.evaluate(() => {
    const out = [];
    for (const row of document.querySelectorAll('[data-testid="span-row"]:not([hidden])')) {
      const cell = row.querySelector('.bar-cell').getBoundingClientRect();
      for (const b of row.querySelectorAll('.bar:not([hidden]), .instant:not([hidden])')) {
        const r = b.getBoundingClientRect();
        if (r.left < cell.left - 8 || r.right > cell.right + 8) out.push(row.dataset.spanId);
      }
    }
    return out;
  });
  assert.deepEqual(spill, []);
  await h.shot(page, '07-minimap-zoom');
  await page.locator('.mm-area').dblclick();
  assert.equal(await page.locator('.tv-tools button', { hasText: 'Reset zoom' }).isEnabled(), false);
});

test('dark theme: toggles, and is remembered across a reload', async () => {
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await page.click('#theme-btn');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, 'rgb(246, 247, 249)');
  await h.shot(page, '08-dark-trace');
  await page.reload();
  await waitLoaded(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await backToList();
  await h.shot(page, '09-dark-list');
  await page.click('#theme-btn');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
});

test('filters: warnings only, kind, free text', async () => {
  await backToList();
  const all = (await listedCounts(page)).traces;
  await page.check('.f-warn input');
  const warned = await page.$$eval('[data-testid="trace-row"]:not([hidden])', (els) => els.map((e) => Number(e.dataset.warnings)));
  assert.ok(warned.length <= all && warned.every((n) => n > 0));
  await page.uncheck('.f-warn input');
  const rowsShown = () => page.locator('[data-testid="trace-row"]:not([hidden])').count();
  await page.fill('.f-text', 'no-such-thing-anywhere');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="trace-row"]:not([hidden])').length === 0);
  // Free text searches the spans' messages too (the worker holds them).
  await page.fill('.f-text', 'podinfo');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="trace-row"]:not([hidden])').length > 0);
  assert.ok(await rowsShown() < all);
  assert.match(await page.locator('.f-count').innerText(), / of /);
  await page.fill('.f-text', '');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="trace-row"]:not([hidden])').length === n, all);
  await page.click('.th[data-sort="spans"]');
  const spans = await page.$$eval('[data-testid="trace-row"]:not([hidden])', (els) => els.map((e) => Number(e.dataset.spans)));
  assert.deepEqual(spans, [...spans].sort((a, b) => b - a));
});

test('a support bundle .tar.gz: only cluster resources are read, the rest is counted as passed over', async () => {
  const root = path.join(tmp, 'bundle');
  const dir = path.join(root, 'support-bundle-2022-04-12');
  for (const f of VELERO) {
    const to = path.join(dir, path.relative(fx('support-bundle-velero'), f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f, to);
  }
  fs.mkdirSync(path.join(dir, 'host-collectors', 'system'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'host-collectors', 'system', 'hostos_info.json'), '{"name":"ubuntu"}');
  fs.writeFileSync(path.join(dir, 'version.yaml'), 'apiVersion: troubleshoot.sh/v1beta2\n');
  const tgz = path.join(tmp, 'support-bundle.tar.gz');
  execFileSync('tar', ['-czf', tgz, '-C', root, 'support-bundle-2022-04-12']);
  await loadFiles(page, [tgz]);
  assert.equal(await stat('passed-over'), 2);
  if (realCore) assert.deepEqual(await listedCounts(page), expectedCounts(fx('support-bundle-velero/expected.tree')));

  // The same bundle as a folder.
  const before = Number(await page.evaluate(() => document.body.dataset.loaded));
  await page.setInputFiles('#folder-input', dir);
  await waitLoaded(page, before);
  assert.equal(await stat('passed-over'), 2);
  if (realCore) assert.deepEqual(await listedCounts(page), expectedCounts(fx('support-bundle-velero/expected.tree')));
});

test('drop: a file (DataTransfer), and a folder walked through webkitGetAsEntry, read as a support bundle', async () => {
  await backToList();
  // A file dropped as browsers give it: a DataTransfer holding a File.
  const events = fs.readFileSync(fx('troubleshoot', 'failed-mount-crashloop-events.json'), 'utf8');
  let before = Number(await page.evaluate(() => document.body.dataset.loaded));
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'events.json', { type: 'application/json' }));
    return d;
  }, events);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
  assert.equal(await page.locator('#drop-overlay').isVisible(), true, 'the drop overlay shows while dragging');
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  await waitLoaded(page, before);
  assert.equal(await page.locator('#drop-overlay').isVisible(), false);
  if (realCore) assert.deepEqual(await listedCounts(page), expectedCounts(fx('troubleshoot', 'failed-mount-crashloop.expected.tree')));

  // A folder: scripts cannot make directory entries, so the drop carries entries of the same
  // interface (webkitGetAsEntry, isDirectory, createReader().readEntries in batches, file()).
  const tree = Object.fromEntries(VELERO.map((f) => ['support-bundle/' + path.relative(fx('support-bundle-velero'), f), fs.readFileSync(f, 'utf8')]));
  tree['support-bundle/host-collectors/hostos_info.json'] = '{"name": "ubuntu"}';
  tree['support-bundle/version.yaml'] = 'apiVersion: troubleshoot.sh/v1beta2\n';
  before = Number(await page.evaluate(() => document.body.dataset.loaded));
  await page.evaluate((files) => {
    const dir = (name, children) => ({
      name, isFile: false, isDirectory: true,
      createReader() {
        // Two batches, then an empty one, as readEntries does for big folders.
        const batches = [children.slice(0, 1), children.slice(1), []];
        return { readEntries: (ok) => setTimeout(() => ok(batches.shift() ?? []), 0) };
      },
    });
    const file = (name, text) => ({ name, isFile: true, isDirectory: false, file: (ok) => ok(new File([text], name)) });
    const build = (paths, prefix) => {
      const here = new Map();
      for (const p of paths) {
        const [head, ...rest] = p.slice(prefix.length).split('/');
        if (!here.has(head)) here.set(head, []);
        if (rest.length) here.get(head).push(p);
      }
      return [...here].map(([name, sub]) => (sub.length ? dir(name, build(sub, prefix + name + '/')) : file(name, files[prefix + name])));
    };
    const [root] = build(Object.keys(files), '');
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: {
      types: ['Files'], files: [], items: [{ kind: 'file', webkitGetAsEntry: () => root, getAsFile: () => null }],
    } });
    document.body.dispatchEvent(drop);
  }, tree);
  await waitLoaded(page, before);
  assert.equal(await stat('files'), 6);
  assert.equal(await stat('passed-over'), 2);
  if (realCore) assert.deepEqual(await listedCounts(page), expectedCounts(fx('support-bundle-velero/expected.tree')));
});

test('a service has one colour: in the list, the legend, rows and details, and from one load to the next', async () => {
  await backToList();
  const colours = async () => page.evaluate(() => {
    const out = {};
    for (const r of document.querySelectorAll('[data-testid="trace-row"]:not([hidden])')) {
      out[r.querySelector('.svc').textContent] = getComputedStyle(r.querySelector('.swatch')).backgroundColor;
    }
    return out;
  });
  await loadFiles(page, [fx('kspan', 'deployment-2-pods.capture.yaml')]);
  const alone = await colours();
  assert.ok(alone['kubectl-client-side-apply']);
  await page.click('#sample-btn');
  await waitLoaded(page, Number(await page.evaluate(() => document.body.dataset.loaded)));
  const inSample = await colours();
  assert.equal(inSample['kubectl-client-side-apply'], alone['kubectl-client-side-apply']);
  await openTraceWith(`r.querySelector('.svc').textContent === 'kubectl-client-side-apply'`);
  const view = await page.evaluate(() => {
    const seen = {};
    for (const e of document.querySelectorAll('.legend-item')) seen['legend ' + e.textContent] = getComputedStyle(e.querySelector('.swatch')).backgroundColor;
    for (const r of document.querySelectorAll('[data-testid="span-row"]:not([hidden])')) {
      const name = r.querySelector('.svc').textContent;
      seen['row ' + name] = getComputedStyle(r.querySelector('.swatch')).backgroundColor;
      const bar = r.querySelector('.bar:not([hidden]), .instant:not([hidden])');
      if (bar) seen['bar ' + name] = getComputedStyle(bar).backgroundColor;
    }
    return seen;
  });
  const want = alone['kubectl-client-side-apply'];
  assert.equal(view['legend kubectl-client-side-apply'], want);
  assert.equal(view['row kubectl-client-side-apply'], want);
  assert.equal(view['bar kubectl-client-side-apply'], want);
  for (const [k, v] of Object.entries(view)) {
    const svc = k.split(' ')[1];
    assert.equal(v, view['legend ' + svc], k);
  }
  await backToList();
});

test('any .gz is read by content', async () => {
  const gz = path.join(tmp, 'events.bin');
  fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(fx('sonobuoy', 'kube-system-events-2017.json'))));
  await loadFiles(page, [gz]);
  const got = await listedCounts(page);
  assert.ok(got.spans > 0);
  if (realCore) assert.deepEqual(got, expectedCounts(fx('sonobuoy/kube-system-events-2017.expected.tree')));
});

test('Download OTLP JSON, and OTLP JSON opens as is (one object, or JSON lines)', async () => {
  await loadFiles(page, VELERO);
  const want = await listedCounts(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-btn')]);
  const file = path.join(tmp, 'download.otlp.json');
  await download.saveAs(file);
  const otlp = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.ok(Array.isArray(otlp.resourceSpans));
  const n = otlp.resourceSpans.reduce((a, r) => a + r.scopeSpans.reduce((b, s) => b + s.spans.length, 0), 0);
  assert.equal(n, want.spans);

  await loadFiles(page, [file]);
  assert.deepEqual(await listedCounts(page), want);
  assert.match(await summaryText(), /from OTLP files/);

  const lines = path.join(tmp, 'traces.jsonl');
  fs.writeFileSync(lines, otlp.resourceSpans.map((r) => JSON.stringify({ resourceSpans: [r] })).join('\n') + '\n');
  await loadFiles(page, [lines]);
  assert.deepEqual(await listedCounts(page), want);
});

test('a 50,000-span trace opens and scrolls with a bounded number of rows in the DOM', async () => {
  const N = 50_000;
  const spans = [];
  const t0 = 1_700_000_000_000_000_000n;
  const id = (i) => i.toString(16).padStart(16, '0');
  for (let i = 0; i < N; i++) {
    const parent = i === 0 ? '' : id(i < 500 ? 0 : Math.floor(i / 100));
    const start = t0 + BigInt(i) * 1_000_000n;
    spans.push({ traceId: 'ab'.repeat(16), spanId: id(i), parentSpanId: parent, name: 'Pod.Event' + (i % 13), kind: 1,
      startTimeUnixNano: String(start), endTimeUnixNano: String(start + BigInt(i % 5) * 3_000_000n),
      attributes: [{ key: 'k8s.event.message', value: { stringValue: 'span ' + i } }],
      ...(i % 97 === 0 ? { status: { code: 2, message: 'bad ' + i } } : {}) });
  }
  const file = path.join(tmp, 'big.otlp.json');
  fs.writeFileSync(file, JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
    scopeSpans: [{ scope: { name: 'test' }, spans }] }] }));
  await backToList();
  await loadFiles(page, [file]);
  const opened = Date.now();
  await openTraceWith(`r.dataset.spans === '${N}'`);
  const openMs = Date.now() - opened;
  const domRows = await page.locator('[data-testid="span-row"]').count();
  assert.ok(domRows < 120, `${domRows} rows in the DOM`);
  // Scroll through the whole trace; each step must render promptly.
  const timing = await page.evaluate(async () => {
    const vp = document.querySelector('.tl-body');
    const frames = [];
    for (let k = 0; k <= 20; k++) {
      const t = performance.now();
      vp.scrollTop = (vp.scrollHeight * k) / 20;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      frames.push(performance.now() - t);
    }
    const last = [...document.querySelectorAll('[data-testid="span-row"]')].filter((e) => !e.hidden).pop();
    return { worst: Math.max(...frames), lastText: last.textContent };
  });
  assert.ok(timing.worst < 250, `worst scroll step ${timing.worst} ms`);
  assert.equal(await page.locator('[data-testid="span-row"]').count() < 120, true);
  assert.ok(openMs < 15_000, `opening took ${openMs} ms`);
  await page.focus('.tl-body');
  await page.keyboard.press('End');
  assert.equal(await page.$eval('.span-row.selected', (e) => e.dataset.spanId), (N - 1).toString(16).padStart(16, '0'));
  await h.shot(page, '10-big-trace');
});

test('usable at 1280x720 and no request left the origin', async () => {
  await backToList();
  const size = page.viewportSize();
  assert.deepEqual(size, { width: 1280, height: 720 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false);
  const foreign = h.requests.filter((u) => !u.startsWith(h.origin + '/') && !u.startsWith('blob:' + h.origin + '/'));
  assert.deepEqual(foreign, []);
  assert.ok(h.requests.some((u) => u.endsWith('/worker.js')), 'the worker was requested (and recorded)');
  assert.deepEqual(h.errors.filter((e) => !/Failed to load resource/.test(e)), []);
});
