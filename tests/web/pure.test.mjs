// Small pure parts of the viewer: content detection, tar, time axis, formats, filters, words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detect, GZIP, TAR, OTLP, DUMP } from '../../web/src/sniff.js';
import { TarReader, parsePax } from '../../web/src/tar.js';
import { ticks, tickStep } from '../../web/src/time-axis.js';
import { formatDuration, formatNs } from '../../web/src/format.js';
import { filterTraces, sortTraces, EMPTY_FILTER, filterOptions, textMatcher } from '../../web/src/trace-filter.js';
import { explainParent, explainEvidence, RULES } from '../../web/src/explain.js';
import { readHash, formatHash } from '../../web/src/url-state.js';
import { yamlToJson } from '../../web/src/yaml-bridge.js';
import { where } from '../../web/src/summary.js';

const enc = (s) => new TextEncoder().encode(s);

test('detect: by content, never by name', () => {
  assert.equal(detect(new Uint8Array([0x1f, 0x8b, 8, 0])), GZIP);
  assert.equal(detect(enc('{"resourceSpans":[]}')), OTLP);
  assert.equal(detect(enc('\ufeff {\n  "resourceSpans" : []}')), OTLP);
  assert.equal(detect(enc('{"kind":"List","items":[]}')), DUMP);
  assert.equal(detect(enc('apiVersion: v1\nkind: List\n')), DUMP);
  assert.equal(detect(enc('')), DUMP);
});

function makeTar(files, format = 'pax') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kspan-tar-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'bundle', name)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'bundle', name), text);
  }
  execFileSync('tar', ['--format=' + format, '-cf', path.join(dir, 'b.tar'), '-C', dir, 'bundle']);
  const bytes = new Uint8Array(fs.readFileSync(path.join(dir, 'b.tar')));
  fs.rmSync(dir, { recursive: true, force: true });
  return bytes;
}

test('tar: entries, long paths and data, in chunks of any size', () => {
  const long = 'cluster-resources/' + 'x'.repeat(120) + '/ns.json';
  const files = { 'cluster-resources/events/a.json': '{"a":1}', [long]: 'L'.repeat(1000), 'host/info.txt': 'skip me' };
  const bytes = makeTar(files);
  assert.equal(detect(bytes), TAR);
  for (const chunk of [1, 7, 512, 100000]) {
    const got = {};
    let cur = null;
    const r = new TarReader({
      onFile: ({ path: p }) => { if (p.endsWith('.txt')) return false; cur = p; got[p] = ''; return true; },
      onData: (b) => { got[cur] += new TextDecoder().decode(b); },
      onFileEnd: () => { cur = null; },
    });
    for (let i = 0; i < bytes.length; i += chunk) r.push(bytes.subarray(i, i + chunk));
    assert.equal(r.end(), true);
    assert.deepEqual(got, { 'bundle/cluster-resources/events/a.json': '{"a":1}', ['bundle/' + long]: 'L'.repeat(1000) });
  }
});

test('tar: a truncated archive says so and keeps what came before', () => {
  const bytes = makeTar({ 'a.json': 'A'.repeat(600), 'b.json': 'B'.repeat(600) }, 'ustar');
  let seen = 0;
  const r = new TarReader({ onFile: () => { seen++; return true; }, onData: () => {}, onFileEnd: () => {} });
  r.push(bytes.subarray(0, 512 * 6)); // the folder, a.json (2 blocks), b.json's header and one block
  assert.equal(r.end(), false);
  assert.equal(seen, 2);
});

test('parsePax reads path records', () => {
  assert.deepEqual(parsePax(enc('12 path=a/b\n11 mtime=1\n14 path=é/ü\n')), { path: 'é/ü', mtime: '1' });
});

test('ticks: round steps that cover the window', () => {
  assert.equal(tickStep(10e6, 5), 2e6);
  const t = ticks(0, 10e6, 5);
  assert.deepEqual(t.map((x) => x.at), [0, 2e6, 4e6, 6e6, 8e6, 10e6]);
  assert.equal(t[5].frac, 1);
  assert.ok(ticks(3e6, 3.5e6, 5).every((x) => x.frac >= 0 && x.frac <= 1));
  assert.ok(ticks(0, 86400e6 * 3, 6).length <= 7);
});

test('durations and times read well', () => {
  assert.equal(formatDuration(0), '0µs');
  assert.equal(formatDuration(1500), '1.5ms');
  assert.equal(formatDuration(5_870_196), '5.87s');
  assert.equal(formatDuration(200e6), '3m 20s');
  assert.equal(formatDuration(7500e6), '2h 5m');
  assert.equal(formatNs('1621417378640117041'), '2021-05-19T09:42:58.640117041Z');
});

test('filters and sort', () => {
  const traces = [
    { id: 'a', start: 2, duration: 5, spanCount: 3, warningCount: 0, namespaces: ['x'], kinds: ['Pod'], reasons: ['Pulled'], services: [0], rootService: 0, rootName: 'Pod.Activity', namespace: 'x', objectKind: 'Pod', objectName: 'p' },
    { id: 'b', start: 1, duration: 9, spanCount: 1, warningCount: 2, namespaces: ['y'], kinds: ['Deployment'], reasons: ['BackOff'], services: [1], rootService: 1, rootName: 'Deployment.Update', namespace: 'y', objectKind: 'Deployment', objectName: 'd' },
  ];
  const f = (o) => filterTraces(traces, { ...EMPTY_FILTER, ...o },
    o.text ? (t) => textMatcher(o.text)(t.id + ' ' + t.objectName) : null).map((t) => t.id).join('');
  assert.equal(f({}), 'ab');
  assert.equal(f({ namespace: 'y' }), 'b');
  assert.equal(f({ kind: 'Pod' }), 'a');
  assert.equal(f({ reason: 'BackOff' }), 'b');
  assert.equal(f({ service: 0 }), 'a');
  assert.equal(f({ warningsOnly: true }), 'b');
  assert.equal(f({ text: ' D ' }), 'b');
  assert.equal(textMatcher('pod  FAIL')('a failing pod'), true);
  assert.equal(textMatcher('pod x')('a failing pod'), false);
  assert.equal(textMatcher('')('anything'), true);
  assert.equal(sortTraces(traces, 'start', false, ['s0', 's1']).map((t) => t.id).join(''), 'ba');
  assert.equal(sortTraces(traces, 'spans', true, ['s0', 's1']).map((t) => t.id).join(''), 'ab');
  assert.deepEqual(filterOptions(traces).kinds, ['Deployment', 'Pod']);
});

test('every parent rule and evidence has words; a name pattern is a guess', () => {
  for (const r of ['actor', 'same-action', 'top-level-annotation', 'owner-action', 'sibling', 'owner', 'self', 'synthesised-root']) {
    assert.ok(RULES[r]?.text, r);
    assert.equal(explainParent({ rule: r, name: 'x' }, true).rule, r);
  }
  assert.equal(explainEvidence('name-pattern').level, 'guess');
  assert.match(explainEvidence('name-pattern').text, /guess/i);
  assert.equal(explainEvidence('ownerReference').level, 'fact');
  assert.equal(explainEvidence(''), null);
  assert.match(explainParent({ rule: '', name: 'Pod.Activity' }, false).title, /kspan/);
});

test('deep links round-trip and reject junk', () => {
  assert.deepEqual(readHash('#trace=ABC123&span=00ff'), { trace: 'abc123', span: '00ff' });
  assert.deepEqual(readHash('#trace=<script>'), { trace: '', span: '' });
  assert.equal(formatHash({ trace: 'ab', span: 'cd' }), '#trace=ab&span=cd');
  assert.equal(formatHash({}), '');
});

test('YAML bridge: one document to JSON, errors with their line', () => {
  assert.deepEqual(JSON.parse(yamlToJson('kind: Event\ncount: 3\nmessage: "null"\n').json), { kind: 'Event', count: 3, message: 'null' });
  const bad = yamlToJson('a: 1\nb: [1, 2\n');
  assert.ok(bad.error);
  assert.ok(bad.line >= 2);
  assert.equal(yamlToJson('').json, 'null');
});

test('summary locations name file and line', () => {
  assert.equal(where({ source: 'a.json', line: 3, offset: 9 }), 'a.json line 3');
  assert.equal(where({ source: 'a.json', line: 0, offset: 9 }), 'a.json byte 9');
});
