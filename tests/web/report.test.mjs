// The self-contained report: build/web/report-template.html filled in as
// `kspan convert --format html` does (OTLP/JSON and the summary JSON, every "</" written "<\/"),
// opened from disk (file://) in Chromium: the traces and summary show, and no request is made.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { start, waitLoaded, expectedCounts, listedCounts, buildInfo, FIXTURES, SITE } from './harness.mjs';

const realCore = buildInfo().core === 'wasm';
const fx = (...p) => path.join(FIXTURES, ...p);
const TRACES = '<script id="kspan-traces" type="application/json">/*KSPAN_TRACES*/</script>';
const SUMMARY = '<script id="kspan-summary" type="application/json">/*KSPAN_SUMMARY*/</script>';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kspan-web-report-'));
const EVIL = '</script><script>window.__xss=1</script><!--';

/** Converts dumps with the core the site was built with (as the CLI would), in node. */
async function convert(files) {
  const createKspan = createRequire(import.meta.url)(path.join(SITE, 'kspan_wasm.js'));
  const K = await createKspan();
  const session = new K.Session('{}');
  try {
    for (const [name, bytes] of files) {
      session.beginSource(name);
      session.push(new Uint8Array(bytes));
      session.endSource();
    }
    session.finish();
    return { otlp: session.otlpJson(), summary: session.summaryJson() };
  } finally {
    session.delete();
  }
}

/** The CLI's filling: each placeholder replaced verbatim, "</" written "<\/". */
function fill(template, otlp, summary) {
  const esc = (s) => s.replaceAll('</', '<\\/');
  assert.equal(template.split('/*KSPAN_TRACES*/').length, 2);
  assert.equal(template.split('/*KSPAN_SUMMARY*/').length, 2);
  return template.replace('/*KSPAN_TRACES*/', () => esc(otlp)).replace('/*KSPAN_SUMMARY*/', () => esc(summary));
}

let h;
before(async () => {
  h = await start();
});
after(async () => {
  await h?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the template holds both placeholders once, inside their script elements, and refers to no other file', () => {
  const t = fs.readFileSync(path.join(SITE, 'report-template.html'), 'utf8');
  assert.equal(t.split(TRACES).length, 2);
  assert.equal(t.split(SUMMARY).length, 2);
  assert.doesNotMatch(t, /\s(src|href)="(?!data:|#)/);
  assert.doesNotMatch(t, /<script src=|<link rel="stylesheet"/);
});

test('a filled report opens from disk: traces, spans and summary, no request, no worker', async () => {
  const events = JSON.parse(fs.readFileSync(fx('troubleshoot', 'failed-mount-crashloop-events.json'), 'utf8'));
  // A message that would close the script element early if "</" were not escaped.
  events.items[0].message = EVIL;
  const { otlp, summary } = await convert([['failed-mount.json', Buffer.from(JSON.stringify(events))]]);
  const file = path.join(tmp, 'report.html');
  fs.writeFileSync(file, fill(fs.readFileSync(path.join(SITE, 'report-template.html'), 'utf8'), otlp, summary));

  const page = await h.context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const url = pathToFileURL(file).href;
  await page.goto(url);
  await waitLoaded(page);
  try {
    const got = await listedCounts(page);
    const want = realCore ? expectedCounts(fx('troubleshoot', 'failed-mount-crashloop.expected.tree')) : got;
    assert.deepEqual(got, want);
    const stat = async (n) => Number((await page.locator(`[data-testid="load-summary"] [data-stat="${n}"] .n`).innerText()).replace(/,/g, ''));
    assert.equal(await stat('spans'), want.spans);
    assert.equal(await stat('traces'), want.traces);
    assert.equal(await stat('events'), JSON.parse(summary).events);
    assert.match(await page.locator('[data-testid="load-summary"]').innerText(), /this report/);
    // Opening controls that need the worker are hidden; Download stays.
    for (const sel of ['#sample-btn', '#settings-btn', 'label:has(#file-input)', 'label:has(#folder-input)']) {
      assert.equal(await page.locator(sel).isVisible(), false, sel);
    }
    assert.equal(await page.locator('#download-btn').isEnabled(), true);

    // A trace opens, with the untrusted message as text.
    const id = await page.locator('[data-testid="trace-row"]').first().getAttribute('data-trace-id');
    await page.click(`[data-testid="trace-row"][data-trace-id="${id}"]`);
    await page.waitForSelector('#trace-view:not([hidden]) [data-testid="span-row"]');
    await page.locator('[data-testid="span-row"]').nth(1).click();
    await page.waitForSelector('[data-testid="span-message"], .details:not([hidden])');
    await h.shot(page, '30-report-trace');
    await page.click('#trace-view .back');
    await page.fill('#list-view .f-text', 'window.__xss');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="trace-row"]:not([hidden])').length === 1);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await page.fill('#list-view .f-text', '');
    await h.shot(page, '31-report-list');

    assert.deepEqual(requests, [url], 'the report requested nothing but itself');
    assert.equal(page.workers().length, 0);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a report of input without events shows its summary and no traces', async () => {
  const { otlp, summary } = await convert([['notes.json', Buffer.from('{"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "x"}}')]]);
  const file = path.join(tmp, 'empty.html');
  fs.writeFileSync(file, fill(fs.readFileSync(path.join(SITE, 'report-template.html'), 'utf8'), otlp, summary));
  const page = await h.context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  await waitLoaded(page);
  try {
    assert.equal(await page.evaluate(() => document.body.classList.contains('report')), true);
    assert.deepEqual(await listedCounts(page), { traces: 0, spans: 0 });
    assert.match(await page.locator('.trace-table .empty').innerText(), /No traces/);
    assert.equal(requests.length, 1);
  } finally {
    await page.close();
  }
});
