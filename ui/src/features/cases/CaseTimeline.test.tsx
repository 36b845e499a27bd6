import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '../../lib/ipc/bindings/Event';
import { CaseTimeline } from './CaseTimeline';

afterEach(cleanup);

const correction: Event = {
  id: 9,
  case_id: 7,
  at: '2026-03-02T02:00:00Z',
  actor_id: 1,
  actor_name: '张主管',
  actor_role: 'clerk',
  kind: 'correction',
  action: null,
  from_status: null,
  to_status: null,
  before: { building: '3号楼', unit: null },
  after: { building: '5号楼', unit: '2单元' },
  note: '楼栋登记错误',
  internal: false,
};

describe('<CaseTimeline> corrections', () => {
  it('shows a correction with its reason and each field before → after, an empty one too', () => {
    renderWithDesk(<CaseTimeline events={[correction]} />);
    const entry = screen.getByTestId('timeline-event');
    expect(entry.dataset.eventKind).toBe('correction');
    expect(entry.textContent).toContain('更正信息');
    expect(entry.textContent).toContain('楼栋登记错误');
    const changes = [...entry.querySelectorAll('.desk-change')].map((c) => c.textContent);
    expect(changes).toEqual(['楼栋3号楼 → 5号楼', '单元/房号— → 2单元']);
  });
});
