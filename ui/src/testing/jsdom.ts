import { configure } from '@testing-library/react';

/**
 * What Ant Design needs from a browser that jsdom lacks. Component tests import this first.
 */
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
}

// findBy… and waitFor give up after this long. CI runs on a shared 2-core machine, where a first
// render of an Ant Design page can take well over the library's 1 s default.
configure({ asyncUtilTimeout: 5000 });

export {};
