// The loaded traces with their spans, and the questions the page asks about them: one trace's
// spans (when it opens one) and free-text search. Kept by the worker; in a self-contained report
// (no worker) by the page itself.
import { searchText, materialise } from './trace-model.js';
import { textMatcher } from './trace-filter.js';

export class TraceStore {
  /** @param {{traces: object[], services: string[]}} model with spans */
  constructor(model) {
    this.model = model;
    this.byId = new Map(model.traces.map((t) => [t.id, t]));
    this.texts = new Map();
  }

  /** The model without spans: what the list needs. */
  list() {
    return { ...this.model, traces: this.model.traces.map(({ spans, ...summary }) => summary) };
  }

  /** A trace with its spans, attributes as [key, value] pairs; null when unknown. */
  trace(traceId) {
    const t = this.byId.get(traceId);
    return t ? materialise(t) : null;
  }

  /** Ids of the traces whose text matches. */
  search(text) {
    const match = textMatcher(text);
    const ids = [];
    for (const t of this.model.traces) {
      let s = this.texts.get(t.id);
      if (s === undefined) this.texts.set(t.id, (s = searchText(t, this.model.services)));
      if (match(s)) ids.push(t.id);
    }
    return ids;
  }
}
