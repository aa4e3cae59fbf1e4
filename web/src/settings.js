// The correlation settings (correlation.md section 8), edited in a dialog; applying them
// correlates the loaded files again.
import { h } from './dom.js';

export const DEFAULT_SETTINGS = Object.freeze({
  window_s: 5, reorder_s: 2, expire_after_s: 300, max_trace_s: 3600, cluster_name: '',
  max_pending_events: 1000000, max_objects: 4000000,
});

const FIELDS = [
  ['window_s', 'Window (s)', 'How long an event waits for a parent before kspan makes a root; spans on one object join within twice this.'],
  ['reorder_s', 'Reorder (s)', 'Tolerated clock lead of an event over its observation time.'],
  ['expire_after_s', 'Expire after (s)', 'How long a span stays a candidate parent after its last use.'],
  ['max_trace_s', 'Max trace (s)', 'The longest a trace grows from its root.'],
  ['cluster_name', 'Cluster name', 'Set as k8s.cluster.name on every resource.'],
  ['max_pending_events', 'Max pending events', 'Memory limit: events waiting for a parent at once; past it the oldest is resolved early (counted in the load summary).'],
  ['max_objects', 'Max objects', 'Memory limit: objects kept for owner lookups; past it new objects are not kept (counted in the load summary).'],
];

// Limits are whole numbers of things; the other fields are seconds.
const COUNTS = new Set(['max_pending_events', 'max_objects']);

export function initSettings(button, dialog, current, onApply) {
  const inputs = {};
  const form = h('form', { method: 'dialog', class: 'settings-form' },
    h('h2', { text: 'Correlation settings' }),
    FIELDS.map(([key, label, help]) => {
      const input = h('input', {
        name: key,
        type: key === 'cluster_name' ? 'text' : 'number',
        attrs: key === 'cluster_name' ? {} : { min: '0', step: COUNTS.has(key) ? '1' : 'any' },
      });
      inputs[key] = input;
      return h('label', { class: 'field' }, h('span', { class: 'field-label', text: label }), input,
        h('span', { class: 'help', text: help }));
    }),
    h('div', { class: 'dialog-buttons' },
      h('button', { type: 'button', class: 'btn', text: 'Defaults', on: { click: () => fill(DEFAULT_SETTINGS) } }),
      h('button', { value: 'cancel', class: 'btn', text: 'Cancel' }),
      h('button', { value: 'apply', class: 'btn primary', text: 'Apply' })));
  dialog.append(form);
  const fill = (s) => { for (const [k] of FIELDS) inputs[k].value = String(s[k]); };
  button.addEventListener('click', () => { fill(current); dialog.showModal(); });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'apply') return;
    const next = {};
    for (const [k] of FIELDS) {
      if (k === 'cluster_name') next[k] = inputs[k].value.trim();
      else {
        const v = Number(inputs[k].value);
        next[k] = Number.isFinite(v) && v >= 0 ? v : DEFAULT_SETTINGS[k];
      }
    }
    Object.assign(current, next);
    onApply({ ...next });
  });
}
