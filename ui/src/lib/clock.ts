import type { Dayjs } from 'dayjs';
import { toDeskWall } from './format';
import type { ClockReading } from './ipc/bindings/ClockReading';
import { CLOCK_CHANGED, getClock } from './ipc/commands';
import { useDeskEvent } from './ipc/events';

/**
 * The desk's "now" is the shell's. The window reads the shell's clock at start and again whenever
 * the shell says it moved (`clock-changed`, only in the window tests' build): while a test holds
 * the clock the window's time stands still at the shell's instant; otherwise it runs with the
 * machine's clock, set off by whatever difference there was when the reading arrived (about 0).
 */
type Source = { fixed: true; at: number } | { fixed: false; offset: number };

let source: Source = { fixed: false, offset: 0 };
/** Counts the readings taken, so an answer overtaken by a newer reading is dropped. */
let readings = 0;
const listeners = new Set<() => void>();

/** The desk's current time in milliseconds: the shell's clock. */
export function deskNow(): number {
  return source.fixed ? source.at : Date.now() + source.offset;
}

/** The desk's calendar day as a local dayjs at its start, its fields the day in the desk's zone. */
export function deskToday(): Dayjs {
  return toDeskWall(deskNow()).startOf('day');
}

/**
 * Takes a reading of the shell's clock (`received` is when it arrived, on the machine's clock) and
 * tells every subscriber. A reading whose `now` is not a time is ignored.
 */
export function setDeskClock(reading: ClockReading, received: number = Date.now()): void {
  const at = Date.parse(reading.now);
  if (Number.isNaN(at)) return;
  source = reading.fixed ? { fixed: true, at } : { fixed: false, offset: at - received };
  readings += 1;
  for (const listener of [...listeners]) listener();
}

/** Back to the machine's clock, as before any reading (for tests). */
export function resetDeskClock(): void {
  setDeskClock({ now: new Date(0).toISOString(), fixed: false }, 0);
}

/** How many readings the desk's clock has taken: changes exactly when the clock is set. */
export function deskClockReadings(): number {
  return readings;
}

/** Calls `listener` whenever the desk's clock is set; returns the unsubscribe. */
export function subscribeDeskClock(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Reads the shell's clock. Never rejects: if the shell cannot say, the desk keeps the clock it
 * has (the machine's at first), which is right outside the window tests anyway.
 */
export async function readShellClock(): Promise<void> {
  const asked = readings;
  try {
    const reading = await getClock();
    // A `clock-changed` that arrived meanwhile is newer than this answer.
    if (readings === asked) setDeskClock(reading);
  } catch (error) {
    console.warn('reading the shell clock failed; the machine clock stands in', error);
  }
}

/** Follows the shell's clock for the component's lifetime: each `clock-changed` sets the desk's now. */
export function useShellClock(): void {
  useDeskEvent<ClockReading>(CLOCK_CHANGED, (reading) => setDeskClock(reading));
}
