// The viewer's benchmark: build/web in headless Chromium, the core under node, the native CLI.
//
//   node bench/web/run.mjs [--events 100000] [--spans 50000] [--runs 3] [--dump FILE] [--profile] [--only load|scroll|core]
//
//   (a) load: from setInputFiles(dump of N events) to the trace list shown, in the page
//   (b) scroll: frames per second while scrolling a trace of S spans (rAF counting)
//   (c) core: the wasm core alone under node vs build/native/kspan convert -q, same dump
//   (d) memory: peak JS heap (page + worker) and wasm memory against the dump's size
//
// Writes build/bench-web/results.json and prints a Markdown table. --profile also writes a
// Chrome trace of one load (build/bench-web/load-trace.json, open it in DevTools' Performance
// panel or Perfetto) and a CPU profile of the worker's pipeline under node.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { chromium } = createRequire(path.join(REPO, 'web', 'package.json'))('playwright-core');
const { createStaticServer } = await import(path.join(REPO, 'web', 'static-server.mjs'));
const SITE = path.join(REPO, 'build', 'web');
const OUT = path.join(REPO, 'build', 'bench-web');
const NATIVE = path.join(REPO, 'build', 'native', 'kspan');
const GEN = path.join(REPO, 'build', 'native', 'bench', 'kspan-gen');

const opt = { events: 100_000, spans: 50_000, runs: 3, dump: '', profile: false, seed: 1, only: '' };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--events') opt.events = Number(process.argv[++i]);
  else if (a === '--spans') opt.spans = Number(process.argv[++i]);
  else if (a === '--runs') opt.runs = Number(process.argv[++i]);
  else if (a === '--dump') opt.dump = process.argv[++i];
  else if (a === '--seed') opt.seed = Number(process.argv[++i]);
  else if (a === '--profile') opt.profile = true;
  else if (a === '--only') opt.only = process.argv[++i]; // load | scroll | core: one measure, for profiling
  else throw new Error('unknown argument ' + a + ' (see the top of bench/web/run.mjs)');
}

const GOALS = { loadMs: 5000, fps: 50 };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const MB = (b) => (b / 1048576).toFixed(0) + ' MiB';
const log = (...a) => console.error('[bench]', ...a);

fs.mkdirSync(OUT, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kspan-bench-web-'));

// ---- inputs ----------------------------------------------------------------------------------
if (!fs.existsSync(path.join(SITE, 'index.html'))) {
  log('build/web missing: building it');
  execFileSync(process.execPath, [path.join(REPO, 'web', 'build.mjs')], { stdio: 'inherit' });
}
const buildInfo = JSON.parse(fs.readFileSync(path.join(SITE, 'build-info.json'), 'utf8'));
if (buildInfo.core !== 'wasm') log('warning: build/web holds the JavaScript stand-in, not the wasm core');

let dump = opt.dump;
let generator = 'given';
if (!dump) {
  dump = path.join(tmp, `dump-${opt.events}.json`);
  if (fs.existsSync(GEN)) {
    generator = 'kspan-gen';
    execFileSync(GEN, ['--events', String(opt.events), '--seed', String(opt.seed), '-o', dump], { stdio: 'inherit' });
  } else {
    generator = 'bench/web/gen-dump.mjs';
    execFileSync(process.execPath, [path.join(REPO, 'bench', 'web', 'gen-dump.mjs'), '--events', String(opt.events),
      '--seed', String(opt.seed), '-o', dump], { stdio: 'inherit' });
  }
}
const dumpBytes = fs.statSync(dump).size;
log(`dump: ${dump} (${MB(dumpBytes)}, ${generator})`);

/** One trace of n spans as OTLP/JSON: a fan-out of 500 under the root, then 100 per parent. */
function bigTrace(n) {
  const spans = [];
  const t0 = 1_700_000_000_000_000_000n;
  const id = (i) => i.toString(16).padStart(16, '0');
  for (let i = 0; i < n; i++) {
    const start = t0 + BigInt(i) * 1_000_000n;
    spans.push({ traceId: 'ab'.repeat(16), spanId: id(i), parentSpanId: i === 0 ? '' : id(i < 500 ? 0 : Math.floor(i / 100)),
      name: 'Pod.Event' + (i % 13), kind: 1, startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + BigInt(1 + (i % 5)) * 3_000_000n),
      attributes: [{ key: 'k8s.event.message', value: { stringValue: 'span ' + i } }],
      ...(i % 97 === 0 ? { status: { code: 2, message: 'bad ' + i } } : {}) });
  }
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
    scopeSpans: [{ scope: { name: 'bench' }, spans }] }] });
}
const bigFile = path.join(tmp, `trace-${opt.spans}.otlp.json`);
fs.writeFileSync(bigFile, bigTrace(opt.spans));

// ---- browser ---------------------------------------------------------------------------------
const server = createStaticServer(SITE);
await new Promise((res) => server.listen(0, '127.0.0.1', res));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--enable-precise-memory-info'],
});
const chromiumVersion = browser.version();
const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable');

const loadedCount = () => page.evaluate(() => Number(document.body.dataset.loaded || 0));
async function waitLoaded(after) {
  await page.waitForFunction((n) => Number(document.body.dataset.loaded || 0) > n, after, { timeout: 600_000, polling: 20 });
}
await page.goto(origin + '/');
await waitLoaded(0);

/**
 * The worker's JS heap through the DevTools protocol: the page's session auto-attaches to its
 * workers (non-flat sessions, so messages go through Target.sendMessageToTarget).
 */
async function workerHeapProbe() {
  const sessions = new Map();
  const pending = new Map();
  let next = 1;
  cdp.on('Target.attachedToTarget', (e) => { if (e.targetInfo.type === 'worker') sessions.set(e.targetInfo.targetId, e.sessionId); });
  cdp.on('Target.detachedFromTarget', (e) => { for (const [k, v] of sessions) if (v === e.sessionId) sessions.delete(k); });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  return async () => {
    let used = 0;
    for (const sessionId of sessions.values()) {
      const id = next++;
      const answer = new Promise((r) => { pending.set(id, r); setTimeout(() => r(null), 2000); });
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
      used += (await answer)?.result?.usedSize ?? 0;
    }
    return used;
  };
}
const workerHeap = await workerHeapProbe();

/** Samples the page's and the worker's JS heaps every 100 ms until stopped; returns peaks. */
function sampleMemory() {
  let stop = false;
  const peak = { pageHeap: 0, workerHeap: 0, samples: 0 };
  const done = (async () => {
    while (!stop) {
      try {
        const m = await cdp.send('Performance.getMetrics');
        const used = m.metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? 0;
        peak.pageHeap = Math.max(peak.pageHeap, used);
        peak.workerHeap = Math.max(peak.workerHeap, await workerHeap());
        peak.samples++;
      } catch { /* the worker may be busy or replaced: next sample */ }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => { stop = true; await done; return peak; };
}

async function loadDump(file) {
  const before = await loadedCount();
  const t = performance.now();
  await page.setInputFiles('input[type=file][multiple]', file);
  await waitLoaded(before);
  await page.waitForSelector('[data-testid="trace-row"]');
  const ms = performance.now() - t;
  const info = await page.evaluate(() => {
    const el = document.querySelector('[data-testid="load-summary"]');
    return { phases: JSON.parse(el.dataset.phases || '{}'), traces: document.querySelectorAll('[data-testid="trace-row"]').length,
      spans: Number(el.querySelector('[data-stat="spans"] .n')?.textContent.replace(/,/g, '') || 0),
      tracesTotal: Number(el.querySelector('[data-stat="traces"] .n')?.textContent.replace(/,/g, '') || 0) };
  });
  return { ms, ...info };
}

const want = (m) => !opt.only || opt.only === m;

// (a) + (d)
const loads = [];
let memory = null;
if (want('load')) {
  for (let r = 0; r < opt.runs; r++) {
    const stopMem = r === 0 ? sampleMemory() : null;
    const res = await loadDump(dump);
    if (stopMem) memory = await stopMem();
    log(`load ${r + 1}/${opt.runs}: ${res.ms.toFixed(0)} ms, ${res.tracesTotal} traces, ${res.spans} spans, phases ${JSON.stringify(res.phases)}`);
    loads.push(res);
  }
  if (opt.profile) {
    // One more load under Chrome tracing (page, worker, V8 sampling profiler).
    await traced('load-trace.json', () => loadDump(dump));
  }
}
const wasmBytes = loads.at(-1)?.phases.wasmBytes ?? 0;

async function traced(name, fn) {
  await browser.startTracing(page, { path: path.join(OUT, name), screenshots: false,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing'] });
  const r = await fn();
  await browser.stopTracing();
  log('wrote ' + path.join(OUT, name) + ' (DevTools Performance panel, or Perfetto)');
  return r;
}

// (b) scrolling a big trace
let scroll = null;
let idle = NaN;
let bigLoad = null;
async function scrollFor(ms) {
  return page.evaluate(async (DURATION) => {
    const vp = document.querySelector('.tl-body');
    const gaps = [];
    const step = 240; // px per frame: about 9 rows, a brisk wheel scroll
    return new Promise((resolve) => {
      let frames = 0;
      let last = 0;
      let t0 = 0;
      const tick = (now) => {
        if (!t0) { t0 = now; last = now; }
        else { gaps.push(now - last); last = now; frames++; }
        if (now - t0 >= DURATION) {
          gaps.sort((a, b) => a - b);
          resolve({ frames, ms: now - t0, fps: (frames * 1000) / (now - t0), p95: gaps[Math.floor(gaps.length * 0.95)],
            worst: gaps.at(-1), long: gaps.filter((g) => g > 20).length });
          return;
        }
        vp.scrollTop = (vp.scrollTop + step) % Math.max(1, vp.scrollHeight - vp.clientHeight);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  }, ms);
}
if (want('scroll')) {
  bigLoad = await loadDump(bigFile);
  await page.click(`[data-testid="trace-row"][data-spans="${opt.spans}"]`);
  await page.waitForSelector('#trace-view:not([hidden]) [data-testid="span-row"]');
  await page.waitForTimeout(300);
  scroll = await scrollFor(4000);
  log(`scroll: ${scroll.fps.toFixed(1)} fps, p95 frame ${scroll.p95.toFixed(1)} ms, worst ${scroll.worst.toFixed(1)} ms, ${scroll.long} frames > 20 ms`);
  idle = await page.evaluate(() => new Promise((resolve) => {
    // The same counting with no scrolling: what this headless browser delivers at best.
    let frames = 0; let t0 = 0;
    const tick = (now) => { if (!t0) t0 = now; else frames++; if (now - t0 >= 1000) resolve((frames * 1000) / (now - t0)); else requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  }));
  await page.screenshot({ path: path.join(OUT, 'big-trace.png') });
  if (opt.profile) await traced('scroll-trace.json', () => scrollFor(2000));
}

await browser.close();
await new Promise((res) => server.close(res));

// (c) the core alone under node vs native
function timeNative() {
  const t = performance.now();
  const r = spawnSync(NATIVE, ['convert', '-q', dump, '-o', '/dev/null'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('native convert failed: ' + (r.error?.message ?? r.signal ?? r.status));
  return performance.now() - t;
}
function timeWasm() {
  const out = execFileSync(process.execPath, [path.join(REPO, 'bench', 'web', 'core-node.mjs'), dump, '--parse'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop());
}
let wasm = null;
let nativeMs = NaN;
if (want('core')) {
  const natives = [];
  const wasms = [];
  const hasNative = fs.existsSync(NATIVE);
  // Interleaved, best of the runs for each: the machine may be busy with other work.
  for (let r = 0; r < opt.runs; r++) {
    if (hasNative) natives.push(timeNative());
    wasms.push(timeWasm());
  }
  wasm = wasms.reduce((x, y) => (y.coreMs < x.coreMs ? y : x));
  nativeMs = hasNative ? Math.min(...natives) : NaN;
  log(`core: wasm ${wasm.coreMs.toFixed(0)} ms (push ${wasm.pushMs.toFixed(0)}, finish ${wasm.finishMs.toFixed(0)}, otlp text ${wasm.otlpMs.toFixed(0)}), ` +
    `JSON.parse ${wasm.parseMs.toFixed(0)} ms; native ${nativeMs.toFixed(0)} ms`);
  if (opt.profile) {
    const dir = path.join(OUT, 'cpu-profile');
    fs.mkdirSync(dir, { recursive: true });
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, path.join(REPO, 'bench', 'web', 'pipeline-node.mjs'), dump], { stdio: 'inherit' });
    log('wrote a CPU profile of the worker pipeline under ' + dir);
  }
}

// ---- report ------------------------------------------------------------------------------------
const loadMs = loads.length ? median(loads.map((l) => l.ms)) : NaN;
const peakJs = (memory?.pageHeap ?? 0) + (memory?.workerHeap ?? 0);
const results = {
  date: new Date().toISOString(),
  loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  machine: `${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} CPUs, ${MB(os.totalmem())} RAM, ${os.platform()} ${os.release()}`,
  chromium: chromiumVersion,
  node: process.version,
  core: buildInfo.core,
  dump: { events: opt.dump ? null : opt.events, bytes: dumpBytes, generator },
  load: loads.length ? { medianMs: loadMs, runsMs: loads.map((l) => Math.round(l.ms)), traces: loads[0].tracesTotal,
    spans: loads[0].spans, phases: loads.at(-1).phases, goalMs: GOALS.loadMs } : null,
  scroll: scroll ? { spans: opt.spans, ...scroll, idleFps: idle, loadMs: bigLoad.ms, goalFps: GOALS.fps } : null,
  wasmCore: wasm ? { wasmMs: wasm.coreMs, wasmPhases: { pushMs: wasm.pushMs, finishMs: wasm.finishMs, otlpMs: wasm.otlpMs },
    otlpParseMs: wasm.parseMs, otlpChars: wasm.otlpChars, nativeMs, nativeOverWasm: nativeMs / wasm.coreMs } : null,
  memory: memory ? { pageHeapPeak: memory.pageHeap, workerHeapPeak: memory.workerHeap, wasmMemory: wasmBytes,
    samples: memory.samples, dumpBytes, jsPlusWasmOverDump: (peakJs + wasmBytes) / dumpBytes } : null,
  pageErrors,
};
fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 1) + '\n');

const ok = (b) => (b ? 'yes' : '**no**');
const rows = [];
if (loads.length) {
  rows.push(['(a) drop → trace list, ' + opt.events.toLocaleString('en') + ' events (' + MB(dumpBytes) + ')',
    `${(loadMs / 1000).toFixed(2)} s (median of ${loads.length}: ${loads.map((l) => (l.ms / 1000).toFixed(2)).join(', ')})`,
    '< 5 s', ok(loadMs < GOALS.loadMs)]);
}
if (scroll) {
  rows.push(['(b) scrolling a ' + opt.spans.toLocaleString('en') + '-span trace', `${scroll.fps.toFixed(1)} fps (p95 frame ${scroll.p95.toFixed(1)} ms, ` +
    `worst ${scroll.worst.toFixed(1)} ms; ${scroll.long} of ${scroll.frames} frames > 20 ms; idle rAF ${idle.toFixed(1)} fps)`, '≥ 50 fps', ok(scroll.fps >= GOALS.fps)]);
}
if (wasm) {
  rows.push(['(c) core alone: wasm under node vs native', `wasm ${(wasm.coreMs / 1000).toFixed(2)} s, native ${(nativeMs / 1000).toFixed(2)} s: ` +
    `wasm at ${(nativeMs / wasm.coreMs).toFixed(2)}× native speed (JSON.parse of its OTLP text: ${(wasm.parseMs / 1000).toFixed(2)} s more)`, '', '']);
}
if (memory) {
  rows.push(['(d) peak memory', `JS heap ${MB(memory.pageHeap)} page + ${MB(memory.workerHeap)} worker, wasm ${MB(wasmBytes)}; ` +
    `${results.memory.jsPlusWasmOverDump.toFixed(1)}× the dump`, '', '']);
}
console.log(`\n${results.machine} (load average ${results.loadAverage.join(' ')}); Chromium ${chromiumVersion}; node ${process.version}; core=${buildInfo.core}\n`);
console.log('| measure | result | goal | met |\n|---|---|---|---|');
for (const r of rows) console.log('| ' + r.join(' | ') + ' |');
if (loads.length) console.log(`\nload phases (worker, then page; ms): ${JSON.stringify(loads.at(-1).phases)}`);
console.log(`results: ${path.relative(process.cwd(), path.join(OUT, 'results.json'))}`);
if (pageErrors.length) console.log('page errors: ' + pageErrors.join('; '));
fs.rmSync(tmp, { recursive: true, force: true });
