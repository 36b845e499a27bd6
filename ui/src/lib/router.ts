import { useEffect, useRef, useState } from 'react';

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

/** A page that is not to be left without asking (a filled form): whether to ask now, and the asking. */
interface LeaveGuard {
  dirty: () => boolean;
  ask: () => Promise<boolean>;
}

let guard: LeaveGuard | null = null;
let asking = false;
/** A hash the user agreed to leave for: its hashchange goes through. */
let passing: string | null = null;

/**
 * While the page is mounted, leaving it (the menu, a link, Back, Alt+N) first asks `ask` when
 * `dirty()` says there is something to lose; `ask` resolves to whether to leave. One page at a
 * time holds the guard.
 */
export function useLeaveGuard(dirty: () => boolean, ask: () => Promise<boolean>): void {
  const latest = useRef({ dirty, ask });
  useEffect(() => {
    latest.current = { dirty, ask };
  });
  useEffect(() => {
    const mine: LeaveGuard = { dirty: () => latest.current.dirty(), ask: () => latest.current.ask() };
    guard = mine;
    return () => {
      if (guard === mine) guard = null;
    };
  }, []);
}

/** Whether to leave: at once when nothing holds the page, else what the user answers (one question at a time). */
async function mayLeave(): Promise<boolean> {
  if (!guard || !guard.dirty()) return true;
  if (asking) return false;
  asking = true;
  try {
    return await guard.ask();
  } finally {
    asking = false;
  }
}

function go(hash: string, replace: boolean): void {
  passing = hash;
  if (replace) {
    window.history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

/** Goes to a route; `replace` changes the current history entry instead of adding one. */
export function navigate(path: (string | number)[], search = '', replace = false): void {
  const hash = routeHash(path, search);
  if (window.location.hash === hash) return;
  if (!guard?.dirty()) {
    go(hash, replace);
    return;
  }
  void mayLeave().then((ok) => {
    if (ok) go(hash, replace);
  });
}

/**
 * The current route, updated on every hash change. A change that would leave a guarded page
 * (a link, Back) is put back first, and goes ahead only when the user agrees.
 */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    let shown = window.location.hash;
    const onChange = () => {
      const target = window.location.hash;
      if (target === shown) return;
      if (passing === target || !guard?.dirty()) {
        passing = null;
        shown = target;
        setRoute(parseHash(target));
        return;
      }
      window.history.replaceState(null, '', shown || '#/');
      void mayLeave().then((ok) => {
        if (ok) go(target, false);
      });
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
