// The wasm build runs the core's golden cases under node and gives byte-identical output to
// the native build on every shared fixture (OTLP/JSON and the tree).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { yamlToJson } from '../../web/src/yaml-bridge.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'tests/fixtures');
const native = path.join(root, 'build/native/kspan');
const createKspan = createRequire(import.meta.url)(path.join(root, 'build/wasm/kspan_wasm.js'));

globalThis.kspanYamlToJson = yamlToJson;

const cases = [
  ['kspan/deployment-2-pods.capture.yaml'],
  ['kspan/deployment-update.capture.yaml'],
  ['harvester/core-v1-events.yaml'],
  ['harvester/events.k8s.io-v1-events.yaml'],
  ['support-bundle-velero/cluster-resources/events/velero.json',
   'support-bundle-velero/cluster-resources/pods/velero.json',
   'support-bundle-velero/cluster-resources/replicasets/velero.json',
   'support-bundle-velero/cluster-resources/deployments/velero.json'],
  ['troubleshoot/image-pull-fail-events.json', 'troubleshoot/oomkill-pod.json'],
  ['troubleshoot/failed-mount-crashloop-events.json'],
  ['sonobuoy/kube-system-events-2017.json'],
];

async function runWasm(files, chunk) {
  const K = await createKspan();
  const session = new K.Session(JSON.stringify({ tree: true }));
  for (const file of files) {
    const bytes = readFileSync(path.join(fixtures, file));
    session.beginSource(file);
    for (let at = 0; at < bytes.length; at += chunk) session.push(bytes.subarray(at, at + chunk));
    session.endSource();
  }
  session.finish();
  const out = { otlp: session.otlpJson(), tree: session.treeText(), summary: JSON.parse(session.summaryJson()) };
  session.delete();
  return out;
}

function runNative(files, format) {
  return execFileSync(native, ['convert', '--quiet', '--format', format, ...files], { cwd: fixtures, encoding: 'utf8' });
}

for (const files of cases) {
  test(`wasm equals native: ${files[0]}`, async () => {
    const wasm = await runWasm(files, 65536);
    assert.equal(wasm.summary.skipped.length, 0);
    assert.ok(wasm.summary.spans > 0);
    assert.equal(wasm.tree, runNative(files, 'tree'));
    assert.equal(wasm.otlp, runNative(files, 'otlp'));
  });
}

test('wasm output does not depend on chunk size', async () => {
  const files = cases[0];
  const whole = await runWasm(files, 1 << 30);
  const small = await runWasm(files, 997);
  assert.equal(small.otlp, whole.otlp);
});

test('wasm reports a malformed record with its line', async () => {
  const K = await createKspan();
  const session = new K.Session('{}');
  session.beginSource('bad.jsonl');
  session.push(new TextEncoder().encode('{"kind":"Pod","metadata":{"name":"a"}}\n{"kind": oops}\n'));
  session.endSource();
  session.finish();
  const summary = JSON.parse(session.summaryJson());
  const skip = summary.skipped.find((s) => s.reason === 'parse-error');
  assert.ok(skip, JSON.stringify(summary.skipped));
  assert.equal(skip.examples[0].source, 'bad.jsonl');
  assert.equal(skip.examples[0].line, 2);
  session.delete();
});
