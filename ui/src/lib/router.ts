import { useEffect, useState } from 'react';

/** Where the window is: a path under `#/` and its search parameters. */
export interface Route {
  /** Path segments, e.g. `['cases', '12']` for `#/cases/12`. */
  path: string[];
  /** The part after `?`, without it. */
  search: string;
}

/** Reads a location hash such as `#/cases?status=closed`. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const at = raw.indexOf('?');
  const pathPart = at >= 0 ? raw.slice(0, at) : raw;
  const search = at >= 0 ? raw.slice(at + 1) : '';
  const path = pathPart
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path, search };
}

/** The hash for a path and optional search: `routeHash(['cases', 12], 'page=2')` → `#/cases/12?page=2`. */
export function routeHash(path: (string | number)[], search = ''): string {
  const p = path.map((s) => encodeURIComponent(String(s))).join('/');
  return `#/${p}${search ? `?${search}` : ''}`;
}

/** Goes to a route; `replace` changes the current history entry instead of adding one. */
export function navigate(path: (string | number)[], search = '', replace = false): void {
  const hash = routeHash(path, search);
  if (window.location.hash === hash) return;
  if (replace) {
    window.history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

/** The current route, updated on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
