// The core's span table (span-table.js) gives the same trace model as the core's OTLP/JSON
// through buildModel, and Download's OTLP/JSON written from the table says what the core's does.
// Runs the wasm core under node (build/wasm/kspan_wasm.js); skipped when it is not built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO, FIXTURES } from './harness.mjs';
import { yamlToJson } from '../../web/src/yaml-bridge.js';
import { tableModel, nsString } from '../../web/src/span-table.js';
import { buildModel, mergeModels } from '../../web/src/trace-model.js';
import { TraceStore } from '../../web/src/trace-store.js';
import { otlpFromTable, runLoad } from '../../web/src/load-job.js';

const WASM = path.join(REPO, 'build', 'wasm', 'kspan_wasm.js');
const skip = !fs.existsSync(WASM) ? 'build/wasm/kspan_wasm.js is not built' : false;
globalThis.kspanYamlToJson = yamlToJson;

const CASES = [
  ['support-bundle-velero/cluster-resources/events/velero.json',
    'support-bundle-velero/cluster-resources/pods/velero.json',
    'support-bundle-velero/cluster-resources/replicasets/velero.json',
    'support-bundle-velero/cluster-resources/deployments/velero.json'],
  ['kspan/deployment-2-pods.capture.yaml'],
  ['kspan/deployment-update.capture.yaml'],
  ['troubleshoot/failed-mount-crashloop-events.json'],
  ['troubleshoot/image-pull-fail-events.json', 'troubleshoot/oomkill-pod.json'],
  ['harvester/core-v1-events.yaml'],
  ['sonobuoy/kube-system-events-2017.json'],
];

let core = null;
async function K() {
  core ??= createRequire(import.meta.url)(WASM)();
  return core;
}

/** One session over some fixtures: the span table and the core's own OTLP/JSON. */
async function both(files) {
  const k = await K();
  const s = new k.Session(JSON.stringify({ table: true, otlp: true }));
  for (const f of files) {
    s.beginSource(f);
    s.push(fs.readFileSync(path.join(FIXTURES, f)));
    s.endSource();
  }
  s.finish();
  const table = s.spanTable();
  const otlp = new TextDecoder().decode(s.otlpJsonBytes());
  s.delete();
  return { table, otlp, version: k.version() };
}

/** Spans of each resource sorted by id: the order of spans within a resource is not meaningful. */
function canonical(request) {
  return request.resourceSpans.map((rs) => ({ ...rs,
    scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: [...ss.spans].sort((a, b) => (a.spanId < b.spanId ? -1 : 1)) })) }));
}

for (const files of CASES) {
  test(`span table model equals the OTLP model: ${files[0]}`, { skip }, async () => {
    const { table, otlp } = await both(files);
    const fromTable = new TraceStore(tableModel(table));
    const fromOtlp = new TraceStore(buildModel([JSON.parse(otlp)]));
    assert.ok(fromOtlp.model.traces.length > 0);
    assert.deepEqual(fromTable.list(), fromOtlp.list());
    for (const t of fromOtlp.model.traces) {
      const a = fromTable.trace(t.id);
      const b = fromOtlp.trace(t.id);
      assert.deepEqual(a, b, t.id);
    }
    for (const text of ['pod', 'backoff', 'kube-system', 'zzz-nothing']) assert.deepEqual(fromTable.search(text), fromOtlp.search(text), text);
  });

  test(`OTLP/JSON written from the table says what the core's does: ${files[0]}`, { skip }, async () => {
    const { table, otlp, version } = await both(files);
    const text = await otlpFromTable(tableModel(table).table, version, []).text();
    assert.ok(text.endsWith(']}\n'));
    assert.deepEqual(canonical(JSON.parse(text)), canonical(JSON.parse(otlp)));
  });
}

test('nsString writes the ns below the µs with three digits', () => {
  assert.equal(nsString(1621417378640117, 41), '1621417378640117041');
  assert.equal(nsString(1621417378640117, 0), '1621417378640117000');
  assert.equal(nsString(1621417378640117, 999), '1621417378640117999');
  assert.equal(nsString(0, 5), '5');
});

test('the table model and an OTLP file merge into one trace list, a shared trace rebuilt', { skip }, async () => {
  const { table, otlp } = await both(CASES[0]);
  const core = JSON.parse(otlp);
  const first = core.resourceSpans[0].scopeSpans[0].spans[0];
  // An OTLP file of another service: one new trace, and one span in a trace of the core's.
  const extra = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'aaa-first' } }] },
    scopeSpans: [{ spans: [
      { traceId: 'ab'.repeat(16), spanId: '01'.repeat(8), name: 'Other.Root', kind: 1,
        startTimeUnixNano: '1000000000000000000', endTimeUnixNano: '1000000001000000000', attributes: [] },
      { traceId: first.traceId, spanId: '02'.repeat(8), parentSpanId: first.spanId, name: 'Extra.Child', kind: 1,
        startTimeUnixNano: first.startTimeUnixNano, endTimeUnixNano: first.endTimeUnixNano, attributes: [] },
      { ...first }, // a duplicate of the core's span
    ] }] }] };
  const merged = new TraceStore(mergeModels(tableModel(table), buildModel([structuredClone(extra)])));
  const expected = new TraceStore(buildModel([core, structuredClone(extra)]));
  assert.equal(merged.model.duplicates, 1);
  assert.equal(merged.model.services[0], 'aaa-first');
  assert.deepEqual(merged.list(), expected.list());
  for (const t of expected.model.traces) assert.deepEqual(merged.trace(t.id), expected.trace(t.id), t.id);
  assert.deepEqual(merged.search('extra.child'), [first.traceId]);
});

test('runLoad reads the table, and Download gives the core spans and the OTLP file\'s', { skip }, async () => {
  const k = await K();
  const files = CASES[3];
  const extra = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otlp-file' } }] },
    scopeSpans: [{ spans: [{ traceId: 'cd'.repeat(16), spanId: '03'.repeat(8), name: 'X.Y', kind: 1,
      startTimeUnixNano: '1000000000000000000', endTimeUnixNano: '1000000000000000000', attributes: [] }] }] }] };
  const items = [
    ...files.map((f) => ({ file: new Blob([fs.readFileSync(path.join(FIXTURES, f))]), path: f, bundle: false })),
    { file: new Blob([JSON.stringify(extra)]), path: 'extra.otlp.json', bundle: false },
  ];
  const result = await runLoad(k, items, {}, () => {});
  result.release();
  assert.ok(result.model.table, 'the model comes from the span table');
  assert.equal(result.viewer.phases.parseMs, undefined);
  const { otlp } = await both(files);
  const expected = buildModel([JSON.parse(otlp), extra]);
  assert.deepEqual(new TraceStore(result.model).list(), new TraceStore(expected).list());
  const download = JSON.parse(await result.otlp().text());
  assert.equal(download.resourceSpans.at(-1).resource.attributes[0].value.stringValue, 'otlp-file');
  const count = (r) => r.resourceSpans.reduce((a, rs) => a + rs.scopeSpans.reduce((b, ss) => b + ss.spans.length, 0), 0);
  assert.equal(count(download), count(JSON.parse(otlp)) + 1);
  assert.equal(result.otlp(), result.otlp(), 'written once');
});
