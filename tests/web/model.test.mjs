// Normalisation of OTLP/JSON into traces (trace-model.js) and the OTLP helpers (otlp.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../web/src/trace-model.js';
import { nsToUs, parseOtlpText, anyValue, mergeRequests, countSpans } from '../../web/src/otlp.js';

const attr = (key, v) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
const span = (id, parent, start, end, extra = {}) => ({
  traceId: 'T1', spanId: id, parentSpanId: parent, name: 'Pod.' + id, kind: 1,
  startTimeUnixNano: String(start) + '000000000', endTimeUnixNano: String(end) + '000000000', attributes: [], ...extra,
});
const request = (service, spans) => ({ resourceSpans: [{ resource: { attributes: [attr('service.name', service)] },
  scopeSpans: [{ scope: { name: 'kspan' }, spans }] }] });

test('nsToUs keeps microseconds exact', () => {
  assert.equal(nsToUs('1621417378640117041'), 1621417378640117);
  assert.equal(nsToUs('999'), 0);
  assert.equal(nsToUs(''), 0);
  assert.equal(nsToUs('12x'), 0);
});

test('anyValue reads every OTLP value kind', () => {
  assert.equal(anyValue({ stringValue: 'a' }), 'a');
  assert.equal(anyValue({ intValue: '42' }), 42);
  assert.equal(anyValue({ boolValue: false }), false);
  assert.deepEqual(anyValue({ arrayValue: { values: [{ intValue: 1 }] } }), [1]);
  assert.deepEqual(anyValue({ kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } }), { k: 'v' });
});

test('spans of two resources join one trace in DFS order, siblings by start', () => {
  const m = buildModel([
    request('kspan', [span('root', '', 100, 200)]),
    request('kubelet', [
      span('late', 'root', 150, 150),
      span('early', 'root', 110, 120, { status: { code: 2, message: 'bad' }, attributes: [attr('k8s.event.reason', 'BackOff'), attr('k8s.namespace.name', 'ns1')] }),
      span('child', 'early', 115, 115),
    ]),
  ]);
  assert.deepEqual(m.services, ['kspan', 'kubelet']);
  assert.equal(m.traces.length, 1);
  const t = m.traces[0];
  assert.equal(t.id, 't1');
  assert.deepEqual(t.spans.map((s) => s.id), ['root', 'early', 'child', 'late']);
  assert.deepEqual(t.spans.map((s) => s.depth), [0, 1, 2, 1]);
  assert.deepEqual(t.spans.map((s) => s.parent), [-1, 0, 1, 0]);
  assert.deepEqual(t.spans.map((s) => s.subtreeEnd), [4, 3, 3, 4]);
  assert.equal(t.warningCount, 1);
  assert.equal(t.spanCount, 4);
  assert.equal(t.duration, 100e6);
  assert.deepEqual(t.reasons, ['BackOff']);
  assert.deepEqual(t.namespaces, ['ns1']);
  assert.equal(t.rootName, 'Pod.root');
  assert.equal(m.services[t.rootService], 'kspan');
});

test('a span whose parent is missing becomes a root and is counted', () => {
  const m = buildModel([request('a', [span('x', 'nope', 1, 2), span('y', 'x', 1, 1)])]);
  assert.equal(m.orphans, 1);
  assert.equal(m.traces[0].spans[0].orphan, true);
  assert.deepEqual(m.traces[0].spans.map((s) => s.depth), [0, 1]);
});

test('a parent cycle does not hang and keeps every span', () => {
  const m = buildModel([request('a', [span('p', 'q', 1, 2), span('q', 'p', 1, 2)])]);
  assert.equal(m.traces[0].spans.length, 2);
});

test('duplicate span ids are dropped and counted', () => {
  const m = buildModel([request('a', [span('x', '', 1, 2)]), request('a', [span('x', '', 1, 2)])]);
  assert.equal(m.duplicates, 1);
  assert.equal(m.traces[0].spanCount, 1);
});

test('a 50,000-deep chain does not overflow the stack', () => {
  const spans = [];
  for (let i = 0; i < 50_000; i++) spans.push(span('s' + i, i ? 's' + (i - 1) : '', 1 + i, 1 + i));
  const m = buildModel([request('a', spans)]);
  assert.equal(m.traces[0].maxDepth, 49_999);
});

test('start shift and parent rule are read from attributes', () => {
  const m = buildModel([request('a', [span('x', '', 1, 2, { attributes: [attr('kspan.start_shift_ms', 1500), attr('kspan.parent.rule', 'actor'), attr('kspan.owner.evidence', 'name-pattern')] })])]);
  const s = m.traces[0].spans[0];
  assert.equal(s.shiftUs, 1_500_000);
  assert.equal(s.rule, 'actor');
  assert.equal(s.evidence, 'name-pattern');
});

test('parseOtlpText reads one request or JSON lines, and reports bad lines', () => {
  const one = JSON.stringify(request('a', [span('x', '', 1, 2)]));
  assert.equal(parseOtlpText(one).requests.length, 1);
  const lines = one + '\n' + one + '\n{oops\n';
  const r = parseOtlpText(lines);
  assert.equal(r.requests.length, 2);
  assert.deepEqual(r.errors.map((e) => e.line), [3]);
  assert.equal(countSpans(r.requests), 2);
  assert.equal(mergeRequests(r.requests).resourceSpans.length, 2);
});
