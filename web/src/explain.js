// How kspan chose a span's parent, and how sure the owner link is, in words a user understands.
// Words only: the caller renders them as text.

export const RULES = {
  'actor': {
    title: 'Caused by the controller\'s latest action',
    text: 'The event reports something a controller (the actor) did. It is placed under the most recent ' +
      'action taken on that controller, e.g. a pod deletion under the "Scaled down replica set" that caused it.',
  },
  'same-action': {
    title: 'Same action again',
    text: 'The same controller acted on the same object shortly before, so this span is placed beside that ' +
      'earlier one, under the same parent.',
  },
  'top-level-annotation': {
    title: 'Marked as a trace of its own',
    text: 'The event carries the annotation topLevelSpan: "true", so it starts a trace of its own.',
  },
  'owner-action': {
    title: 'Under the owner\'s action on this object',
    text: 'The object\'s owner recently acted on it (e.g. the ReplicaSet\'s "Created pod" event), and this ' +
      'span is placed under that action.',
  },
  'sibling': {
    title: 'Beside the previous event on the same object',
    text: 'Another event about the same object happened shortly before; this span is placed beside it, under ' +
      'the same parent.',
  },
  'owner': {
    title: 'Under the owner\'s latest span',
    text: 'Nothing acted on this object directly, so the span is placed under the most recent span of its owner.',
  },
  'self': {
    title: 'Under its own object\'s root',
    text: 'The object has no owner; the span is placed under the root span of the object itself.',
  },
  'synthesised-root': {
    title: 'Under a root kspan created',
    text: 'No recent span explained this event within the correlation window, so kspan walked up to the top-most ' +
      'owner and created a root span for it.',
  },
};

export const EVIDENCE = {
  'ownerReference': {
    level: 'fact',
    title: 'Ownership from ownerReferences',
    text: 'The owner link comes from the object\'s ownerReferences, as recorded by Kubernetes.',
  },
  'message': {
    level: 'inferred',
    title: 'Ownership inferred from an event message',
    text: 'The owner link was inferred from a controller\'s event message such as "Created pod: NAME", ' +
      'because the object itself was not in the input.',
  },
  'name-pattern': {
    level: 'guess',
    title: 'Ownership guessed from the name',
    text: 'This is a guess: neither the object nor a controller message names the owner, so kspan matched the ' +
      'name pattern of a built-in controller (e.g. pod web-5d9f7c8b4-x2x9z -> ReplicaSet web-5d9f7c8b4). It may be wrong.',
  },
};

/** Explanation of how a span's parent was chosen. */
export function explainParent(span, hasParent) {
  if (span.rule && RULES[span.rule]) return { rule: span.rule, ...RULES[span.rule] };
  if (span.rule) return { rule: span.rule, title: 'Rule "' + span.rule + '"', text: 'kspan chose the parent by the rule "' + span.rule + '".' };
  if (!hasParent && span.orphan) {
    return { rule: '', title: 'Parent not loaded', text: 'This span names a parent that is not in the loaded data.' };
  }
  if (!hasParent) {
    if (/\.Activity$/.test(span.name)) {
      return { rule: '', title: 'Root made by kspan', text: 'kspan created this root for the object because its events ' +
        'had no parent, and no change of the object\'s spec was found to start the trace from.' };
    }
    if (!span.reason) {
      return { rule: '', title: 'Root from a change of spec', text: 'kspan created this root from the object\'s managedFields: ' +
        'the newest change of its spec before the events, by the manager shown as the service.' };
    }
    return { rule: '', title: 'Root', text: 'This span starts the trace.' };
  }
  return null;
}

export function explainEvidence(evidence) {
  if (!evidence) return null;
  return EVIDENCE[evidence] ?? { level: 'inferred', title: 'Ownership: ' + evidence, text: 'Owner link found by "' + evidence + '".' };
}
