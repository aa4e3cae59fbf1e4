// The rows of a trace's waterfall: a pure function of (spans in DFS order, collapsed set).
// A span is {id, depth}; spans[i + 1].depth > spans[i].depth means span i has children.

/**
 * Indices of the visible rows: every span whose ancestors are all expanded.
 * @param {{id: string, depth: number}[]} spans in depth-first order
 * @param {Set<string>} collapsed span ids whose subtree is hidden
 * @returns {Int32Array}
 */
export function visibleRows(spans, collapsed) {
  const n = spans.length;
  const out = new Int32Array(n);
  let k = 0;
  let hideDeeperThan = -1; // while >= 0, spans deeper than this are inside a collapsed subtree
  for (let i = 0; i < n; i++) {
    const d = spans[i].depth;
    if (hideDeeperThan >= 0) {
      if (d > hideDeeperThan) continue;
      hideDeeperThan = -1;
    }
    out[k++] = i;
    if (collapsed.size && collapsed.has(spans[i].id) && hasChildren(spans, i)) hideDeeperThan = d;
  }
  return out.subarray(0, k);
}

export function hasChildren(spans, i) {
  return i + 1 < spans.length && spans[i + 1].depth > spans[i].depth;
}

/** Index of the parent of span i in DFS order, or -1 for a root. */
export function parentIndex(spans, i) {
  if (typeof spans[i].parent === 'number') return spans[i].parent;
  const d = spans[i].depth;
  for (let j = i - 1; j >= 0; j--) if (spans[j].depth < d) return j;
  return -1;
}

/** A copy of collapsed without the ancestors of span i, so that i becomes visible. */
export function reveal(spans, collapsed, i) {
  if (!collapsed.size) return collapsed;
  const next = new Set(collapsed);
  for (let p = parentIndex(spans, i); p >= 0; p = parentIndex(spans, p)) next.delete(spans[p].id);
  return next;
}

/** Ids of every span with children: collapsing all of them shows only the roots. */
export function allParents(spans) {
  const s = new Set();
  for (let i = 0; i < spans.length; i++) if (hasChildren(spans, i)) s.add(spans[i].id);
  return s;
}
