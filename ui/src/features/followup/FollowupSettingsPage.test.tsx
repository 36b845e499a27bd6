import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FollowupSettings } from '../../lib/ipc/bindings/FollowupSettings';
import type { ScriptInfo } from '../../lib/ipc/bindings/ScriptInfo';
import { fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { FollowupSettingsPage } from './FollowupSettingsPage';
import { parseDays } from './settingsInput';

afterEach(() => {
  cleanup();
  resetBackend();
});

const settings: FollowupSettings = { due_hours: 72, max_attempts: 3, retry_hours: 24, on_unsatisfied: 'reopen', complex_categories: ['repair'], complex_schedule_days: [7, 30] };
const scripts: ScriptInfo[] = [
  { category: '', text: '您好，{customer_name}', shipped: '您好，{customer_name}', changed: false },
  { category: 'repair', text: '关于维修：{subject}', shipped: '关于维修的回访', changed: true },
];

function renderPage(extra: Record<string, FakeCommand> = {}) {
  fakeBackend({
    get_followup_settings: () => settings,
    list_followup_scripts: () => scripts,
    list_script_placeholders: () => [{ name: 'customer_name', label: '客户姓名' }, { name: 'case_number', label: '案件编号' }],
    ...extra,
  });
  return renderWithDesk(<FollowupSettingsPage />);
}

describe('parseDays()', () => {
  it('reads days typed with commas, Chinese commas or spaces, and refuses what is not a whole number', () => {
    expect(parseDays('7, 30')).toEqual([7, 30]);
    expect(parseDays('7，30 90')).toEqual([7, 30, 90]);
    expect(parseDays('')).toEqual([]);
    expect(parseDays('7, 三十')).toBeNull();
    expect(parseDays('7.5')).toBeNull();
  });
});

describe('<FollowupSettingsPage>', () => {
  it('shows the settings and saves them with the days as numbers', async () => {
    let sent: unknown;
    renderPage({
      set_followup_settings: (args) => {
        sent = args;
        return (args as { settings: FollowupSettings }).settings;
      },
    });
    await waitFor(() => expect((screen.getByTestId('settings-due_hours') as HTMLInputElement).value).toBe('72'));
    expect((screen.getByTestId('settings-complex_schedule_days') as HTMLInputElement).value).toBe('7, 30');
    fireEvent.change(screen.getByTestId('settings-max_attempts'), { target: { value: '5' } });
    fireEvent.change(screen.getByTestId('settings-complex_schedule_days'), { target: { value: '7，30，90' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(sent).toBeDefined());
    expect(sent).toEqual({ settings: { ...settings, max_attempts: 5, complex_schedule_days: [7, 30, 90] } });
  });

  it('shows a refusal at the field it names', async () => {
    renderPage({
      set_followup_settings: () => {
        throw { code: 'invalid', message: '跟踪回访天数应为 1 到 365 之间、从小到大的不同天数', field: 'complex_schedule_days', rule: 'followup.complex_schedule_days.order' };
      },
    });
    await waitFor(() => expect((screen.getByTestId('settings-due_hours') as HTMLInputElement).value).toBe('72'));
    fireEvent.change(screen.getByTestId('settings-complex_schedule_days'), { target: { value: '30, 7' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    const error = await screen.findByText('应为 1 到 365 之间、从小到大的不同天数');
    expect(error.closest('.ant-form-item')?.querySelector('[data-testid="settings-complex_schedule_days"]')).toBeTruthy();
    expect((screen.getByTestId('settings-complex_schedule_days') as HTMLInputElement).value).toBe('30, 7');
  });

  it('edits a category’s script, inserts a placeholder, saves the text and restores the shipped one without text', async () => {
    const sent: unknown[] = [];
    renderPage({
      set_followup_script: (args) => {
        sent.push(args);
        return scripts;
      },
    });
    await waitFor(() => expect((screen.getByTestId('script-text') as HTMLTextAreaElement).value).toBe('您好，{customer_name}'));
    expect((screen.getByTestId('script-restore') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('script-category-repair'));
    const text = screen.getByTestId('script-text') as HTMLTextAreaElement;
    await waitFor(() => expect(text.value).toBe('关于维修：{subject}'));
    fireEvent.change(text, { target: { value: '关于维修：' } });
    text.setSelectionRange(5, 5);
    fireEvent.click(screen.getByTestId('script-placeholder-case_number'));
    await waitFor(() => expect(text.value).toBe('关于维修：{case_number}'));
    fireEvent.click(screen.getByTestId('script-save'));
    await waitFor(() => expect(sent).toHaveLength(1));
    fireEvent.click(screen.getByTestId('script-restore'));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent).toEqual([{ input: { category: 'repair', text: '关于维修：{case_number}' } }, { input: { category: 'repair' } }]);
  });
});
