import '../testing/jsdom';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { resetDeskClock, setDeskClock } from '../lib/clock';
import { DEFAULT_DESK_ZONE, setDeskTimeZone } from '../lib/format';
import { LocaleProvider } from '../locales/i18n';
import { heldClock } from '../testing/fixtures';
import { machineZone } from '../testing/machineZone';
import { DeskDatePicker, DeskRangePicker } from './DeskDatePicker';

afterEach(() => {
  cleanup();
  resetDeskClock();
  setDeskTimeZone(DEFAULT_DESK_ZONE);
});

/** The day the open panel marks as today. */
const markedToday = () => document.querySelector('.ant-picker-cell-today')?.getAttribute('title');

describe('the desk’s pickers', () => {
  // The machine is in New York, where the shell's 2031-12-31T17:00Z is still noon of the 31st;
  // in Shanghai, the desk's zone, it is 01:00 on New Year's Day.
  machineZone('America/New_York');

  it('open on the desk’s month and mark the desk’s today, not the machine’s', () => {
    setDeskTimeZone('Asia/Shanghai');
    setDeskClock(heldClock('2031-12-31T17:00:00Z'));
    render(<DeskRangePicker open />);
    expect(markedToday(), 'the shell’s instant as Shanghai reads it').toBe('2032-01-01');
  });

  it('mark the desk’s today in the single picker as well', () => {
    setDeskTimeZone('Asia/Shanghai');
    setDeskClock(heldClock('2031-12-31T17:00:00Z'));
    render(
      <LocaleProvider locale="zh-CN">
        <DeskDatePicker open />
      </LocaleProvider>,
    );
    expect(markedToday()).toBe('2032-01-01');
  });
});
