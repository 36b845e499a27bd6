/// <reference types="node" />
import '../testing/jsdom';
import { readFileSync } from 'node:fs';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetDeskClock } from '../lib/clock';
import { DEFAULT_DESK_ZONE, setDeskTimeZone } from '../lib/format';
import { fakeBackend, resetBackend } from '../lib/ipc/testing';
import { catalog, users } from '../testing/fixtures';
import App from './App';

beforeEach(() => {
  window.location.hash = '#/cases';
  window.localStorage.clear();
});
afterEach(() => {
  cleanup();
  resetBackend();
  resetDeskClock();
  setDeskTimeZone(DEFAULT_DESK_ZONE);
});

/** A window `width` px wide, as far as CSS media queries go. */
function windowWidth(width: number) {
  vi.spyOn(window, 'matchMedia').mockImplementation((query: string) => {
    const max = /max-width:\s*([\d.]+)px/.exec(query);
    const min = /min-width:\s*([\d.]+)px/.exec(query);
    const matches = (!max || width <= Number(max[1])) && (!min || width >= Number(min[1]));
    return {
      matches,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    } as MediaQueryList;
  });
}

function openDesk() {
  fakeBackend({
    get_app_state: () => ({
      setup_done: true,
      profile: 'property',
      org_name: catalog.org_name,
      current_user: users[0]!,
      signed_in: true,
      locked: false,
      idle_lock_minutes: 10,
      needs_first_password: false,
      permissions: { register_cases: true, manage_users: true, batch_steps: [], export_cases: true },
      signin_alerts: [],
    }),
    get_catalog: () => catalog,
    get_backup_status: () => ({ last_failure: null, leftovers: [] }),
    list_cases: () => ({ rows: [], total: 0, page: 1, page_size: 20 }),
  });
  render(<App />);
}

describe('the shell at an office laptop’s width', { timeout: 30_000 }, () => {
  it('folds the menu to its icons below 1200 px, leaving the lists the room', async () => {
    windowWidth(1024);
    openDesk();
    const menu = (await screen.findByTestId('nav-cases')).closest('.ant-layout-sider');
    expect(menu?.className, 'at 1024 the menu is folded').toContain('ant-layout-sider-collapsed');
  });

  it('keeps the menu open at 1366', async () => {
    windowWidth(1366);
    openDesk();
    const menu = (await screen.findByTestId('nav-cases')).closest('.ant-layout-sider');
    expect(menu?.className).not.toContain('ant-layout-sider-collapsed');
  });

  it('lets a page use a 1920 screen’s width rather than stop at a fixed one', async () => {
    windowWidth(1920);
    const style = document.createElement('style');
    style.textContent = readFileSync(`${import.meta.dirname}/global.css`, 'utf8');
    document.head.appendChild(style);
    try {
      openDesk();
      const page = await screen.findByTestId('case-list-page');
      expect(['', 'none'], 'no max-width on a page').toContain(getComputedStyle(page).maxWidth);
    } finally {
      style.remove();
    }
  });
});
