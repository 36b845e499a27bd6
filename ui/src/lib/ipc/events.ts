import { listen } from '@tauri-apps/api/event';
import { useEffect, useRef } from 'react';

/** Stops listening. Safe to call more than once. */
export type Unlisten = () => void;

/**
 * Listens to a backend event (Rust emits one after each write, e.g. `case_changed`) and hands
 * the payload to `handler`.
 */
export async function onEvent<T>(name: string, handler: (payload: T) => void): Promise<Unlisten> {
  const stop = await listen<T>(name, (event) => handler(event.payload));
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    stop();
  };
}

/**
 * `onEvent` for a component's lifetime. The handler may change between renders without
 * re-subscribing; unmounting before `listen` resolves still unsubscribes.
 */
export function useDeskEvent<T>(name: string, handler: (payload: T) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });

  useEffect(() => {
    let unlisten: Unlisten | undefined;
    let cancelled = false;
    onEvent<T>(name, (payload) => latest.current(payload))
      .then((stop) => {
        if (cancelled) stop();
        else unlisten = stop;
      })
      .catch((error: unknown) => console.error(`listening to ${name} failed`, error));
    return () => {
      cancelled = true;
      unlisten?.();
    };
  }, [name]);
}
