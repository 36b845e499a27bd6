import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionInfo } from '../../lib/ipc/bindings/ActionInfo';
import { ActionButtons } from './ActionButtons';

afterEach(cleanup);

const step = (action: string, label: string): ActionInfo => ({ action, label, label_en: action, to: 'x', fields: [] });
const accept = step('accept', '受理');
const decline = step('decline', '不予受理');
const withdraw = step('withdraw', '撤诉');

function renderButtons(actions: ActionInfo[], onPick: (a: ActionInfo) => void = () => {}) {
  return renderWithDesk(
    <div data-testid="case-actions">
      <ActionButtons actions={actions} onPick={onPick} />
    </div>,
  );
}

describe('<ActionButtons>', () => {
  it('marks 不予受理 and 撤诉 as dangerous and never as the main step', () => {
    renderButtons([decline, accept, withdraw]);
    for (const id of ['action-decline', 'action-withdraw']) {
      const button = screen.getByTestId(id);
      expect(button.className, `${id} is red`).toContain('ant-btn-dangerous');
      expect(button.className, `${id} is not the primary button`).not.toContain('ant-btn-primary');
    }
    expect(screen.getByTestId('action-accept').className, '受理 is the main step').toContain('ant-btn-primary');
  });

  it('puts the keyboard on the first ordinary step when the case opens, so Enter takes it', () => {
    const picked: string[] = [];
    renderButtons([decline, accept], (a) => picked.push(a.action));
    expect(document.activeElement, 'the focus is on 受理, not on 不予受理').toBe(screen.getByTestId('action-accept'));
    fireEvent.click(document.activeElement!);
    expect(picked).toEqual(['accept']);
  });

  it('leaves the focus where the user is typing when the steps on offer change', () => {
    let offer: (actions: ActionInfo[]) => void = () => {};
    function Page() {
      const [actions, setActions] = useState([accept]);
      offer = setActions;
      return (
        <>
          <input data-testid="note" />
          <div data-testid="case-actions">
            <ActionButtons actions={actions} onPick={() => {}} />
          </div>
        </>
      );
    }
    renderWithDesk(<Page />);
    const note = screen.getByTestId('note');
    note.focus();
    act(() => offer([step('assign', '分派')]));
    expect(document.activeElement, 'still in the note').toBe(note);
  });

  it('moves the focus to the next step once a step is done and the dialog gone', () => {
    let offer: (actions: ActionInfo[]) => void = () => {};
    function Page() {
      const [actions, setActions] = useState([accept]);
      offer = setActions;
      return (
        <div data-testid="case-actions">
          <ActionButtons actions={actions} onPick={() => {}} />
        </div>
      );
    }
    renderWithDesk(<Page />);
    (document.activeElement as HTMLElement).blur();
    act(() => offer([step('assign', '分派'), withdraw]));
    expect(document.activeElement).toBe(screen.getByTestId('action-assign'));
  });
});
