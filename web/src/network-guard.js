// The dump never leaves the browser: in the worker (which a page's CSP meta tag does not
// cover) every way to open a connection is limited to the page's own origin.

export function guardNetwork(scope) {
  const origin = scope.location.origin;
  const sameOrigin = (url) => {
    try { return new URL(url, scope.location.href).origin === origin; } catch { return false; }
  };
  const realFetch = scope.fetch?.bind(scope);
  if (realFetch) {
    scope.fetch = (input, init) => {
      const url = typeof input === 'string' || input instanceof URL ? String(input) : input?.url;
      if (!sameOrigin(url)) return Promise.reject(new TypeError('kspan: no connection beyond this origin'));
      return realFetch(input, init);
    };
  }
  const XHR = scope.XMLHttpRequest;
  if (XHR) {
    const open = XHR.prototype.open;
    XHR.prototype.open = function (method, url, ...rest) {
      if (!sameOrigin(url)) throw new TypeError('kspan: no connection beyond this origin');
      return open.call(this, method, url, ...rest);
    };
  }
  for (const name of ['WebSocket', 'EventSource', 'WebTransport']) {
    if (name in scope) scope[name] = undefined;
  }
}
