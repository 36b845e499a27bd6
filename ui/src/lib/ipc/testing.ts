// Test helpers: a fake backend for Vitest, so component tests never import @tauri-apps/* themselves.
import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';

/** A fake command: gets the call's arguments; returns (or resolves to) the result, or throws the error. */
export type FakeCommand = (args: Record<string, unknown>) => unknown;

/**
 * The shell's clock as the real backend answers `get_clock` outside the window tests: the
 * machine's time, not held. A test that needs a set time lists its own `get_clock`.
 */
export const machineClock: FakeCommand = () => ({ now: new Date().toISOString(), fixed: false });

/**
 * Answers `invoke` from `commands`, the way the real backend would: a thrown
 * `{ code, message }` becomes the rejection, and a command not listed is refused the way
 * Tauri refuses one ("Command x not found"), except `get_clock`, which every backend answers
 * (with `machineClock` unless listed), and `window_shown`. Events are delivered to `onEvent` listeners.
 * Call `resetBackend()` after each test.
 */
export function fakeBackend(commands: Record<string, FakeCommand>): void {
  const all: Record<string, FakeCommand> = { get_clock: machineClock, window_shown: () => null, ...commands };
  mockIPC(
    (command, args) => {
      const fake = all[command];
      if (!fake) throw `Command ${command} not found`;
      return fake((args ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
}

/** A backend that never answers: the screen stays as it is while loading. */
export function silentBackend(): void {
  mockIPC(() => new Promise<never>(() => undefined), { shouldMockEvents: true });
}

/** Sends an event as the backend does after a write (e.g. `cases-changed`). */
export async function emitBackendEvent(name: string, payload?: unknown): Promise<void> {
  await emit(name, payload);
}

export function resetBackend(): void {
  clearMocks();
}
