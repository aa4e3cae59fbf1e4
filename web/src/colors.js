// One colour per service, chosen by the service's name: the same in the list, the trace view,
// the minimap and the details, and the same from one load (or report) to the next. Red is kept
// for warnings, so no service gets it.

// The components that write most Kubernetes events have a colour of their own.
const KNOWN = new Map([
  ['kubelet', '#4e79a7'],
  ['default-scheduler', '#f28e2b'],
  ['replicaset-controller', '#59a14f'],
  ['deployment-controller', '#b07aa1'],
  ['kspan', '#76b7b2'],
  ['kubectl-client-side-apply', '#9c755f'],
  ['statefulset-controller', '#edc948'],
  ['daemonset-controller', '#ff9da7'],
  ['job-controller', '#8cd17d'],
  ['cronjob-controller', '#499894'],
  ['horizontal-pod-autoscaler', '#d4a6c8'],
  ['node-controller', '#86bcb6'],
  ['endpoint-controller', '#a0cbe8'],
  ['persistentvolume-controller', '#ffbe7d'],
  ['attachdetach-controller', '#bab0ac'],
  ['kube-controller-manager', '#d7b5a6'],
]);

/** FNV-1a: a small, stable hash of a name. */
function hash(name) {
  let x = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) x = Math.imul(x ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return x;
}

const cache = new Map();

/** The colour of the service with this name. */
export function serviceColor(name) {
  const known = KNOWN.get(name) ?? cache.get(name);
  if (known) return known;
  if (cache.size > 10_000) cache.clear();
  const c = hashedColor(name);
  cache.set(name, c);
  return c;
}

function hashedColor(name) {
  // Others: a hue from the name, skipping the reds (330..20 degrees), two lightness steps.
  const x = hash(String(name));
  const hue = 25 + (x % 300);
  const light = (x >>> 16) & 1 ? 48 : 60;
  return `hsl(${hue} 55% ${light}%)`;
}

