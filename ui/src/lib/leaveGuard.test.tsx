import '../testing/jsdom';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { navigate, useLeaveGuard, useRoute } from './router';

beforeEach(() => {
  window.location.hash = '#/intake';
});
afterEach(cleanup);

/** The shell's route, and a page that holds it while `dirty`; `answers` are the user's, in turn. */
function Window({ dirty, answers }: { dirty: boolean; answers: boolean[] }) {
  const route = useRoute();
  return (
    <>
      <span data-testid="route">{route.path.join('/')}</span>
      {route.path[0] === 'intake' && <Page dirty={dirty} answers={answers} />}
    </>
  );
}

let asked = 0;
function Page({ dirty, answers }: { dirty: boolean; answers: boolean[] }) {
  useLeaveGuard(
    () => dirty,
    () => {
      asked += 1;
      return Promise.resolve(answers.shift() ?? false);
    },
  );
  return null;
}

const shown = () => screen.getByTestId('route').textContent;

describe('leaving a guarded page', () => {
  beforeEach(() => {
    asked = 0;
  });

  it('puts back a link or Back that would leave it, and goes only when the user agrees', async () => {
    render(<Window dirty answers={[false, true]} />);
    // A link (or Back) changes the address first.
    act(() => {
      window.location.hash = '#/work';
    });
    await waitFor(() => expect(asked, 'the user was asked').toBe(1));
    await waitFor(() => expect(window.location.hash, 'the address is put back').toBe('#/intake'));
    expect(shown(), 'the page stays').toBe('intake');

    act(() => {
      window.location.hash = '#/work';
    });
    await waitFor(() => expect(shown(), 'agreed: gone').toBe('work'));
    expect(asked).toBe(2);
    expect(window.location.hash).toBe('#/work');
  });

  it('goes by navigate() only when the user agrees', async () => {
    render(<Window dirty answers={[false, true]} />);
    act(() => navigate(['cases']));
    await waitFor(() => expect(asked).toBe(1));
    expect(shown()).toBe('intake');
    act(() => navigate(['cases']));
    await waitFor(() => expect(shown()).toBe('cases'));
  });

  it('asks nothing while the page has nothing to lose', async () => {
    render(<Window dirty={false} answers={[]} />);
    act(() => navigate(['cases']));
    await waitFor(() => expect(shown()).toBe('cases'));
    expect(asked).toBe(0);
  });
});
