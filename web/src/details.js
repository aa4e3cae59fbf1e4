// The details of one span: message, times, how its parent was chosen, every attribute and
// resource attribute, links and ids. Everything is rendered as text.
import { h } from './dom.js';
import { serviceColor } from './colors.js';
import { formatDuration, formatNs, formatTime } from './format.js';
import { explainParent, explainEvidence } from './explain.js';

/**
 * @param {object} span
 * @param {{trace: object, services: string[], resources: object[], spanById: Map<string, number>,
 *   onGoto: (traceId: string, spanId: string) => void, onClose: () => void, linkFor: (trace, span) => string}} ctx
 */
export function renderDetails(span, ctx) {
  const { trace, services, resources } = ctx;
  const parentSpan = span.parent >= 0 ? trace.spans[span.parent] : null;
  const res = resources[span.resource];
  const attr = (k) => span.attrs.find(([key]) => key === k)?.[1];

  const head = h('div', { class: 'd-head' },
    h('span', { class: 'swatch', style: { background: serviceColor(services[span.service]) } }),
    h('div', { class: 'd-title' },
      h('div', { class: 'd-name', text: span.name }),
      h('div', { class: 'd-svc', text: services[span.service] })),
    span.error ? h('span', { class: 'badge warn', text: span.eventType || 'Warning' }) : null,
    h('button', { class: 'icon-btn d-close', text: '✕', attrs: { 'aria-label': 'Close details', title: 'Close (Esc)' },
      on: { click: ctx.onClose } }));

  const message = span.message || span.statusMessage;
  const msg = message ? h('p', { class: 'd-message', dataset: { testid: 'span-message' }, text: message }) : null;

  const facts = [];
  const fact = (k, v, cls) => { if (v !== '' && v != null) facts.push(h('dt', { text: k }), h('dd', { class: cls, text: String(v) })); };
  const dur = span.end - span.start;
  fact('Start', formatNs(span.startNs) || formatTime(span.start));
  fact('Offset', span.start === trace.start ? 'at the trace start' : '+' + formatDuration(span.start - trace.start) + ' after the trace start');
  fact('Duration', dur === 0 ? 'instant (a single moment)' : formatDuration(dur));
  if (span.shiftUs > 0) {
    fact('Event at', formatTime(span.start + span.shiftUs) + ' — the span starts ' + formatDuration(span.shiftUs) +
      ' earlier to cover its children');
  }
  const count = attr('k8s.event.count');
  if (count != null && Number(count) > 1) {
    const first = attr('kspan.event.first_time');
    fact('Repeated', count + ' times' + (first ? ', first at ' + first : '') +
      ' (the span is the last occurrence)');
  }
  const obj = [span.objectKind, [span.namespace, span.objectName].filter(Boolean).join('/')].filter(Boolean).join(' ');
  fact('Object', obj);
  if (span.subjectKind || span.subjectName) {
    fact('About', span.subjectKind + ' ' + span.subjectName + ' (re-targeted: the event on ' + (span.objectKind || 'the object') +
      ' reports an action on it)');
  }
  fact('Type', span.eventType);

  const why = [];
  const ex = explainParent(span, !!parentSpan);
  if (ex) {
    why.push(h('div', { class: 'why-rule' },
      h('div', { class: 'why-title' }, h('strong', { text: ex.title }),
        ex.rule ? h('code', { class: 'rule-code', text: ex.rule, attrs: { title: 'kspan.parent.rule' } }) : null),
      h('p', { text: ex.text })));
  }
  if (parentSpan) {
    why.push(h('p', { class: 'why-parent' }, 'Parent: ',
      h('a', { href: ctx.linkFor(trace, parentSpan), text: services[parentSpan.service] + ' ' + parentSpan.name,
        on: { click: (e) => { e.preventDefault(); ctx.onGoto(trace.id, parentSpan.id); } } })));
  }
  const ev = explainEvidence(span.evidence);
  if (ev) {
    why.push(h('div', { class: 'evidence ' + ev.level },
      h('span', { class: 'badge ' + (ev.level === 'guess' ? 'guess' : ev.level === 'fact' ? 'fact' : 'inferred'),
        text: ev.level === 'guess' ? 'guess' : ev.level === 'fact' ? 'fact' : 'inferred' }),
      h('strong', { text: ev.title }),
      h('p', { text: ev.text })));
  }

  const sections = [
    head,
    msg,
    h('dl', { class: 'd-facts' }, facts),
    why.length ? section('Why it is here', h('div', { class: 'why' }, why)) : null,
    section('Attributes', attrTable(span.attrs), span.attrs.length),
    section('Resource', attrTable(res?.attrs ?? []), res?.attrs.length ?? 0),
    span.links.length ? section('Links', h('ul', { class: 'links' }, span.links.map((l) => {
      const target = ctx.spanById(l.traceId, l.spanId);
      const label = target ? target.name : l.spanId;
      return h('li', {}, target
        ? h('a', { href: '#trace=' + l.traceId + '&span=' + l.spanId, text: label,
          on: { click: (e) => { e.preventDefault(); ctx.onGoto(l.traceId, l.spanId); } } })
        : h('code', { text: l.traceId + ' / ' + l.spanId }),
      l.attrs.length ? attrTable(l.attrs) : null);
    })), span.links.length) : null,
    section('Identifiers', attrTable([
      ['trace id', trace.id], ['span id', span.id], ['parent span id', span.parentId || '(root)'],
      ['kind', span.kind], ['status', span.error ? 'ERROR' + (span.statusMessage ? ': ' + span.statusMessage : '') : 'UNSET'],
      ['end', formatNs(span.endNs)],
    ])),
  ];
  return h('div', { class: 'details-inner', dataset: { testid: 'span-details' } }, sections);
}

function section(title, body, count) {
  return h('section', { class: 'd-section' },
    h('h3', {}, title, count != null ? h('span', { class: 'count', text: String(count) }) : null), body);
}

function attrTable(pairs) {
  const sorted = [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return h('table', { class: 'attrs' }, h('tbody', {}, sorted.map(([k, v]) =>
    h('tr', {}, h('th', { text: k, attrs: { scope: 'row' } }),
      h('td', { text: typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '') })))));
}
