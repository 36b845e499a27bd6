import { renderWithDesk } from '../testing/renderWithDesk';
import '../testing/jsdom';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { resetBackend } from '../lib/ipc/testing';
import { CallStateTag } from './CampaignTags';

afterEach(() => {
  cleanup();
  resetBackend();
});

describe('a campaign call’s state', () => {
  it('says 未拨打 for a call never made and 未接通 for one tried without an answer before the campaign closed', () => {
    renderWithDesk(
      <>
        <CallStateTag state="dropped" attempts={0} />
        <CallStateTag state="dropped" attempts={2} />
        <CallStateTag state="unreachable" attempts={3} />
      </>,
    );
    expect(screen.getAllByTestId('campaign-call-state').map((t) => t.textContent)).toEqual(['未拨打', '未接通', '联系不上']);
  });
});
