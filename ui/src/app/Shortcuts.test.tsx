import '../testing/jsdom';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEARCH_BOX_ID } from '../lib/shortcuts';
import { LocaleProvider } from '../locales/i18n';
import { Shortcuts } from './Shortcuts';

beforeEach(() => {
  window.location.hash = '#/work';
});
afterEach(cleanup);

function renderDesk(page: ReactNode, { enabled = true, canRegister = true } = {}) {
  const ui = (on: boolean) => (
    <LocaleProvider locale="zh-CN">
      <AntApp>
        <div data-testid="app-content">{page}</div>
        <Shortcuts enabled={on} canRegister={canRegister} />
      </AntApp>
    </LocaleProvider>
  );
  const view = render(ui(enabled));
  return { ...view, setEnabled: (on: boolean) => view.rerender(ui(on)) };
}

/** A page form that counts its saves, with a one-line field and a text area. */
function SavingForm({ saved }: { saved: () => void }) {
  return (
    <form
      data-testid="page-form"
      onSubmit={(e) => {
        e.preventDefault();
        saved();
      }}
    >
      <input data-testid="line" />
      <textarea data-testid="text" />
    </form>
  );
}

describe('<Shortcuts>', () => {
  it('saves with Ctrl+S what Enter would save, from a text area too, and keeps the browser’s own Ctrl+S away', () => {
    const saved = vi.fn();
    renderDesk(<SavingForm saved={saved} />);
    const text = screen.getByTestId('text');
    text.focus();
    const notCancelled = fireEvent.keyDown(text, { key: 's', code: 'KeyS', ctrlKey: true });
    expect(saved, 'the form the focus is in was saved').toHaveBeenCalledTimes(1);
    expect(notCancelled, 'the browser does not get the key').toBe(false);
    // With the focus nowhere, the page's one form.
    text.blur();
    fireEvent.keyDown(document.body, { key: 's', code: 'KeyS', ctrlKey: true });
    expect(saved).toHaveBeenCalledTimes(2);
  });

  it('goes to the search box with Ctrl+F, and to the case list’s box from another page', () => {
    const { rerender } = renderDesk(<input data-testid="other" />);
    fireEvent.keyDown(screen.getByTestId('other'), { key: 'f', code: 'KeyF', ctrlKey: true });
    expect(window.location.hash, 'no box here: to the case list').toBe('#/cases');
    // The list draws its box: the focus lands there.
    rerender(
      <LocaleProvider locale="zh-CN">
        <AntApp>
          <div data-testid="app-content">
            <input id={SEARCH_BOX_ID} data-testid="search" />
          </div>
          <Shortcuts enabled canRegister />
        </AntApp>
      </LocaleProvider>,
    );
    expect(document.activeElement).toBe(screen.getByTestId('search'));
  });

  it('goes back with Alt+←', () => {
    const back = vi.spyOn(window.history, 'back').mockImplementation(() => {});
    renderDesk(<div />);
    fireEvent.keyDown(document.body, { key: 'ArrowLeft', altKey: true });
    expect(back).toHaveBeenCalledTimes(1);
  });

  it('lists the keys on F1', async () => {
    renderDesk(<div />);
    fireEvent.keyDown(document.body, { key: 'F1' });
    const list = await screen.findByTestId('shortcuts-dialog');
    expect(list.textContent).toContain('Ctrl+S保存');
    expect(list.textContent).toContain('Ctrl+F到案件搜索框');
    expect(list.textContent).toContain('Alt+←返回上一页');
    expect(list.textContent).toContain('Alt+N登记投诉');
    expect(list.textContent).toContain('Alt+1/2/3登记页：选用第 1/2/3 条分类建议');
  });

  it('opens a new complaint with Alt+N only for those who may register one', () => {
    const { unmount } = renderDesk(<div />, { canRegister: false });
    fireEvent.keyDown(document.body, { key: 'n', code: 'KeyN', altKey: true });
    expect(window.location.hash).toBe('#/work');
    unmount();
    renderDesk(<div />);
    fireEvent.keyDown(document.body, { key: 'n', code: 'KeyN', altKey: true });
    expect(window.location.hash).toBe('#/intake');
  });

  it('answers no key while the window is locked', () => {
    const saved = vi.fn();
    const back = vi.spyOn(window.history, 'back').mockImplementation(() => {});
    const { setEnabled } = renderDesk(<SavingForm saved={saved} />, { enabled: false });
    for (const key of [
      { key: 's', code: 'KeyS', ctrlKey: true },
      { key: 'f', code: 'KeyF', ctrlKey: true },
      { key: 'ArrowLeft', altKey: true },
      { key: 'n', code: 'KeyN', altKey: true },
      { key: 'F1' },
    ]) {
      fireEvent.keyDown(document.body, key);
    }
    expect(saved, 'nothing saved').not.toHaveBeenCalled();
    expect(back, 'not gone back').not.toHaveBeenCalled();
    expect(window.location.hash, 'not gone anywhere').toBe('#/work');
    expect(screen.queryByTestId('shortcuts-dialog'), 'no list').toBeNull();
    act(() => setEnabled(true));
    fireEvent.keyDown(document.body, { key: 's', code: 'KeyS', ctrlKey: true });
    expect(saved, 'unlocked: the keys work again').toHaveBeenCalledTimes(1);
  });
});
