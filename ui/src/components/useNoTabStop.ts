import { useEffect, type RefObject } from 'react';

/**
 * Takes the elements matching `selector` inside `container` out of the Tab order, as they come
 * and go: antd's clear (×) buttons appear once a select or cascader has a value, so Tab would
 * stop at a different place depending on what was chosen. The mouse still reaches them.
 */
export function useNoTabStop(container: RefObject<HTMLElement | null>, selector: string): void {
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const apply = () => {
      for (const el of root.querySelectorAll<HTMLElement>(selector)) {
        if (el.tabIndex !== -1) el.tabIndex = -1;
      }
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [container, selector]);
}
