/**
 * What the desk's keys (app/Shortcuts) and the screens agree on.
 */

/** The id of the case search box, which Ctrl+F goes to from anywhere. */
export const SEARCH_BOX_ID = 'desk-search';

/** Ctrl+Enter (⌘+Enter on a Mac): 保存并打印回执 on the intake form, 保存 in a text area elsewhere. */
export function isCtrlEnter(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey;
}

/**
 * Alt+1 … Alt+9 (the digit row or the keypad): the digit, else 0. By `code` as well as `key`,
 * because on a Mac ⌥1 types a symbol (`¡`) instead of the digit.
 */
export function altDigit(e: { key: string; code: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): number {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return 0;
  const found = /^(?:Digit|Numpad)([1-9])$/.exec(e.code) ?? /^([1-9])$/.exec(e.key);
  return found ? Number(found[1]) : 0;
}
