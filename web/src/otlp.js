// OTLP/JSON helpers: attribute values, times, and parsing of ExportTraceServiceRequest text
// (one object, or one object per line). Pure functions, usable in the worker, the page and node.

/** Converts an OTLP AnyValue ({stringValue}|{intValue}|...) to a plain JS value. */
export function anyValue(v) {
  if (v == null || typeof v !== 'object') return v ?? null;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return typeof v.intValue === 'string' ? Number(v.intValue) : v.intValue;
  if ('boolValue' in v) return v.boolValue;
  if ('doubleValue' in v) return v.doubleValue;
  if ('bytesValue' in v) return v.bytesValue;
  if ('arrayValue' in v) return (v.arrayValue?.values ?? []).map(anyValue);
  if ('kvlistValue' in v) {
    const o = {};
    for (const kv of v.kvlistValue?.values ?? []) o[kv.key] = anyValue(kv.value);
    return o;
  }
  return null;
}

/** OTLP attribute list -> array of [key, value] pairs, in their order. */
export function attrPairs(list) {
  if (!Array.isArray(list)) return [];
  const out = [];
  for (const a of list) if (a && typeof a.key === 'string') out.push([a.key, anyValue(a.value)]);
  return out;
}

/**
 * Decimal-string (or number) nanoseconds since the epoch -> microseconds as a Number.
 * Microseconds since 1970 stay below 2^53 until the year 2255, so they are exact.
 */
export function nsToUs(ns) {
  if (typeof ns === 'number') return Math.floor(ns / 1000);
  if (typeof ns !== 'string' || !/^\d+$/.test(ns)) return 0;
  if (ns.length <= 3) return 0;
  return Number(ns.slice(0, -3));
}

/** True when a status object says ERROR (code 2, or its enum name). */
export function isErrorStatus(status) {
  if (!status) return false;
  return status.code === 2 || status.code === 'STATUS_CODE_ERROR';
}

/**
 * Parses OTLP/JSON text: one ExportTraceServiceRequest, or JSON Lines of them.
 * Returns {requests, errors:[{line, message}]}; bad lines are reported, not thrown.
 */
export function parseOtlpText(text) {
  const requests = [];
  const errors = [];
  try {
    const v = JSON.parse(text);
    if (v && Array.isArray(v.resourceSpans)) requests.push(v);
    else errors.push({ line: 1, message: 'not an ExportTraceServiceRequest (no resourceSpans array)' });
    return { requests, errors };
  } catch {
    // Not a single value: try one value per line.
  }
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const s = text.slice(start, end).trim();
    start = end + 1;
    if (!s) continue;
    try {
      const v = JSON.parse(s);
      if (v && Array.isArray(v.resourceSpans)) requests.push(v);
      else errors.push({ line, message: 'not an ExportTraceServiceRequest (no resourceSpans array)' });
    } catch (e) {
      errors.push({ line, message: String(e.message || e) });
    }
  }
  return { requests, errors };
}

/** Counts the spans of some requests. */
export function countSpans(requests) {
  let n = 0;
  for (const r of requests)
    for (const rs of r.resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? rs.instrumentationLibrarySpans ?? []) n += (ss.spans ?? []).length;
  return n;
}

/** Merges requests into one ExportTraceServiceRequest object. */
export function mergeRequests(requests) {
  const resourceSpans = [];
  for (const r of requests) for (const rs of r.resourceSpans ?? []) resourceSpans.push(rs);
  return { resourceSpans };
}
