// Normalises OTLP/JSON requests once into traces ready to draw: spans in depth-first order
// with depth, parent index and subtree end, and per-trace facts for the list and its filters.
import { anyValue, attrPairs, isErrorStatus, nsToUs } from './otlp.js';

/** @typedef {{
 *  id: string, traceId: string, parentId: string, name: string, service: number, resource: number,
 *  start: number, end: number, startNs: string, endNs: string, attrs: [string, any][],
 *  error: boolean, statusMessage: string, links: {traceId: string, spanId: string, attrs: [string, any][]}[],
 *  kind: string, reason: string, message: string, namespace: string, objectKind: string, objectName: string,
 *  subjectKind: string, subjectName: string, shiftUs: number, rule: string, evidence: string,
 *  depth: number, parent: number, subtreeEnd: number, orphan: boolean
 * }} Span */

export const SPAN_KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

function get(attrs, key) {
  for (const [k, v] of attrs) if (k === key) return v;
  return undefined;
}

function str(v) {
  return v == null ? '' : String(v);
}

/** Order of siblings and roots: start, then name, then message (as the tree writer). */
function bySiblingOrder(a, b) {
  return a.start - b.start || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/**
 * @param {object[]} requests ExportTraceServiceRequest objects
 * @returns {{services: string[], resources: {service: number, attrs: [string, any][]}[],
 *   traces: object[], duplicates: number, orphans: number}}
 */
export function buildModel(requests) {
  const serviceIndex = new Map();
  const resources = [];
  const traces = new Map(); // traceId -> Span[]
  const seen = new Set();
  let duplicates = 0;

  for (const req of requests) {
    for (const rs of req?.resourceSpans ?? []) {
      const rattrs = attrPairs(rs?.resource?.attributes);
      const serviceName = str(get(rattrs, 'service.name')) || 'unknown_service';
      if (!serviceIndex.has(serviceName)) serviceIndex.set(serviceName, serviceIndex.size);
      const service = serviceIndex.get(serviceName);
      const resource = resources.push({ service, attrs: rattrs }) - 1;
      for (const ss of rs?.scopeSpans ?? rs?.instrumentationLibrarySpans ?? []) {
        for (const s of ss?.spans ?? []) {
          const span = toSpan(s, service, resource);
          if (!span) continue;
          const key = span.traceId + '/' + span.id;
          if (seen.has(key)) { duplicates++; continue; }
          seen.add(key);
          let list = traces.get(span.traceId);
          if (!list) traces.set(span.traceId, (list = []));
          list.push(span);
        }
      }
    }
  }

  // Services are numbered by name so colours do not depend on input order.
  const services = [...serviceIndex.keys()].sort();
  const renumber = new Map([...serviceIndex].map(([name, old]) => [old, services.indexOf(name)]));
  for (const r of resources) r.service = renumber.get(r.service);

  let orphans = 0;
  const out = [];
  for (const [traceId, list] of traces) {
    for (const s of list) s.service = renumber.get(s.service);
    const t = buildTrace(traceId, list);
    orphans += t.orphans;
    out.push(t);
  }
  out.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  return { services, resources, traces: out, duplicates, orphans };
}

/** A string attribute value as written by the core (other kinds through anyValue). */
function attrString(v) {
  if (v == null || typeof v !== 'object') return '';
  const x = v.stringValue !== undefined ? v.stringValue : anyValue(v);
  return x == null ? '' : String(x);
}

/**
 * One pass over a span's OTLP attributes for the fields the list, filters and rows read. The
 * attribute list itself stays as OTLP until a trace is sent to the page (materialise()).
 */
function toSpan(s, service, resource) {
  if (!s || typeof s.spanId !== 'string' || typeof s.traceId !== 'string') return null;
  let reason = '', message = '', eventType = '', namespace = '', objectKind = '', objectName = '';
  let subjectKind = '', subjectName = '', rule = '', evidence = '', shiftMs = NaN;
  const attributes = Array.isArray(s.attributes) ? s.attributes : [];
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i];
    switch (a?.key) {
      case 'k8s.event.reason': reason = attrString(a.value); break;
      case 'k8s.event.message': message = attrString(a.value); break;
      case 'k8s.event.type': eventType = attrString(a.value); break;
      case 'k8s.namespace.name': namespace = attrString(a.value); break;
      case 'k8s.object.kind': objectKind = attrString(a.value); break;
      case 'k8s.object.name': objectName = attrString(a.value); break;
      case 'kspan.subject.kind': subjectKind = attrString(a.value); break;
      case 'kspan.subject.name': subjectName = attrString(a.value); break;
      case 'kspan.parent.rule': rule = attrString(a.value); break;
      case 'kspan.owner.evidence': evidence = attrString(a.value); break;
      case 'kspan.start_shift_ms': shiftMs = Number(anyValue(a.value)); break;
      default: break;
    }
  }
  const start = nsToUs(s.startTimeUnixNano);
  let end = nsToUs(s.endTimeUnixNano);
  if (end < start) end = start;
  return {
    id: lower(s.spanId),
    traceId: lower(s.traceId),
    parentId: lower(s.parentSpanId || ''),
    name: str(s.name),
    service,
    resource,
    start,
    end,
    startNs: str(s.startTimeUnixNano),
    endNs: str(s.endTimeUnixNano),
    attrs: attributes, // OTLP until materialise(); [key, value] pairs after
    error: isErrorStatus(s.status),
    statusMessage: str(s.status?.message),
    links: Array.isArray(s.links) && s.links.length ? s.links : [],
    kind: typeof s.kind === 'number' ? (SPAN_KINDS[s.kind] ?? String(s.kind)) : str(s.kind).replace(/^SPAN_KIND_/, ''),
    reason,
    message,
    eventType,
    namespace,
    objectKind,
    objectName,
    subjectKind,
    subjectName,
    shiftUs: Number.isFinite(shiftMs) && shiftMs > 0 ? Math.round(shiftMs * 1000) : 0,
    rule,
    evidence,
    depth: 0,
    parent: -1,
    subtreeEnd: 0,
    orphan: false,
  };
}

/** Ids from the core are lower-case hex already; others are lowered. */
function lower(id) {
  return /[A-Z]/.test(id) ? id.toLowerCase() : id;
}

/**
 * Turns a trace's spans' OTLP attribute and link lists into [key, value] pairs, once: what the
 * details show. Done for the traces the page opens, not for every span of a load.
 */
export function materialise(trace) {
  if (trace.materialised) return trace;
  for (const s of trace.spans) {
    s.attrs = attrPairs(s.attrs);
    s.links = s.links.map((l) => ({
      traceId: str(l?.traceId).toLowerCase(), spanId: str(l?.spanId).toLowerCase(), attrs: attrPairs(l?.attributes),
    }));
  }
  trace.materialised = true;
  return trace;
}

function buildTrace(traceId, list) {
  const byId = new Map();
  for (const s of list) byId.set(s.id, s);
  const children = new Map();
  const roots = [];
  let orphans = 0;
  for (const s of list) {
    if (s.parentId && byId.has(s.parentId) && s.parentId !== s.id) {
      let c = children.get(s.parentId);
      if (!c) children.set(s.parentId, (c = []));
      c.push(s);
    } else {
      if (s.parentId) { s.orphan = true; orphans++; }
      roots.push(s);
    }
  }
  roots.sort(bySiblingOrder);
  for (const c of children.values()) c.sort(bySiblingOrder);

  // Iterative depth-first walk: a 50,000-deep chain must not overflow the stack.
  const spans = [];
  const visited = new Set();
  const stack = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push([roots[r], 0, -1]);
  // A parent cycle has no root: break it at its earliest span.
  const walk = () => {
    while (stack.length) {
      const [s, depth, parent] = stack.pop();
      if (visited.has(s.id)) continue;
      visited.add(s.id);
      s.depth = depth;
      s.parent = parent;
      const idx = spans.push(s) - 1;
      const c = children.get(s.id);
      if (c) for (let k = c.length - 1; k >= 0; k--) stack.push([c[k], depth + 1, idx]);
    }
  };
  walk();
  if (visited.size < list.length) {
    const rest = list.filter((s) => !visited.has(s.id)).sort(bySiblingOrder);
    for (const s of rest) if (!visited.has(s.id)) { s.orphan = true; orphans++; stack.push([s, 0, -1]); walk(); }
  }
  subtreeEnds(spans);
  return summarise(traceId, spans, orphans);
}

/** Subtree ends, from the back: a span's subtree ends where the next span of depth <= its own starts. */
export function subtreeEnds(spans) {
  for (let i = spans.length - 1; i >= 0; i--) {
    let e = i + 1;
    while (e < spans.length && spans[e].depth > spans[i].depth) e = spans[e].subtreeEnd;
    spans[i].subtreeEnd = e;
  }
}

function summarise(traceId, spans, orphans) {
  let start = Infinity;
  let end = -Infinity;
  let warnings = 0;
  let maxDepth = 0;
  const services = new Set();
  const namespaces = new Set();
  const kinds = new Set();
  const reasons = new Set();
  for (const s of spans) {
    if (s.start < start) start = s.start;
    if (s.end > end) end = s.end;
    if (s.error) warnings++;
    if (s.depth > maxDepth) maxDepth = s.depth;
    services.add(s.service);
    if (s.namespace) namespaces.add(s.namespace);
    if (s.objectKind) kinds.add(s.objectKind);
    if (s.subjectKind) kinds.add(s.subjectKind);
    if (s.reason) reasons.add(s.reason);
  }
  const root = spans[0];
  // The object a trace is about: the root's own, else the first span that names one.
  const named = [root, ...spans].find((s) => s.objectName || s.subjectName) ?? root;
  return {
    id: traceId,
    spans,
    start,
    end,
    duration: end - start,
    spanCount: spans.length,
    warningCount: warnings,
    maxDepth,
    orphans,
    rootName: root.name,
    rootService: root.service,
    namespace: named.namespace,
    objectKind: named.subjectKind || named.objectKind,
    objectName: named.subjectName || named.objectName,
    services: [...services].sort((a, b) => a - b),
    namespaces: [...namespaces].sort(),
    kinds: [...kinds].sort(),
    reasons: [...reasons].sort(),
  };
}

/** Lower-cased text a free-text filter searches: ids, names, objects, messages. */
export function searchText(trace, services) {
  const parts = [trace.id, trace.namespace, trace.objectKind, trace.objectName];
  for (const s of trace.spans) {
    parts.push(s.id, s.name, services[s.service], s.objectName, s.subjectName, s.message);
  }
  return parts.join('\n').toLowerCase();
}

/**
 * Joins two models into one trace list: the core's (from its span table, traces with `rows` read
 * through `a.table`) and the model of OTLP files (buildModel). Services are renumbered by name,
 * resources appended, traces ordered by start. A trace in both is rebuilt from both span lists,
 * the first model's span winning over a duplicate (counted) as buildModel does.
 */
export function mergeModels(a, b) {
  const services = [...new Set([...a.services, ...b.services])].sort();
  const index = new Map(services.map((name, i) => [name, i]));
  const mapA = a.services.map((name) => index.get(name));
  const mapB = b.services.map((name) => index.get(name));
  const offset = a.resources.length;
  const resources = [
    ...a.resources.map((r) => ({ ...r, service: mapA[r.service] })),
    ...b.resources.map((r) => ({ ...r, service: mapB[r.service] })),
  ];
  if (a.table) a.table.resService = a.table.resService.map((s) => mapA[s]);
  const renumber = (t, map, resourceOffset) => {
    t.rootService = map[t.rootService];
    t.services = t.services.map((s) => map[s]).sort((x, y) => x - y);
    for (const s of t.spans ?? []) { s.service = map[s.service]; s.resource += resourceOffset; }
    return t;
  };
  const fromB = new Map(b.traces.map((t) => [t.id, renumber(t, mapB, offset)]));
  let duplicates = a.duplicates + b.duplicates;
  const traces = [];
  for (const t0 of a.traces) {
    const t = renumber(t0, mapA, 0);
    const other = fromB.get(t.id);
    if (!other) { traces.push(t); continue; }
    fromB.delete(t.id);
    const mine = t.spans ? materialise(t).spans : a.table.spans(t);
    const ids = new Set(mine.map((s) => s.id));
    const list = [...mine];
    for (const s of materialise(other).spans) {
      if (ids.has(s.id)) { duplicates++; continue; }
      list.push(s);
    }
    for (const s of list) { s.depth = 0; s.parent = -1; s.subtreeEnd = 0; s.orphan = false; }
    const merged = buildTrace(t.id, list);
    merged.materialised = true;
    traces.push(merged);
  }
  traces.push(...fromB.values());
  traces.sort((x, y) => x.start - y.start || (x.id < y.id ? -1 : 1));
  const orphans = traces.reduce((n, t) => n + t.orphans, 0);
  return { services, resources, traces, duplicates, orphans, ...(a.table ? { table: a.table } : {}) };
}
