import type { Desk } from './DeskContext';

/**
 * What the window remembers on this computer between sessions (drafts, column choices, saved
 * views, the last 项目): in localStorage, under a key naming the desk and, where it is a person's
 * own, the user. The window is not told the desk's data folder, so the desk is told apart by its
 * organisation: two desks of different organisations on one computer never share what is kept.
 * Nothing here is the desk's data; losing it loses only a convenience.
 */
export function rememberKey(desk: Pick<Desk, 'catalog' | 'state'>, what: string, perUser: boolean): string {
  const deskPart = encodeURIComponent(desk.catalog.org_name);
  const user = desk.state.current_user?.id;
  return perUser ? `complaintdesk.${what}.${deskPart}.u${user ?? 'none'}` : `complaintdesk.${what}.${deskPart}`;
}

/** The value kept under `key`, or `fallback` when there is none or it cannot be read. */
export function recall<T>(key: string, fallback: T, valid: (value: unknown) => value is T): T {
  try {
    const raw = window.localStorage.getItem(key);
    if (raw === null) return fallback;
    const value: unknown = JSON.parse(raw);
    return valid(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

/** Keeps `value` under `key`; `undefined` forgets it. A locked-down profile without storage keeps nothing. */
export function remember(key: string, value: unknown): void {
  try {
    if (value === undefined) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Full or forbidden storage: the convenience is lost, the work is not.
  }
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
