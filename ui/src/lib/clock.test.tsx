import '../testing/jsdom';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { heldClock } from '../testing/fixtures';
import { deskNow, deskToday, readShellClock, resetDeskClock, setDeskClock, useShellClock } from './clock';
import { CLOCK_CHANGED } from './ipc/commands';
import { emitBackendEvent, fakeBackend, resetBackend } from './ipc/testing';
import { useNow, useToday } from './useNow';

afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
  vi.useRealTimers();
});

const at = (iso: string) => Date.parse(iso);

describe('deskNow()', () => {
  it('stands at the shell’s instant while a test holds the clock, whatever the machine’s clock says', () => {
    setDeskClock(heldClock('2026-12-31T15:50:00Z'));
    const machine = vi.spyOn(Date, 'now');
    machine.mockReturnValue(at('2030-01-01T00:00:00Z'));
    expect(deskNow()).toBe(at('2026-12-31T15:50:00Z'));
    machine.mockReturnValue(at('2031-06-01T08:00:00Z'));
    expect(deskNow()).toBe(at('2026-12-31T15:50:00Z'));
  });

  it('runs with the machine’s clock when the shell does not hold it, set off by the difference seen on arrival', () => {
    const machine = vi.spyOn(Date, 'now');
    machine.mockReturnValue(at('2026-05-01T00:00:00Z'));
    // The shell's clock was 5 s ahead of the machine's when its reading arrived.
    setDeskClock({ now: '2026-05-01T00:00:05Z', fixed: false });
    expect(deskNow()).toBe(at('2026-05-01T00:00:05Z'));
    machine.mockReturnValue(at('2026-05-01T00:01:00Z'));
    expect(deskNow()).toBe(at('2026-05-01T00:01:05Z'));
  });

  it('is the machine’s clock before any reading', () => {
    const machine = vi.spyOn(Date, 'now');
    machine.mockReturnValue(at('2026-05-01T09:30:00Z'));
    expect(deskNow()).toBe(at('2026-05-01T09:30:00Z'));
  });

  it('gives the desk’s today in the desk’s zone: 23:50 in Shanghai is still the 31st there', () => {
    setDeskClock(heldClock('2026-12-31T15:50:00Z'));
    expect(deskToday().format('YYYY-MM-DD HH:mm')).toBe('2026-12-31 00:00');
    setDeskClock(heldClock('2026-12-31T16:10:00Z'));
    expect(deskToday().format('YYYY-MM-DD')).toBe('2027-01-01');
  });
});

describe('readShellClock()', () => {
  it('takes the reading get_clock answers', async () => {
    fakeBackend({ get_clock: () => heldClock('2026-12-04T04:48:00Z') });
    await readShellClock();
    expect(deskNow()).toBe(at('2026-12-04T04:48:00Z'));
  });

  it('drops an answer overtaken by a newer reading that arrived while asking', async () => {
    let answer: ((reading: unknown) => void) | undefined;
    fakeBackend({ get_clock: () => new Promise((resolve) => (answer = resolve)) });
    const reading = readShellClock();
    await vi.waitFor(() => expect(answer, 'get_clock has been asked').toBeDefined());
    setDeskClock(heldClock('2026-12-05T00:00:00Z'));
    answer?.(heldClock('2026-12-04T00:00:00Z'));
    await reading;
    expect(deskNow()).toBe(at('2026-12-05T00:00:00Z'));
  });

  it('keeps the clock it has, without rejecting, when the shell cannot say', async () => {
    setDeskClock(heldClock('2026-12-04T04:48:00Z'));
    fakeBackend({
      get_clock: () => {
        throw { code: 'internal', message: 'no clock' };
      },
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(readShellClock()).resolves.toBeUndefined();
    expect(deskNow()).toBe(at('2026-12-04T04:48:00Z'));
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

function Now() {
  useShellClock();
  const now = useNow();
  const today = useToday();
  return (
    <>
      <span data-testid="now">{new Date(now).toISOString()}</span>
      <span data-testid="today">{today}</span>
    </>
  );
}

describe('useNow() and useToday()', () => {
  it('move at once when the shell sends clock-changed, to the instant it carries', async () => {
    fakeBackend({});
    setDeskClock(heldClock('2026-12-31T15:50:00Z'));
    render(<Now />);
    expect(screen.getByTestId('now').textContent).toBe('2026-12-31T15:50:00.000Z');
    expect(screen.getByTestId('today').textContent).toBe('2026-12-31');
    // The listener is in place once listen() resolves; until then an event would be missed.
    await vi.waitFor(async () => {
      await act(() => emitBackendEvent(CLOCK_CHANGED, heldClock('2027-01-01T01:00:00Z')));
      expect(screen.getByTestId('now').textContent).toBe('2027-01-01T01:00:00.000Z');
    });
    expect(screen.getByTestId('today').textContent).toBe('2027-01-01');
    expect(deskNow()).toBe(at('2027-01-01T01:00:00Z'));
  });

  it('reads the running clock again every minute', async () => {
    fakeBackend({});
    vi.useFakeTimers({ now: at('2026-05-01T00:00:00Z') });
    render(<Now />);
    expect(screen.getByTestId('now').textContent).toBe('2026-05-01T00:00:00.000Z');
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(screen.getByTestId('now').textContent).toBe('2026-05-01T00:01:00.000Z');
  });

  it('stay put while the clock is held, however long the machine waits', async () => {
    fakeBackend({});
    setDeskClock(heldClock('2026-12-31T15:50:00Z'));
    vi.useFakeTimers({ now: at('2030-01-01T00:00:00Z') });
    render(<Now />);
    await act(() => vi.advanceTimersByTimeAsync(5 * 60_000));
    expect(screen.getByTestId('now').textContent).toBe('2026-12-31T15:50:00.000Z');
  });
});
