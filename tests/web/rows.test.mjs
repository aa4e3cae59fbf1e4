// The waterfall's rows are a pure function of (spans in DFS order, collapsed set).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visibleRows, hasChildren, parentIndex, reveal, allParents } from '../../web/src/rows.js';

// a
// ├ b
// │ ├ c
// │ └ d
// └ e
//   └ f
// g
const spans = [
  { id: 'a', depth: 0 }, { id: 'b', depth: 1 }, { id: 'c', depth: 2 }, { id: 'd', depth: 2 },
  { id: 'e', depth: 1 }, { id: 'f', depth: 2 }, { id: 'g', depth: 0 },
];
const ids = (rows) => [...rows].map((i) => spans[i].id).join('');

test('nothing collapsed: every span, in DFS order', () => {
  assert.equal(ids(visibleRows(spans, new Set())), 'abcdefg');
});

test('a collapsed span hides its whole subtree and nothing else', () => {
  assert.equal(ids(visibleRows(spans, new Set(['b']))), 'abefg');
  assert.equal(ids(visibleRows(spans, new Set(['a']))), 'ag');
  assert.equal(ids(visibleRows(spans, new Set(['b', 'e']))), 'abeg');
});

test('collapsing inside a collapsed subtree changes nothing more', () => {
  assert.equal(ids(visibleRows(spans, new Set(['a', 'b']))), 'ag');
});

test('collapsing a leaf hides nothing', () => {
  assert.equal(ids(visibleRows(spans, new Set(['c', 'g']))), 'abcdefg');
});

test('collapse all leaves the roots', () => {
  assert.equal(ids(visibleRows(spans, allParents(spans))), 'ag');
  assert.deepEqual([...allParents(spans)].sort(), ['a', 'b', 'e']);
});

test('hasChildren and parentIndex read the DFS order', () => {
  assert.equal(hasChildren(spans, 0), true);
  assert.equal(hasChildren(spans, 2), false);
  assert.equal(hasChildren(spans, 6), false);
  assert.equal(parentIndex(spans, 3), 1);
  assert.equal(parentIndex(spans, 5), 4);
  assert.equal(parentIndex(spans, 6), -1);
  assert.equal(parentIndex([{ id: 'x', depth: 0, parent: -1 }, { id: 'y', depth: 1, parent: 0 }], 1), 0);
});

test('reveal expands the ancestors of a span and only them', () => {
  const c = reveal(spans, new Set(['a', 'b', 'e']), 3); // d: under b under a
  assert.deepEqual([...c].sort(), ['e']);
  assert.equal(ids(visibleRows(spans, c)), 'abcdeg');
});

test('the same inputs give the same rows (pure)', () => {
  const collapsed = new Set(['e']);
  const before = ids(visibleRows(spans, collapsed));
  assert.equal(ids(visibleRows(spans, collapsed)), before);
  assert.deepEqual([...collapsed], ['e']);
});

test('50,000 spans: rows in well under a frame budget per call', () => {
  const big = [];
  for (let i = 0; i < 50_000; i++) big.push({ id: 's' + i, depth: i === 0 ? 0 : 1 + (i % 7) });
  const t0 = performance.now();
  const rows = visibleRows(big, new Set(['s0']));
  const all = visibleRows(big, new Set());
  const ms = performance.now() - t0;
  assert.equal(rows.length, 1);
  assert.equal(all.length, 50_000);
  assert.ok(ms < 100, `took ${ms} ms`);
});
