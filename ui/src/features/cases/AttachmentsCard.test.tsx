import '../../testing/jsdom';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { LocaleProvider } from '../../locales/i18n';
import { AttachmentsCard } from './AttachmentsCard';

afterEach(() => {
  cleanup();
  resetBackend();
});

const photo = {
  id: 3,
  case_id: 7,
  sha256: 'ab'.repeat(32),
  name: '电梯现场.png',
  size: 153600,
  added_by: 2,
  added_by_name: '李工',
  added_at: '2026-03-02T02:00:00Z',
};

function detail(part: Partial<CaseDetail>): CaseDetail {
  return { case: { id: 7 }, attachments: [], can_attach: true, ...part } as unknown as CaseDetail;
}

function renderCard(d: CaseDetail) {
  return render(
    <LocaleProvider locale="zh-CN">
      <App>
        <AttachmentsCard detail={d} onChanged={() => {}} />
      </App>
    </LocaleProvider>,
  );
}

describe('<AttachmentsCard>', () => {
  it('lists each file with its size and who added it', () => {
    renderCard(detail({ attachments: [photo] }));
    const rows = screen.getAllByTestId('attachment-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('电梯现场.png');
    expect(rows[0]!.textContent).toContain('150 KB');
    expect(rows[0]!.textContent).toContain('李工');
  });

  it('offers the file input only to users who may attach', () => {
    renderCard(detail({ can_attach: false }));
    expect(screen.queryByTestId('attachment-input')).toBeNull();
    expect(screen.getByText('暂无附件')).toBeTruthy();
    cleanup();
    renderCard(detail({ can_attach: true }));
    expect(screen.getByTestId('attachment-input').getAttribute('type')).toBe('file');
  });

  it('saves a file through the backend and says where it went; a cancelled dialog says nothing', async () => {
    const asked: unknown[] = [];
    let answer: string | null = '/home/li/电梯现场.png';
    fakeBackend({
      save_attachment: (args) => {
        asked.push(args);
        return answer;
      },
    });
    renderCard(detail({ attachments: [photo] }));
    fireEvent.click(screen.getByTestId('attachment-save'));
    expect(await screen.findByText('已保存到 /home/li/电梯现场.png')).toBeTruthy();
    expect(asked).toEqual([{ id: 3 }]);

    answer = null;
    fireEvent.click(screen.getByTestId('attachment-save'));
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(screen.queryAllByText(/已保存到/)).toHaveLength(1);
  });
});
