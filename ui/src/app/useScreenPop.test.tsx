import '../testing/jsdom';
import { act, cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCREEN_POP } from '../lib/ipc/commands';
import { emitBackendEvent, fakeBackend, resetBackend } from '../lib/ipc/testing';
import { useScreenPop } from './useScreenPop';

function Probe({ canRegister }: { canRegister: boolean }) {
  useScreenPop(canRegister);
  return null;
}

beforeEach(() => {
  window.location.hash = '#/work';
});
afterEach(() => {
  cleanup();
  resetBackend();
});

describe('useScreenPop', () => {
  it('opens the intake form with the number of the call the app was started for', async () => {
    fakeBackend({ take_screen_pop: () => ({ phone: '13800138000' }) });
    render(<Probe canRegister />);
    await waitFor(() => expect(window.location.hash).toBe('#/intake?phone=13800138000'));
  });

  it('opens it again for each later call', async () => {
    fakeBackend({ take_screen_pop: () => null });
    render(<Probe canRegister />);
    await act(() => emitBackendEvent(SCREEN_POP, { phone: '+8613900139000' }));
    await waitFor(() => expect(window.location.hash).toBe('#/intake?phone=%2B8613900139000'));
  });

  it('leaves a user who does not register complaints where they are', async () => {
    let asked = 0;
    fakeBackend({
      take_screen_pop: () => {
        asked += 1;
        return { phone: '13800138000' };
      },
    });
    render(<Probe canRegister={false} />);
    await act(() => emitBackendEvent(SCREEN_POP, { phone: '13800138000' }));
    expect(asked, 'the waiting link is kept for someone who may register').toBe(0);
    expect(window.location.hash).toBe('#/work');
  });
});
