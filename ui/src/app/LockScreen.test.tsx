import '../testing/jsdom';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBackend, resetBackend } from '../lib/ipc/testing';
import { LocaleProvider } from '../locales/i18n';
import { LockScreen } from './LockScreen';
import { useIdleLock } from './useIdleLock';

afterEach(() => {
  cleanup();
  resetBackend();
  vi.useRealTimers();
});

/** A page with a text box under the lock, locking after `minutes` idle as the shell does. */
function Page({ minutes }: { minutes: number }) {
  const [locked, setLocked] = useState(false);
  useIdleLock(minutes, !locked, () => setLocked(true));
  return (
    <LocaleProvider locale="zh-CN">
      <AntApp>
        <textarea data-testid="draft" defaultValue="" />
        {locked && <LockScreen name="张主管" onUnlocked={() => setLocked(false)} />}
      </AntApp>
    </LocaleProvider>
  );
}

describe('idle lock', () => {
  it('locks after the idle minutes, not before, and activity starts the wait again', () => {
    vi.useFakeTimers();
    render(<Page minutes={10} />);
    act(() => vi.advanceTimersByTime(9 * 60_000));
    expect(screen.queryByTestId('lock-screen'), 'nine quiet minutes: still open').toBeNull();
    act(() => {
      fireEvent.keyDown(window, { key: 'a' });
    });
    act(() => vi.advanceTimersByTime(9 * 60_000));
    expect(screen.queryByTestId('lock-screen'), 'a key press started the ten minutes again').toBeNull();
    act(() => vi.advanceTimersByTime(60_000 + 10));
    expect(screen.getByTestId('lock-screen').textContent).toContain('张主管，请输入密码解锁');
  });

  it('never locks when the setting is 0', () => {
    vi.useFakeTimers();
    render(<Page minutes={0} />);
    act(() => vi.advanceTimersByTime(24 * 60 * 60_000));
    expect(screen.queryByTestId('lock-screen')).toBeNull();
  });

  it('keeps what was typed underneath and unlocks only with the right password', async () => {
    const tried: unknown[] = [];
    fakeBackend({
      unlock: (args) => {
        tried.push(args);
        if (args.password !== 'pass-1234') throw { code: 'invalid', message: '密码错误', field: 'password' };
        return { locked: false };
      },
    });
    vi.useFakeTimers();
    render(<Page minutes={1} />);
    fireEvent.change(screen.getByTestId('draft'), { target: { value: '客户说电梯又坏了' } });
    act(() => vi.advanceTimersByTime(60_000 + 10));
    vi.useRealTimers();
    expect(screen.getByTestId('lock-screen')).toBeTruthy();
    expect((screen.getByTestId('draft') as HTMLTextAreaElement).value, 'the page stays mounted under the lock').toBe('客户说电梯又坏了');

    fireEvent.change(screen.getByTestId('unlock-password'), { target: { value: 'wrong-one' } });
    fireEvent.click(screen.getByTestId('unlock-submit'));
    expect((await screen.findByTestId('unlock-error')).textContent).toContain('密码错误');
    expect(screen.getByTestId('lock-screen'), 'still locked').toBeTruthy();

    fireEvent.change(screen.getByTestId('unlock-password'), { target: { value: 'pass-1234' } });
    fireEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => expect(screen.queryByTestId('lock-screen')).toBeNull());
    expect((screen.getByTestId('draft') as HTMLTextAreaElement).value, 'the draft is still there').toBe('客户说电梯又坏了');
    expect(tried).toEqual([{ password: 'wrong-one' }, { password: 'pass-1234' }]);
  });
});
