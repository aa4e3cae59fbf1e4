// Light and dark themes: follows the system until the user picks one, then remembers it.

const KEY = 'kspan.theme';

export function initTheme(button) {
  const stored = safeGet();
  const system = window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  apply(stored === 'dark' || stored === 'light' ? stored : system, button);
  button.addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    apply(next, button);
    try { localStorage.setItem(KEY, next); } catch { /* private mode */ }
    window.dispatchEvent(new CustomEvent('kspan-theme'));
  });
}

function apply(theme, button) {
  document.documentElement.dataset.theme = theme;
  button.setAttribute('aria-pressed', String(theme === 'dark'));
  button.title = theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme';
}

function safeGet() {
  try { return localStorage.getItem(KEY); } catch { return null; }
}
