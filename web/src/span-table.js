// The core's span table (wasm Session.spanTable(), {table: true}) as the trace model, without
// OTLP/JSON: one string table and typed-array columns, rows in the listing order (traces by
// start, each depth-first, siblings by start, name and label). The list's per-trace facts come
// from one pass over the columns; spans become objects only for the traces the page opens, and
// OTLP/JSON is written from the columns only when the user downloads it.
import { attrPairs } from './otlp.js';
import { SPAN_KINDS, subtreeEnds } from './trace-model.js';

const ATTR_STRING = 0;
const ATTR_INT = 1;
const ATTR_DOUBLE = 2;
const ATTR_BOOL = 3;
const STATUS_ERROR = 2;

/** The span attributes the list, filters and rows read (trace-model.js's toSpan reads the same). */
const FIELDS = [
  ['reason', 'k8s.event.reason'],
  ['message', 'k8s.event.message'],
  ['eventType', 'k8s.event.type'],
  ['namespace', 'k8s.namespace.name'],
  ['objectKind', 'k8s.object.kind'],
  ['objectName', 'k8s.object.name'],
  ['subjectKind', 'kspan.subject.kind'],
  ['subjectName', 'kspan.subject.name'],
  ['rule', 'kspan.parent.rule'],
  ['evidence', 'kspan.owner.evidence'],
  ['shiftMs', 'kspan.start_shift_ms'],
];

const decoder = new TextDecoder();
const jsonOf = (bytes) => JSON.parse(decoder.decode(bytes));

/** µs and the ns below them -> the decimal ns string OTLP writes. */
export function nsString(us, ns) {
  if (us === 0) return String(ns);
  return String(us) + (ns < 10 ? '00' : ns < 100 ? '0' : '') + ns;
}

/**
 * The core's string table, a UTF-8 JSON array of strings, read one string at a time: one pass
 * finds where each string is, and a string becomes a JS string only when something reads it
 * (most are span ids, uids and messages that only an opened trace, a search or Download reads).
 */
export class StringTable {
  /** @param {Uint8Array} bytes */
  constructor(bytes) {
    this.bytes = bytes;
    let at = new Uint32Array(1 << 16); // [open quote, close quote] of each string
    let n = 0;
    const escaped = [];
    let p = bytes.indexOf(0x5b) + 1; // after '['
    let backslash = bytes.indexOf(0x5c, p);
    for (;;) {
      const open = bytes.indexOf(0x22, p);
      if (open < 0) break;
      let close = bytes.indexOf(0x22, open + 1);
      if (close < 0) break;
      if (backslash >= 0 && backslash < close) {
        // An escape inside: walk it byte by byte.
        escaped.push(n);
        close = open + 1;
        while (close < bytes.length && bytes[close] !== 0x22) close += bytes[close] === 0x5c ? 2 : 1;
        backslash = bytes.indexOf(0x5c, close + 1);
      }
      if (2 * n + 2 > at.length) {
        const grown = new Uint32Array(at.length * 2);
        grown.set(at);
        at = grown;
      }
      at[2 * n] = open;
      at[2 * n + 1] = close;
      n++;
      p = close + 1;
    }
    this.at = at;
    this.length = n;
    this.escaped = new Set(escaped);
    this.cache = new Array(n);
  }

  /** String i. */
  get(i) {
    let s = this.cache[i];
    if (s === undefined) {
      const open = this.at[2 * i];
      const close = this.at[2 * i + 1];
      s = this.escaped.has(i) ? JSON.parse(decoder.decode(this.bytes.subarray(open, close + 1)))
        : close === open + 1 ? '' : decoder.decode(this.bytes.subarray(open + 1, close));
      this.cache[i] = s;
    }
    return s;
  }

  /** String i as JSON (with its quotes), as UTF-8 bytes: a view, not a copy. */
  quoted(i) {
    return this.bytes.subarray(this.at[2 * i], this.at[2 * i + 1] + 1);
  }

  /** The index of a string with no escapes in it, or -1. */
  indexOf(text) {
    const want = new TextEncoder().encode(text);
    const { at, bytes } = this;
    next: for (let i = 0; i < this.length; i++) {
      const open = at[2 * i];
      if (at[2 * i + 1] - open - 1 !== want.length) continue;
      for (let k = 0; k < want.length; k++) if (bytes[open + 1 + k] !== want[k]) continue next;
      if (!this.escaped.has(i)) return i;
    }
    return -1;
  }
}

/**
 * @param {object} t what Session.spanTable() returns
 * @returns {{services: string[], resources: {service: number, attrs: [string, any][]}[], traces: object[],
 *   duplicates: number, orphans: number, table: SpanTable}} traces without spans: each has `rows`
 *   (its subtrees as [first, end) row pairs) for `table` to read on demand
 */
export function tableModel(t) {
  const table = new SpanTable(t);
  return { services: table.services, resources: table.resources, traces: table.traces(), duplicates: 0, orphans: 0, table };
}

export class SpanTable {
  constructor(t) {
    this.t = t;
    this.n = t.id.length;
    this.strings = new StringTable(t.strings);
    this.resourceJson = jsonOf(t.resources); // OTLP attribute lists, for Download
    const resAttrs = this.resourceJson.map(attrPairs);
    const serviceOf = resAttrs.map((a) => {
      for (const [k, v] of a) if (k === 'service.name' && v != null && v !== '') return String(v);
      return 'unknown_service';
    });
    // Services are numbered by name so colours do not depend on input order (as buildModel).
    this.services = [...new Set(serviceOf)].sort();
    /** A resource's service index; renumbered when models merge. */
    this.resService = Int32Array.from(serviceOf, (name) => this.services.indexOf(name));
    this.resources = resAttrs.map((attrs, i) => ({ service: this.resService[i], attrs }));
    /** Added to a row's resource when the model's resources are merged with others. */
    this.resourceOffset = 0;
    // String index of each attribute key read (-1: no span has it).
    this.key = {};
    for (const [field, key] of FIELDS) this.key[field] = this.strings.indexOf(key);
  }

  /** An attribute's value as JS: string, number or boolean. */
  value(a) {
    const type = this.t.attrType[a];
    const v = this.t.attrValue[a];
    return type === ATTR_STRING ? this.strings.get(v) : type === ATTR_BOOL ? v !== 0 : v;
  }

  /** An attribute's value as text (what trace-model.js's attrString gives). */
  text(a) {
    return this.t.attrType[a] === ATTR_STRING ? this.strings.get(this.t.attrValue[a]) : String(this.value(a));
  }

  /** A string attribute's value as its string index, another's as text ('' and 0 both mean empty). */
  textKey(a) {
    return this.t.attrType[a] === ATTR_STRING ? this.t.attrValue[a] : String(this.value(a));
  }

  /** A set of textKey()s as sorted distinct text. */
  texts(set) {
    const out = new Set();
    for (const v of set) out.add(typeof v === 'number' ? this.strings.get(v) : v);
    return [...out].sort();
  }

  /** Traces in the order of their first rows, each with its facts: one pass over the columns. */
  traces() {
    const { t, key, n } = this;
    const S = this.strings;
    const { parent, attrStart, attrKey } = t;
    const kNs = key.namespace, kOk = key.objectKind, kOn = key.objectName, kSk = key.subjectKind;
    const kSn = key.subjectName, kReason = key.reason;
    const byTrace = new Map();
    const out = [];
    let r = 0;
    while (r < n) {
      // A root's subtree runs to the next root (rows are depth-first).
      let e = r + 1;
      while (e < n && parent[e] >= 0) e++;
      let acc = byTrace.get(t.trace[r]);
      if (!acc) {
        acc = { id: S.get(t.trace[r]), rows: [], start: Infinity, end: -Infinity, warnings: 0, maxDepth: 0,
          services: new Set(), namespaces: new Set(), kinds: new Set(), reasons: new Set(), named: -1, spans: 0 };
        byTrace.set(t.trace[r], acc);
        out.push(acc);
      }
      acc.rows.push(r, e);
      acc.spans += e - r;
      for (let i = r; i < e; i++) {
        const s = t.startUs[i];
        const en = Math.max(s, t.endUs[i]);
        if (s < acc.start) acc.start = s;
        if (en > acc.end) acc.end = en;
        if (t.status[i] === STATUS_ERROR) acc.warnings++;
        if (t.depth[i] > acc.maxDepth) acc.maxDepth = t.depth[i];
        acc.services.add(this.resService[t.resource[i]]);
        let named = false;
        for (let a = attrStart[i], end = attrStart[i + 1]; a < end; a++) {
          const k = attrKey[a];
          // String values as their indices (0 is ""): the sets become text once per trace.
          if (k === kNs) { const v = this.textKey(a); if (v) acc.namespaces.add(v); }
          else if (k === kOk || k === kSk) { const v = this.textKey(a); if (v) acc.kinds.add(v); }
          else if (k === kReason) { const v = this.textKey(a); if (v) acc.reasons.add(v); }
          else if ((k === kOn || k === kSn) && !named && acc.named < 0) named = !!this.textKey(a);
        }
        if (named) acc.named = i;
      }
      r = e;
    }
    return out.map((acc) => {
      const root = acc.rows[0];
      // The object a trace is about: the root's own, else the first span that names one.
      const f = this.fields(acc.named >= 0 ? acc.named : root);
      return {
        id: acc.id,
        start: acc.start,
        end: acc.end,
        duration: acc.end - acc.start,
        spanCount: acc.spans,
        warningCount: acc.warnings,
        maxDepth: acc.maxDepth,
        orphans: 0,
        rootName: S.get(t.name[root]),
        rootService: this.resService[t.resource[root]],
        namespace: f.namespace,
        objectKind: f.subjectKind || f.objectKind,
        objectName: f.subjectName || f.objectName,
        services: [...acc.services].sort((a, b) => a - b),
        namespaces: this.texts(acc.namespaces),
        kinds: this.texts(acc.kinds),
        reasons: this.texts(acc.reasons),
        rows: acc.rows,
      };
    }).sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  }

  /** The fields of FIELDS for one row ('' when absent; shiftMs NaN). */
  fields(i) {
    const { attrStart, attrKey } = this.t;
    const f = { reason: '', message: '', eventType: '', namespace: '', objectKind: '', objectName: '',
      subjectKind: '', subjectName: '', rule: '', evidence: '', shiftMs: NaN };
    const key = this.key;
    for (let a = attrStart[i], end = attrStart[i + 1]; a < end; a++) {
      const k = attrKey[a];
      if (k < 0) continue;
      for (const [field] of FIELDS) {
        if (key[field] === k) {
          f[field] = field === 'shiftMs' ? Number(this.value(a)) : this.text(a);
          break;
        }
      }
    }
    return f;
  }

  /** One trace's spans as trace-model.js's Span objects, in DFS order, attributes as [key, value]. */
  spans(trace) {
    const { t } = this;
    const S = this.strings;
    const spans = [];
    const traceId = trace.id;
    for (let p = 0; p < trace.rows.length; p += 2) {
      const lo = trace.rows[p];
      const hi = trace.rows[p + 1];
      const base = spans.length - lo; // row -> index in this trace
      for (let i = lo; i < hi; i++) {
        const f = this.fields(i);
        const attrs = [];
        for (let a = t.attrStart[i]; a < t.attrStart[i + 1]; a++) attrs.push([S.get(t.attrKey[a]), this.value(a)]);
        const links = [];
        for (let l = t.linkStart[i]; l < t.linkStart[i + 1]; l++) links.push({ traceId: S.get(t.linkTrace[l]), spanId: S.get(t.linkSpan[l]), attrs: [] });
        const parentRow = t.parent[i];
        const start = t.startUs[i];
        spans.push({
          id: S.get(t.id[i]),
          traceId,
          parentId: parentRow >= 0 ? S.get(t.id[parentRow]) : '',
          name: S.get(t.name[i]),
          service: this.resService[t.resource[i]],
          resource: t.resource[i] + this.resourceOffset,
          start,
          end: Math.max(start, t.endUs[i]),
          startNs: nsString(start, t.startNs[i]),
          endNs: nsString(t.endUs[i], t.endNs[i]),
          attrs,
          error: t.status[i] === STATUS_ERROR,
          statusMessage: S.get(t.statusMessage[i]),
          links,
          kind: SPAN_KINDS[t.kind[i]] ?? String(t.kind[i]),
          reason: f.reason,
          message: f.message,
          eventType: f.eventType,
          namespace: f.namespace,
          objectKind: f.objectKind,
          objectName: f.objectName,
          subjectKind: f.subjectKind,
          subjectName: f.subjectName,
          shiftUs: Number.isFinite(f.shiftMs) && f.shiftMs > 0 ? Math.round(f.shiftMs * 1000) : 0,
          rule: f.rule,
          evidence: f.evidence,
          depth: t.depth[i] - t.depth[lo],
          parent: parentRow >= 0 ? parentRow + base : -1,
          subtreeEnd: 0,
          orphan: false,
        });
      }
    }
    subtreeEnds(spans);
    return spans;
  }

  /** Lower-cased text a free-text filter searches (what trace-model.js's searchText gives). */
  searchText(trace, services) {
    const { t, key } = this;
    const S = this.strings;
    const parts = [trace.id, trace.namespace, trace.objectKind, trace.objectName];
    for (let p = 0; p < trace.rows.length; p += 2) {
      for (let i = trace.rows[p]; i < trace.rows[p + 1]; i++) {
        let objectName = '', subjectName = '', message = '';
        for (let a = t.attrStart[i]; a < t.attrStart[i + 1]; a++) {
          const k = t.attrKey[a];
          if (k === key.objectName) objectName = this.text(a);
          else if (k === key.subjectName) subjectName = this.text(a);
          else if (k === key.message) message = this.text(a);
        }
        parts.push(S.get(t.id[i]), S.get(t.name[i]), services[this.resService[t.resource[i]]], objectName, subjectName, message);
      }
    }
    return parts.join('\n').toLowerCase();
  }

  /**
   * The spans as OTLP/JSON ResourceSpans (one per resource with spans, in the table's resource
   * order; what the core's OTLP writer gives, spans in listing order instead of arrival order),
   * as UTF-8 bytes: strings are copied as the string table's JSON, never decoded.
   * @param {string} scopeVersion the core's version (the scope's)
   * @param {(piece: Uint8Array) => void} out gets pieces of about `chunk` bytes
   * @returns {number} how many ResourceSpans were written
   */
  writeOtlpResourceSpans(scopeVersion, out, chunk = 1 << 22) {
    const { t, n } = this;
    const S = this.strings;
    const w = new ByteWriter(out, chunk);
    // Rows of each resource, in listing order.
    const count = new Uint32Array(this.resourceJson.length + 1);
    for (let i = 0; i < n; i++) count[t.resource[i] + 1]++;
    for (let r = 1; r < count.length; r++) count[r] += count[r - 1];
    const order = new Uint32Array(n);
    const fill = count.slice(0, -1);
    for (let i = 0; i < n; i++) order[fill[t.resource[i]]++] = i;
    const scope = '"scope":{"name":"kspan","version":' + JSON.stringify(scopeVersion) + '}';
    let written = 0;
    for (let r = 0; r < this.resourceJson.length; r++) {
      if (count[r] === count[r + 1]) continue;
      w.text((written++ ? ',' : '') + '{"resource":{"attributes":' + JSON.stringify(this.resourceJson[r]) +
        '},"scopeSpans":[{' + scope + ',"spans":[');
      for (let k = count[r]; k < count[r + 1]; k++) {
        const i = order[k];
        w.ascii(k > count[r] ? ',{"traceId":' : '{"traceId":');
        w.bytes(S.quoted(t.trace[i]));
        w.ascii(',"spanId":');
        w.bytes(S.quoted(t.id[i]));
        if (t.parent[i] >= 0) {
          w.ascii(',"parentSpanId":');
          w.bytes(S.quoted(t.id[t.parent[i]]));
        }
        w.ascii(',"name":');
        w.bytes(S.quoted(t.name[i]));
        w.ascii(',"kind":' + t.kind[i] + ',"startTimeUnixNano":"' + nsString(t.startUs[i], t.startNs[i]) +
          '","endTimeUnixNano":"' + nsString(t.endUs[i], t.endNs[i]) + '","attributes":[');
        for (let a = t.attrStart[i], end = t.attrStart[i + 1]; a < end; a++) {
          w.ascii(a > t.attrStart[i] ? ',{"key":' : '{"key":');
          w.bytes(S.quoted(t.attrKey[a]));
          const v = t.attrValue[a];
          const type = t.attrType[a];
          if (type === ATTR_STRING) {
            w.ascii(',"value":{"stringValue":');
            w.bytes(S.quoted(v));
            w.ascii('}}');
          } else if (type === ATTR_INT) {
            w.ascii(',"value":{"intValue":"' + String(v) + '"}}');
          } else if (type === ATTR_DOUBLE) {
            w.ascii(',"value":{"doubleValue":' + (Number.isFinite(v) ? String(v) : JSON.stringify(String(v))) + '}}');
          } else {
            w.ascii(v !== 0 ? ',"value":{"boolValue":true}}' : ',"value":{"boolValue":false}}');
          }
        }
        w.ascii(']');
        const l0 = t.linkStart[i];
        const l1 = t.linkStart[i + 1];
        if (l1 > l0) {
          for (let l = l0; l < l1; l++) {
            w.ascii(l > l0 ? ',{"traceId":' : ',"links":[{"traceId":');
            w.bytes(S.quoted(t.linkTrace[l]));
            w.ascii(',"spanId":');
            w.bytes(S.quoted(t.linkSpan[l]));
            w.ascii('}');
          }
          w.ascii(']');
        }
        if (t.status[i] === STATUS_ERROR) {
          w.ascii(',"status":{"code":2,"message":');
          w.bytes(S.quoted(t.statusMessage[i]));
          w.ascii('}}');
        } else {
          w.ascii(',"status":{}}');
        }
      }
      w.ascii(']}]}');
    }
    w.flush();
    return written;
  }
}

/** UTF-8 output in pieces of about `size` bytes. */
class ByteWriter {
  constructor(out, size) {
    this.out = out;
    this.size = size;
    this.buf = new Uint8Array(size);
    this.pos = 0;
  }

  room(n) {
    if (this.pos + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) this.buf = new Uint8Array(n);
    }
  }

  /** ASCII text (literals, numbers, hex). */
  ascii(s) {
    this.room(s.length);
    const { buf } = this;
    let p = this.pos;
    for (let k = 0; k < s.length; k++) buf[p++] = s.charCodeAt(k);
    this.pos = p;
  }

  /** Any text. */
  text(s) {
    this.bytes(new TextEncoder().encode(s));
  }

  bytes(b) {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  flush() {
    if (this.pos) this.out(this.buf.slice(0, this.pos));
    this.buf = new Uint8Array(this.size);
    this.pos = 0;
  }
}
