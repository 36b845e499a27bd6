import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { RootCauseDrawer } from './RootCauseDrawer';

afterEach(() => {
  cleanup();
  resetBackend();
});

describe('<RootCauseDrawer>', () => {
  it('offers no item to open to a handler (the backend would refuse), only the cases', async () => {
    fakeBackend({ list_improvements: () => [] });
    renderWithDesk(
      <RootCauseDrawer
        cause={{ code: 'equipment', label: '设施设备', count: 4 }}
        filter={{ from: '2026-03-01', to: '2026-03-31' }}
        onDrill={() => {}}
        onClose={() => {}}
      />,
      { user: users[1]! },
    );
    expect(await screen.findByTestId('root-cause-no-items')).toBeTruthy();
    expect(screen.getByTestId('root-cause-cases')).toBeTruthy();
    expect(screen.queryByTestId('root-cause-open-improvement')).toBeNull();
  });
});
