// The blog page's localStorage, namespaced per Parley site; quietly a no-op where storage is off.

export function store(site) {
  const key = (name) => `parley:${site}:${name}`;
  return {
    get(name, fallback) {
      try {
        return JSON.parse(localStorage.getItem(key(name))) ?? fallback;
      } catch {
        return fallback;
      }
    },
    set(name, value) {
      try {
        if (value == null) localStorage.removeItem(key(name));
        else localStorage.setItem(key(name), JSON.stringify(value));
      } catch {
        /* storage full or disabled: the widget still works for this page view */
      }
    },
  };
}
