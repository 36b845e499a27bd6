/**
 * What the desk's keys (app/Shortcuts) and the screens agree on.
 */

/** The id of the case search box, which Ctrl+F goes to from anywhere. */
export const SEARCH_BOX_ID = 'desk-search';

/** Ctrl+Enter (⌘+Enter on a Mac): 保存并打印回执 on the intake form, 保存 in a text area elsewhere. */
export function isCtrlEnter(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey;
}
