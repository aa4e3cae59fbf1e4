// Filtering and sorting of the trace list: pure functions of (traces, filter, sort).

export const EMPTY_FILTER = Object.freeze({
  namespace: '', kind: '', reason: '', service: -1, text: '', warningsOnly: false,
});

/** Values offered by the filter menus, from every trace. */
export function filterOptions(traces) {
  const namespaces = new Set();
  const kinds = new Set();
  const reasons = new Set();
  const services = new Set();
  for (const t of traces) {
    for (const v of t.namespaces) namespaces.add(v);
    for (const v of t.kinds) kinds.add(v);
    for (const v of t.reasons) reasons.add(v);
    for (const v of t.services) services.add(v);
  }
  const sorted = (s) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { namespaces: sorted(namespaces), kinds: sorted(kinds), reasons: sorted(reasons), services: sorted(services) };
}

/** A predicate on lower-case text: true when it contains every word of the query. */
export function textMatcher(query) {
  const words = String(query ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);
  return (text) => words.every((w) => text.includes(w));
}

/**
 * @param {object[]} traces trace summaries
 * @param {typeof EMPTY_FILTER} f
 * @param {((t: object) => boolean) | null} textMatch the free-text part of the filter (the worker
 *   holds the spans' text), or null for none
 */
export function filterTraces(traces, f, textMatch) {
  return traces.filter((t) =>
    (!f.namespace || t.namespaces.includes(f.namespace)) &&
    (!f.kind || t.kinds.includes(f.kind)) &&
    (!f.reason || t.reasons.includes(f.reason)) &&
    (f.service < 0 || t.services.includes(f.service)) &&
    (!f.warningsOnly || t.warningCount > 0) &&
    (!textMatch || textMatch(t)));
}

export const SORT_KEYS = {
  name: (t, services) => (services[t.rootService] + ' ' + t.rootName).toLowerCase(),
  namespace: (t) => t.namespace,
  object: (t) => (t.objectKind + '/' + t.objectName).toLowerCase(),
  start: (t) => t.start,
  duration: (t) => t.duration,
  spans: (t) => t.spanCount,
  warnings: (t) => t.warningCount,
};

/** A sorted copy; ties keep start order. */
export function sortTraces(traces, key, descending, services) {
  const k = SORT_KEYS[key] ?? SORT_KEYS.start;
  const dir = descending ? -1 : 1;
  return traces
    .map((t) => [k(t, services), t])
    .sort((a, b) => (a[0] < b[0] ? -dir : a[0] > b[0] ? dir : a[1].start - b[1].start))
    .map((p) => p[1]);
}
