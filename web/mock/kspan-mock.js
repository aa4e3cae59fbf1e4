// A stand-in for build/wasm/kspan_wasm.js with the same interface (createKspan, Session,
// isBundleResource), used only when the real WebAssembly core has not been built. It does a
// rough correlation (events under their top owner's root, re-targeted controller actions)
// so the viewer can be developed and demonstrated; the real rules live in the C++ core.
/* eslint-disable no-var */
var createKspan = (function () {
  'use strict';
  var MASK64 = (1n << 64n) - 1n;
  function fnv64(str, seed) {
    var h = 0xcbf29ce484222325n ^ BigInt(seed || 0);
    for (var i = 0; i < str.length; i++) { h ^= BigInt(str.charCodeAt(i) & 0xff); h = (h * 0x100000001b3n) & MASK64; }
    return h.toString(16).padStart(16, '0');
  }
  function timeNs(t) {
    if (typeof t !== 'string' || t === 'null') return null;
    var ms = Date.parse(t);
    if (!Number.isFinite(ms)) return null;
    var frac = /\.(\d+)/.exec(t);
    var ns = BigInt(Math.floor(ms / 1000)) * 1000000000n;
    if (frac) ns += BigInt((frac[1] + '000000000').slice(0, 9));
    return ns;
  }
  function strAttr(k, v) { return { key: k, value: { stringValue: String(v) } }; }
  function intAttr(k, v) { return { key: k, value: { intValue: String(v) } }; }
  var RETARGET = [
    { kind: 'Deployment', re: /^Scaled (?:up|down) replica set (\S+)/, to: 'ReplicaSet' },
    { kind: 'ReplicaSet', re: /^(?:Created|Deleted) pod: (\S+)/, to: 'Pod' },
    { kind: 'DaemonSet', re: /^(?:Created|Deleted) pod: (\S+)/, to: 'Pod' },
    { kind: 'Job', re: /^(?:Created|Deleted) pod: (\S+)/, to: 'Pod' },
    { kind: 'StatefulSet', re: /^(?:create|delete) Pod (\S+) in StatefulSet/, to: 'Pod' },
    { kind: 'CronJob', re: /^(?:Created job|Saw completed job:|Deleted job) (\S+?),?(?:\s|$)/, to: 'Job' },
  ];

  function Session(settingsJson) {
    this.settings = JSON.parse(settingsJson || '{}');
    this.records = []; this.skipped = {}; this.sources = []; this.cur = null;
    this.otlp = '{"resourceSpans":[]}'; this.summary = '{}';
  }
  Session.prototype.beginSource = function (name) { this.cur = { name: name, parts: [], bytes: 0 }; };
  Session.prototype.push = function (bytes) {
    if (typeof bytes === 'string') bytes = new TextEncoder().encode(bytes);
    this.cur.parts.push(bytes.slice()); this.cur.bytes += bytes.length;
  };
  Session.prototype.skip = function (reason, description, ex) {
    var s = this.skipped[reason] || (this.skipped[reason] = { reason: reason, description: description, count: 0, examples: [] });
    s.count++; if (s.examples.length < 5) s.examples.push(ex);
  };
  Session.prototype.endSource = function () {
    var src = this.cur; this.cur = null;
    var all = new Uint8Array(src.bytes), o = 0;
    src.parts.forEach(function (p) { all.set(p, o); o += p.length; });
    var text = new TextDecoder().decode(all);
    var before = this.records.length, self = this, format = 'json';
    var add = function (v, observed) {
      if (v && Array.isArray(v.items)) v.items.forEach(function (x) { add(x, observed); });
      else if (Array.isArray(v)) v.forEach(function (x) { add(x, observed); });
      else if (v && v.object && v.type) add(v.object, v.observedAt || observed);
      else if (v && typeof v === 'object') self.records.push(v);
    };
    var t = text.replace(/^\uFEFF/, '').trimStart();
    if (t[0] === '{' || t[0] === '[') {
      try { add(JSON.parse(text)); format = 'kubectl-list-json'; } catch (e) {
        format = 'json-lines';
        text.split('\n').forEach(function (line, i) {
          if (!line.trim()) return;
          try { add(JSON.parse(line)); } catch (err) {
            self.skip('invalid-json', 'A record is not valid JSON', { source: src.name, line: i + 1, offset: 0, object: '', detail: String(err.message) });
          }
        });
      }
    } else {
      format = 'yaml';
      var lines = text.split('\n'), doc = [], docLine = 1;
      var flush = function () {
        var body = doc.filter(function (l) { return !/^#/.test(l); }).join('\n');
        if (body.trim()) {
          var r = self.kspanYaml(body);
          if (r.error) self.skip('invalid-yaml', 'A YAML document cannot be read', { source: src.name, line: docLine + (r.line || 1) - 1, offset: 0, object: '', detail: r.error });
          else add(JSON.parse(r.json));
        }
      };
      lines.forEach(function (l, i) {
        if (/^---\s*$/.test(l)) { flush(); doc = []; docLine = i + 2; } else doc.push(l);
      });
      flush();
    }
    this.sources.push({ name: src.name, format: format, bytes: src.bytes, records: this.records.length - before, error: '' });
  };
  Session.prototype.kspanYaml = function (text) {
    var f = (typeof self !== 'undefined' && self.kspanYamlToJson) || (typeof globalThis !== 'undefined' && globalThis.kspanYamlToJson);
    return f ? f(text) : { error: 'no YAML converter', line: 0 };
  };
  Session.prototype.finish = function () {
    var self = this, objects = {}, events = [];
    var key = function (kind, ns, name) { return kind + '/' + (ns || '') + '/' + String(name).toLowerCase(); };
    this.records.forEach(function (r) {
      var isEvent = r.kind === 'Event' || (!r.kind && (r.involvedObject || r.regarding) && r.reason);
      if (isEvent) {
        var io = r.involvedObject || r.regarding || {};
        var t = timeNs(r.lastTimestamp) || timeNs(r.series && r.series.lastObservedTime) || timeNs(r.eventTime) ||
          timeNs(r.deprecatedLastTimestamp) || timeNs(r.firstTimestamp) || timeNs(r.metadata && r.metadata.creationTimestamp);
        var uid = r.metadata && r.metadata.uid;
        if (!uid || !io.name || t == null) {
          self.skip('unusable-event', 'An event without uid, object name or time', { source: '', line: 0, offset: 0, object: (io.namespace || '') + '/' + (io.name || ''), detail: '' });
          return;
        }
        events.push({ r: r, io: io, t: t, uid: uid });
      } else if (r.kind && r.metadata && r.metadata.name) {
        objects[key(r.kind, r.metadata.namespace, r.metadata.name)] = r;
      }
    });
    events.sort(function (a, b) { return a.t < b.t ? -1 : a.t > b.t ? 1 : 0; });
    var ownerOf = function (kind, ns, name) {
      var o = objects[key(kind, ns, name)];
      if (o && o.metadata.ownerReferences && o.metadata.ownerReferences.length) {
        var ref = o.metadata.ownerReferences.find(function (x) { return x.controller; }) || o.metadata.ownerReferences[0];
        return { kind: ref.kind, name: ref.name, evidence: 'ownerReference' };
      }
      var m;
      if (kind === 'Pod' && (m = /^(.*-[456789bcdf]{1,10})-[bcdfghjklmnpqrstvwxz2456789]{5}$/.exec(name))) return { kind: 'ReplicaSet', name: m[1], evidence: 'name-pattern' };
      if (kind === 'ReplicaSet' && (m = /^(.*)-[456789bcdf]{1,10}$/.exec(name))) return { kind: 'Deployment', name: m[1], evidence: 'name-pattern' };
      return null;
    };
    var top = function (kind, ns, name) {
      var cur = { kind: kind, name: name }, evidence = '', seen = {};
      for (var i = 0; i < 10; i++) {
        var o = ownerOf(cur.kind, ns, cur.name);
        if (!o || seen[o.kind + o.name]) break;
        seen[o.kind + o.name] = 1; cur = o;
        if (!evidence || o.evidence === 'name-pattern') evidence = o.evidence;
      }
      return { kind: cur.kind, name: cur.name, evidence: evidence };
    };
    var resources = {}, roots = {}, lastAction = {}, lastOnObject = {}, spans = [], rules = {};
    var window = BigInt(Math.round((this.settings.window_s || 5) * 2e9));
    var expire = BigInt(Math.round((this.settings.expire_after_s || 300) * 1e9));
    events.forEach(function (e) {
      var r = e.r, io = e.io, ns = io.namespace || '';
      var msg = String(r.message || r.note || '').replace(/^\(combined from similar events\): /, '');
      var subj = { kind: io.kind, name: io.name };
      RETARGET.forEach(function (rt) { var m; if (rt.kind === io.kind && (m = rt.re.exec(msg))) subj = { kind: rt.to, name: m[1] }; });
      var tp = top(subj.kind, ns, subj.name);
      var rk = key(tp.kind, ns, tp.name), root = roots[rk];
      if (!root || e.t - root.last > expire) {
        var rid = fnv64(rk + e.uid, 1);
        root = roots[rk] = { span: { traceId: fnv64(rk + e.uid, 2) + fnv64(rk + e.uid, 3), spanId: rid, name: tp.kind + '.Activity', start: e.t, end: e.t,
          attributes: [strAttr('k8s.namespace.name', ns), strAttr('k8s.object.kind', tp.kind), strAttr('k8s.object.name', tp.name)], service: 'kspan', children: [] }, last: e.t };
        spans.push(root.span);
      }
      root.last = e.t;
      var parent = root.span, rule = 'synthesised-root';
      var owner = ownerOf(subj.kind, ns, subj.name);
      if (subj !== io && subj.kind !== io.kind) {
        var a = lastAction[key(io.kind, ns, io.name)];
        if (a) { parent = a; rule = 'actor'; }
      } else if (owner && lastAction[key(subj.kind, ns, subj.name)]) {
        parent = lastAction[key(subj.kind, ns, subj.name)]; rule = 'owner-action';
      } else if (lastOnObject[key(subj.kind, ns, subj.name)]) {
        parent = lastOnObject[key(subj.kind, ns, subj.name)].parent; rule = 'sibling';
      }
      rules[rule] = (rules[rule] || 0) + 1;
      var count = r.count || (r.series && r.series.count) || r.deprecatedCount || 0;
      var comp = (r.source && r.source.component) || r.reportingController || r.reportingComponent || (r.deprecatedSource && r.deprecatedSource.component) || 'unknown_service';
      var host = (r.source && r.source.host) || r.reportingInstance || '';
      var attrs = [strAttr('k8s.event.reason', r.reason), strAttr('k8s.event.message', msg), strAttr('k8s.event.type', r.type || 'Normal'),
        strAttr('k8s.event.uid', e.uid), strAttr('k8s.event.name', r.metadata.name || ''), strAttr('k8s.namespace.name', ns),
        strAttr('k8s.object.kind', io.kind || ''), strAttr('k8s.object.name', io.name), strAttr('kspan.parent.rule', rule)];
      if (count) attrs.push(intAttr('k8s.event.count', count));
      if (subj !== io && subj.kind !== io.kind) attrs.push(strAttr('kspan.subject.kind', subj.kind), strAttr('kspan.subject.name', subj.name));
      if (tp.evidence) attrs.push(strAttr('kspan.owner.evidence', tp.evidence));
      if (r.firstTimestamp && count > 1) attrs.push(strAttr('kspan.event.first_time', r.firstTimestamp));
      var span = { traceId: parent.traceId, spanId: fnv64(e.uid + (count ? String(count) : ''), 0), parentSpanId: parent.spanId, name: (io.kind || 'Object') + '.' + r.reason,
        start: e.t, end: e.t, attributes: attrs, service: comp, host: host, error: (r.type || 'Normal') !== 'Normal', message: msg, parentSpan: parent };
      var prev = lastOnObject[key(subj.kind, ns, subj.name)];
      if (prev && e.t > prev.span.start && e.t - prev.span.start <= window) prev.span.end = e.t;
      lastOnObject[key(subj.kind, ns, subj.name)] = { span: span, parent: parent };
      if (subj !== io && subj.kind !== io.kind) lastAction[key(subj.kind, ns, subj.name)] = span;
      spans.push(span);
    });
    // Parents cover their children (children are pushed after parents).
    for (var i = spans.length - 1; i >= 0; i--) {
      var s = spans[i], p = s.parentSpan;
      if (!p) continue;
      if (s.end > p.end) p.end = s.end;
      if (s.start < p.start) { p.shift = (p.shift || 0n) + (p.start - s.start); p.start = s.start; }
    }
    spans.forEach(function (s) {
      var res = resources[s.service + '|' + (s.host || '')];
      if (!res) {
        var ra = [strAttr('service.name', s.service)];
        if (s.host) ra.push(strAttr('service.instance.id', s.host));
        res = resources[s.service + '|' + (s.host || '')] = { resource: { attributes: ra }, scopeSpans: [{ scope: { name: 'kspan', version: '0.0.0-mock' }, spans: [] }] };
      }
      var out = { traceId: s.traceId, spanId: s.spanId, name: s.name, kind: 1, startTimeUnixNano: String(s.start), endTimeUnixNano: String(s.end), attributes: s.attributes.slice() };
      if (s.parentSpanId) out.parentSpanId = s.parentSpanId;
      if (s.shift) out.attributes.push(intAttr('kspan.start_shift_ms', s.shift / 1000000n));
      if (s.error) out.status = { code: 2, message: s.message };
      res.scopeSpans[0].spans.push(out);
    });
    var traces = {};
    spans.forEach(function (s) { traces[s.traceId] = 1; });
    this.otlp = JSON.stringify({ resourceSpans: Object.keys(resources).map(function (k) { return resources[k]; }) });
    this.summary = JSON.stringify({ records: this.records.length, events: events.length, objects: Object.keys(objects).length, spans: spans.length,
      traces: Object.keys(traces).length, roots_synthesised: Object.keys(roots).length, late: 0, skewed: 0, pending: 0, files_passed_over: 0,
      skipped: Object.keys(this.skipped).map(function (k) { return self.skipped[k]; }), repaired: [], parent_rules: rules, sources: this.sources, mock: true });
  };
  Session.prototype.otlpJson = function () { return this.otlp; };
  Session.prototype.summaryJson = function () { return this.summary; };
  Session.prototype.delete = function () {};
  function isBundleResource(path) { return /(^|\/)cluster-resources\/.+\.json$/.test(path); }
  return function createKspan() { return Promise.resolve({ Session: Session, isBundleResource: isBundleResource }); };
})();
if (typeof module === 'object' && module.exports) module.exports = createKspan;
