import { render } from '@testing-library/react';
import { App } from 'antd';
import type { ReactElement } from 'react';
import { DeskContext } from '../lib/desk/DeskContext';
import { setDeskTimeZone } from '../lib/format';
import type { Catalog } from '../lib/ipc/bindings/Catalog';
import type { Profile } from '../lib/ipc/bindings/Profile';
import type { SigninAlert } from '../lib/ipc/bindings/SigninAlert';
import type { User } from '../lib/ipc/bindings/User';
import { LocaleProvider } from '../locales/i18n';
import { catalog as defaultCatalog, users } from './fixtures';

/** Renders a screen inside what the desk shell gives it: the locale, antd's App, the desk and its zone. */
export function renderWithDesk(
  ui: ReactElement,
  {
    profile = 'property',
    user = users[0]!,
    registerCases = true,
    manageUsers = true,
    // What the default user (admin, clerk and supervisor) may do with ticked rows.
    batchSteps = ['accept', 'assign'],
    exportCases = true,
    catalog = defaultCatalog,
    signinAlerts = [],
  }: {
    profile?: Profile;
    user?: User;
    registerCases?: boolean;
    manageUsers?: boolean;
    batchSteps?: string[];
    exportCases?: boolean;
    catalog?: Catalog;
    signinAlerts?: SigninAlert[];
  } = {},
) {
  // As the app does when the catalog loads: times show in the desk's zone.
  setDeskTimeZone(catalog.desk_zone);
  const desk = {
    state: {
      setup_done: true,
      profile,
      org_name: 'x',
      current_user: user,
      signed_in: true,
      locked: false,
      idle_lock_minutes: 10,
      needs_first_password: false,
      permissions: { register_cases: registerCases, manage_users: manageUsers, batch_steps: batchSteps, export_cases: exportCases },
      signin_alerts: signinAlerts,
    },
    catalog,
    locale: 'zh-CN' as const,
    reload: async () => {},
  };
  return render(
    <LocaleProvider locale="zh-CN">
      <App>
        <DeskContext.Provider value={desk}>{ui}</DeskContext.Provider>
      </App>
    </LocaleProvider>,
  );
}
