// A stand-in workload for the viewer benchmark until bench/gen's kspan-gen lands: a kubectl
// List JSON of Deployments, ReplicaSets, Pods and the Events of their rollouts (scaling, pod
// creation, scheduling, image pulls, container starts, some back-offs and failed mounts).
// Deterministic for a seed.
//
//   node bench/web/gen-dump.mjs --events 100000 --seed 1 -o /tmp/dump.json
import fs from 'node:fs';

function args(argv) {
  const o = { events: 100_000, seed: 1, out: '' };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--events') o.events = Number(argv[++i]);
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '-o' || a === '--output') o.out = argv[++i];
    else throw new Error('unknown argument ' + a);
  }
  return o;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generate({ events, seed }) {
  const rand = rng(seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const hex = (n) => { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)]; return s; };
  const alnum = (n) => { let s = ''; for (let i = 0; i < n; i++) s += 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(rand() * 27)]; return s; };
  const uid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const isoMicro = (ms) => new Date(ms).toISOString().replace('Z', '000Z');
  const namespaces = ['default', 'payments', 'checkout', 'search', 'monitoring', 'ingress', 'batch', 'auth'];
  const apps = ['api', 'web', 'worker', 'cache', 'gateway', 'indexer', 'scheduler', 'exporter', 'frontend', 'db-proxy'];
  const images = ['ghcr.io/acme/%s:1.4.2', 'registry.example/%s:2024.1', 'docker.io/library/%s:latest'];
  const nodes = Array.from({ length: 24 }, (_, i) => 'node-' + String(i).padStart(2, '0'));

  const objects = [];
  const evs = [];
  let clock = Date.UTC(2024, 4, 1, 8, 0, 0);
  let rv = 1000;
  const event = (obj, reason, message, component, ms, type = 'Normal', count = 1) => {
    const host = component === 'kubelet' ? obj._node : undefined;
    evs.push({
      kind: 'Event', apiVersion: 'v1',
      metadata: { name: obj.metadata.name + '.' + hex(16), namespace: obj.metadata.namespace, uid: uid(),
        resourceVersion: String(++rv), creationTimestamp: iso(ms) },
      involvedObject: { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid,
        apiVersion: obj.apiVersion, resourceVersion: obj.metadata.resourceVersion },
      reason, message, source: host ? { component, host } : { component },
      firstTimestamp: iso(ms), lastTimestamp: iso(ms + (count - 1) * 10_000), count, type,
      eventTime: null, reportingComponent: component, reportingInstance: host ?? '',
    });
  };
  const meta = (name, namespace, ms, owner) => ({
    name, namespace, uid: uid(), resourceVersion: String(++rv), creationTimestamp: iso(ms),
    ...(owner ? { ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name,
      uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }] } : {}),
  });

  let serial = 0;
  while (evs.length < events) {
    const ns = pick(namespaces);
    const app = pick(apps) + '-' + (serial++).toString(36);
    const t0 = (clock += 500 + Math.floor(rand() * 4000));
    const image = pick(images).replace('%s', app.split('-')[0]);
    const dep = { kind: 'Deployment', apiVersion: 'apps/v1', metadata: meta(app, ns, t0),
      spec: { replicas: 3 }, status: { replicas: 3 } };
    const hash = alnum(10);
    const rs = { kind: 'ReplicaSet', apiVersion: 'apps/v1', metadata: meta(app + '-' + hash, ns, t0 + 5, dep),
      spec: { replicas: 3 }, status: { replicas: 3 } };
    objects.push(dep, rs);
    const replicas = 1 + Math.floor(rand() * 5);
    event(dep, 'ScalingReplicaSet', `Scaled up replica set ${rs.metadata.name} to ${replicas}`, 'deployment-controller', t0 + 3);
    for (let p = 0; p < replicas && evs.length < events; p++) {
      const created = t0 + 10 + p * 7;
      const pod = { kind: 'Pod', apiVersion: 'v1', metadata: meta(rs.metadata.name + '-' + alnum(5), ns, created, rs),
        spec: { nodeName: pick(nodes) }, status: { phase: 'Running' } };
      pod._node = pod.spec.nodeName;
      objects.push(pod);
      event(rs, 'SuccessfulCreate', 'Created pod: ' + pod.metadata.name, 'replicaset-controller', created);
      let t = created + 20 + Math.floor(rand() * 200);
      event(pod, 'Scheduled', `Successfully assigned ${ns}/${pod.metadata.name} to ${pod._node}`, 'default-scheduler', t);
      const fate = rand();
      if (fate < 0.04) {
        t += 2000;
        event(pod, 'FailedMount', 'MountVolume.SetUp failed for volume "config" : configmap "' + app + '-config" not found',
          'kubelet', t, 'Warning', 1 + Math.floor(rand() * 6));
        continue;
      }
      t += 300 + Math.floor(rand() * 3000);
      event(pod, 'Pulling', `Pulling image "${image}"`, 'kubelet', t);
      t += 500 + Math.floor(rand() * 8000);
      event(pod, 'Pulled', `Successfully pulled image "${image}" in ${(rand() * 8).toFixed(3)}s`, 'kubelet', t);
      const containers = 1 + Math.floor(rand() * 2);
      for (let c = 0; c < containers; c++) {
        const name = c ? 'sidecar' : app.split('-')[0];
        event(pod, 'Created', 'Created container ' + name, 'kubelet', t + 50 + c * 10);
        event(pod, 'Started', 'Started container ' + name, 'kubelet', t + 300 + c * 10);
      }
      if (fate > 0.92) {
        event(pod, 'BackOff', 'Back-off restarting failed container ' + app.split('-')[0] + ' in pod ' + pod.metadata.name,
          'kubelet', t + 5000, 'Warning', 2 + Math.floor(rand() * 40));
      }
    }
  }
  evs.length = Math.min(evs.length, events);
  for (const o of objects) delete o._node;
  return { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items: [...objects, ...evs] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const o = args(process.argv);
  const list = generate(o);
  // One item per line: what kubectl -o json writes is indented, this keeps the file compact.
  const text = '{"kind":"List","apiVersion":"v1","metadata":' + JSON.stringify(list.metadata) + ',"items":[\n' +
    list.items.map((i) => JSON.stringify(i)).join(',\n') + '\n]}\n';
  if (o.out) fs.writeFileSync(o.out, text);
  else process.stdout.write(text);
}
