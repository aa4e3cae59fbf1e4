// The loaded traces with their spans, and the questions the page asks about them: one trace's
// spans (when it opens one) and free-text search. Kept by the worker; in a self-contained report
// (no worker) by the page itself. A trace has its spans as objects (OTLP input), or `rows` in the
// core's span table (model.table), whose spans become objects only when the trace is opened.
import { searchText, materialise } from './trace-model.js';
import { textMatcher } from './trace-filter.js';

/** How many traces read from the span table stay as objects (the page keeps the last few too). */
const KEEP = 8;

export class TraceStore {
  /** @param {{traces: object[], services: string[], table?: object}} model */
  constructor(model) {
    this.model = model;
    this.table = model.table ?? null;
    this.byId = new Map(model.traces.map((t) => [t.id, t]));
    this.texts = new Map();
    this.opened = new Map(); // trace id -> trace with spans, from the table (the last KEEP)
  }

  /** The model without spans, rows or table: what the list needs. */
  list() {
    const { table, ...model } = this.model;
    return { ...model, traces: this.model.traces.map(({ spans, rows, materialised, ...summary }) => summary) };
  }

  /** A trace with its spans, attributes as [key, value] pairs; null when unknown. */
  trace(traceId) {
    const t = this.byId.get(traceId);
    if (!t) return null;
    if (t.spans) return materialise(t);
    let full = this.opened.get(traceId);
    if (!full) {
      const { rows, ...summary } = t;
      full = { ...summary, spans: this.table.spans(t), materialised: true };
      while (this.opened.size >= KEEP) this.opened.delete(this.opened.keys().next().value);
    } else {
      this.opened.delete(traceId);
    }
    this.opened.set(traceId, full);
    return full;
  }

  /** Ids of the traces whose text matches. */
  search(text) {
    const match = textMatcher(text);
    const ids = [];
    const services = this.model.services;
    for (const t of this.model.traces) {
      let s = this.texts.get(t.id);
      if (s === undefined) this.texts.set(t.id, (s = t.spans ? searchText(t, services) : this.table.searchText(t, services)));
      if (match(s)) ids.push(t.id);
    }
    return ids;
  }
}
