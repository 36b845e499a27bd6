import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { deskClockReadings, deskNow, subscribeDeskClock } from './clock';
import { toDay, toDeskWall } from './format';

/**
 * The desk's current time in milliseconds (`deskNow()`), updated every `everyMs` (a minute by
 * default) while mounted and at once whenever the shell's clock moves.
 */
export function useNow(everyMs = 60_000): number {
  const readings = useSyncExternalStore(subscribeDeskClock, deskClockReadings);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  // Read again when the clock is set or the timer ticks; between those the value holds still.
  return useMemo(() => deskNow(), [readings, tick]);
}

function subscribeDay(listener: () => void): () => void {
  const stop = subscribeDeskClock(listener);
  const timer = window.setInterval(listener, 60_000);
  return () => {
    stop();
    window.clearInterval(timer);
  };
}

const deskDay = () => toDay(toDeskWall(deskNow()));

/**
 * The desk's calendar day, `YYYY-MM-DD` in the desk's zone. Re-renders only when it changes: when
 * the day turns (checked every minute) or the shell's clock moves to another day.
 */
export function useToday(): string {
  return useSyncExternalStore(subscribeDay, deskDay);
}
