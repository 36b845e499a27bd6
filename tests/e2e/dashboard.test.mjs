// The dashboard in the real window on a demo desk: the KPI cards show the figures the command
// line reports for the same period, a card opens the matching case list, the tables export to
// Excel and the month's report to PDF; screenshots at 1366×768.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { cli } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

test('the dashboard on demo data shows the figures the CLI reports, drills down and exports', async (t) => {
  const app = await openApp(t.name, {
    signIn: 'admin',
    prepare: (dataDir) => {
      cli(dataDir, ['demo', '--profile', 'property', '--cases', '600', '--months', '4']);
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  await app.waitForTestId('work-page');
  await browser.setWindowSize(1366, 768);

  await ui.click('nav-dashboard');
  await app.waitForTestId('dashboard-page');
  await ui.click('dashboard-preset-last30');
  // The period the page shows is in its address: ask the command line about the same one.
  await browser.waitUntil(async () => (await browser.getUrl()).includes('from='), { timeout: WAIT_MS, timeoutMsg: 'the period is in the address' });
  const search = new URL((await browser.getUrl()).replace('#/', '')).searchParams;
  const from = search.get('from');
  const to = search.get('to');
  assert.match(from ?? '', /^\d{4}-\d{2}-\d{2}$/, 'a from date');
  const report = cli(app.dataDir, ['kpi', '--from', from, '--to', to]);
  const received = String(report.current.received);
  assert.ok(report.current.received > 50, `the demo desk has complaints in the last 30 days (${received})`);
  await ui.waitText('kpi-received-value', received);
  assert.equal(await app.byTestId('kpi-received-value').getProperty('textContent'), received, 'the card shows the CLI’s figure');
  const rate = `${(report.current.resolution_rate * 100).toFixed(1)}%`;
  await ui.waitText('kpi-resolution_rate-value', rate);
  assert.equal(await app.byTestId('kpi-resolution_rate-value').getProperty('textContent'), rate, 'and its resolution rate');
  await ui.waitFor('[data-testid="chart-trend"] svg');
  await ui.shot('1366-dashboard-top');
  await ui.scrollToTop('chart-satisfaction');
  await ui.shot('1366-dashboard-charts');
  // The tables are near the end of the page: scroll as far as it goes.
  await browser.execute(() => document.querySelector('[data-testid="dashboard-handlers"]').scrollIntoView({ block: 'start' }));
  await ui.shot('1366-dashboard-tables');

  // Excel and the monthly report land in the test's folder (in place of the save dialog).
  await browser.execute(() => document.querySelector('.desk-content').scrollTo(0, 0));
  await ui.click('dashboard-export');
  await browser.waitUntil(() => fs.readdirSync(app.saveDir).some((f) => f.endsWith('.xlsx')), { timeout: WAIT_MS, timeoutMsg: 'the Excel file is saved' });
  await ui.click('dashboard-monthly-report');
  await browser.waitUntil(() => fs.readdirSync(app.saveDir).some((f) => f.endsWith('.pdf')), { timeout: WAIT_MS, timeoutMsg: 'the monthly report is saved' });
  const pdf = fs.readdirSync(app.saveDir).find((f) => f.endsWith('.pdf'));
  const text = execFileSync('pdftotext', [path.join(app.saveDir, pdf), '-'], { encoding: 'utf8' });
  assert.ok(text.includes('投诉处理月报') && text.includes('翠湖花园物业服务中心'), 'the monthly report is the desk’s');

  // The card opens the case list of the same complaints.
  await ui.click('kpi-received');
  await app.waitForTestId('case-list');
  await ui.waitText('case-list-total', received);
  await ui.shot('1366-drill-down');
});
