import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SiteSettings } from '../../lib/ipc/bindings/SiteSettings';
import { fakeBackend, resetBackend } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { SitesPage } from './SitesPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

const settings: SiteSettings = {
  sites: ['翠湖花园', '金桂苑'],
  in_use: [
    { name: '翠湖花园', cases: 9, listed: true, variant_of: null },
    { name: '翠湖 花园', cases: 2, listed: false, variant_of: '翠湖花园' },
    { name: '银杏里', cases: 1, listed: false, variant_of: null },
  ],
};

describe('<SitesPage>', () => {
  it('is for administrators only', () => {
    renderWithDesk(<SitesPage />, { user: users[1]!, manageUsers: false });
    expect(screen.getByText('只有管理员可以维护项目列表')).toBeTruthy();
  });

  it('shows the list one name per line and the names in use: listed, a spelling variant, or one to add', async () => {
    let sent: unknown;
    fakeBackend({
      get_site_settings: () => settings,
      set_sites: (args) => {
        sent = args.sites;
        return { ...settings, sites: args.sites as string[] };
      },
    });
    renderWithDesk(<SitesPage />);
    const text = (await screen.findByTestId('sites-text')) as HTMLTextAreaElement;
    await waitFor(() => expect(text.value).toBe('翠湖花园\n金桂苑'));
    expect(within(screen.getByTestId('site-use-翠湖花园')).getByText('在列表中')).toBeTruthy();
    expect(within(screen.getByTestId('site-use-翠湖 花园')).getByTestId('site-variant').textContent).toBe('与“翠湖花园”写法不同');

    fireEvent.click(within(screen.getByTestId('site-use-银杏里')).getByTestId('site-add'));
    expect(text.value).toBe('翠湖花园\n金桂苑\n银杏里');
    fireEvent.click(screen.getByTestId('sites-save'));
    await waitFor(() => expect(sent).toEqual(['翠湖花园', '金桂苑', '银杏里']));
    expect(await screen.findByText('项目列表已保存')).toBeTruthy();
  });

  it('shows a refusal under the list and keeps what was typed', async () => {
    fakeBackend({
      get_site_settings: () => settings,
      set_sites: () => {
        throw { code: 'invalid', field: 'sites', rule: 'sites.repeated', message: '“翠湖 花园”与前面的“翠湖花园”重复' };
      },
    });
    renderWithDesk(<SitesPage />);
    const text = (await screen.findByTestId('sites-text')) as HTMLTextAreaElement;
    await waitFor(() => expect(text.value).toBe('翠湖花园\n金桂苑'));
    fireEvent.change(text, { target: { value: '翠湖花园\n翠湖 花园' } });
    fireEvent.click(screen.getByTestId('sites-save'));
    expect(await screen.findByText('“翠湖 花园”与前面的“翠湖花园”重复')).toBeTruthy();
    expect(text.value).toBe('翠湖花园\n翠湖 花园');
  });
});
