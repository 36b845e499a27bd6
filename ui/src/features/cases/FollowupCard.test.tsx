import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { followupRecord as followup } from '../../testing/fixtures';
import { FollowupCard } from './FollowupCard';

afterEach(cleanup);


describe('<FollowupCard>', () => {
  it('lists the task with its state and every call with what it found', () => {
    renderWithDesk(<FollowupCard followup={followup} />);
    expect(screen.getByTestId('followup-task-1').textContent).toContain('第 1 次回访');
    expect(screen.getByTestId('followup-task-1').textContent).toContain('已重开');
    expect(screen.getByTestId('followup-task-1').textContent).toContain('已尝试 2 / 3 次');
    const missed = screen.getByTestId('followup-attempt-11').textContent;
    expect(missed).toContain('未联系上');
    expect(missed).toContain('待重拨');
    expect(missed).toContain('无人接听');
    const unhappy = screen.getByTestId('followup-attempt-12').textContent;
    for (const part of ['第 2 次', '不满意', '电话', '联系上', '2 分', '未解决', '6 分钟', '还在漏水', '建议：换个师傅', '回访员']) {
      expect(unhappy).toContain(part);
    }
  });
});
