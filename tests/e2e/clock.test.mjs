// The test clock: a clerk registers a complaint at a fixed instant on an insurance desk
// (nfra-2020: decide and notify within 15 natural days), then the test moves the app's time
// forward the way the days would pass. The deadline watcher's 75% and 90% warnings and then the
// breach appear in the window, the breach with its escalation, the window's alert and a desktop
// notification. The machine runs in New York's zone; the window still shows the desk's Shanghai
// times. What must show at each instant comes from the rule (`deadline compute`), not from the
// day the test runs on.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { SHIPPED_APP_BINARY, openApp } from './lib/app.mjs';
import { INSURANCE_ADMIN as ADMIN, cli, setUpInsuranceDesk } from './lib/cli.mjs';
import { startDesktop } from './lib/desktop.mjs';
import { HOUR_MS, deskDateTime, dueText, leftText } from './lib/time.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

/** Friday 4 December 2026, 10:48 in Shanghai: its 15th day is a Saturday, so the due date rolls to Monday. */
const RECEIVED = '2026-12-04T10:48:00+08:00';
const MACHINE_ZONE = 'America/New_York';
const COMPLAINT = {
  name: '赵敏',
  phone: '13700002222',
  subject: '车险续保保费计算有误',
  description: '客户称续保报价比去年高出三成，业务员未说明原因。',
};

test('moving the test clock shows the 75% and 90% warnings, then the breach with its escalation and a desktop notification', async (t) => {
  const base = process.env.E2E_TMP ?? os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  const desktop = await startDesktop(fs.mkdtempSync(path.join(base, 'desktop-')));
  t.after(() => desktop.stop());
  const app = await openApp(t.name, {
    clock: RECEIVED,
    signIn: ADMIN.login,
    env: { TZ: MACHINE_ZONE, ...desktop.env },
    prepare: (dataDir) => setUpInsuranceDesk(dataDir),
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  const machineZone = await browser.execute(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  assert.equal(machineZone, MACHINE_ZONE, 'the window runs in a zone other than the desk’s');

  // 1. Registered through the form at the test clock's instant: the form offers that time, in
  // the desk's zone, and the case keeps it.
  await app.waitForTestId('work-page');
  await ui.click('nav-intake');
  const picker = await app.waitForTestId('intake-received_at');
  const receivedField = (await picker.getTagName()) === 'input' ? picker : picker.$('input');
  assert.equal(await receivedField.getValue(), '2026-12-04 10:48', 'the form offers the test clock’s time as the desk reads it');
  await ui.typeComplaint(COMPLAINT);
  await ui.pickOption('intake-claim', '解释说明');
  await ui.pickCascader('intake-category', '理赔时效');
  await ui.pickOption('intake-business_line', '健康保险');
  await ui.click('intake-submit');
  await ui.waitText('case-status', '已登记');
  const number = (await app.byTestId('case-number').getProperty('textContent')).match(/TS-\d{4}-\d{6}/)?.[0];
  assert.ok(number, 'the case page shows the new case’s number');
  const [detail] = (await app.invoke('list_cases', { query: { text: number } })).rows;
  assert.ok(detail, `the new case ${number} is listed`);
  assert.equal(new Date(detail.received_at).getTime(), new Date(RECEIVED).getTime(), 'the case was received at the test clock’s instant');
  await ui.waitText('field-received_at', '2026-12-04 10:48');
  assert.equal(deskDateTime(RECEIVED), '2026-12-04 10:48', 'which is the Shanghai wall time of the instant');

  // The rule for that instant: when the lines are crossed and when it is due.
  const at = (instant) =>
    cli(app.dataDir, ['deadline', 'compute', '--pack', 'nfra-2020', '--received', RECEIVED, '--now', new Date(instant).toISOString()]).clocks.find(
      (c) => c.code === 'decision',
    );
  const fresh = at(RECEIVED);
  const start = new Date(fresh.start).getTime();
  const due = new Date(fresh.due).getTime();
  const share = (p) => new Date(start + Math.ceil(((due - start) * p) / 100 / 60_000) * 60_000);
  const warn75 = share(80);
  const warn90 = share(95);
  const breached = new Date(due + HOUR_MS);
  assert.equal(at(warn75).warning, 75, 'the rule says 80% of the time is past the 75% line');
  assert.equal(at(warn90).warning, 90, 'the rule says 95% of the time is past the 90% line');
  assert.equal(at(breached).state, 'breached', 'the rule says an hour after the due time is a breach');
  await ui.waitText('clock-state-decision', '计时中');
  await ui.waitText('clock-left-decision', leftText(fresh.time_left_ms));
  await ui.waitText('clock-due-decision', dueText(fresh.due));
  assert.equal(await app.byTestId('case-escalation').getProperty('textContent'), '未升级', 'a fresh case is not escalated');
  await ui.shot('received');

  const deadlineEvents = (action) => browser.$$(`[data-testid="timeline-event"][data-event-kind="deadline"][data-event-action="${action}"]`);
  const caseRowDueState = async () => {
    const page = await app.invoke('list_cases', { query: { text: number } });
    return page.rows[0]?.due_state;
  };

  // 2. 80% of the time gone: the watcher records the 75% line on the timeline, the case turns
  // orange in the list, and there is no alert yet.
  await app.clock.set(warn75);
  await ui.waitText('timeline', '时限提醒：已用 75% 的时间');
  await ui.waitText('clock-left-decision', leftText(due - warn75.getTime()));
  assert.equal(await caseRowDueState(), 'warning', 'the case’s due state is a warning');
  assert.equal((await deadlineEvents('warning')).length, 1, 'one warning on the timeline');
  assert.equal(await app.byTestId('deadline-alert').isExisting(), false, 'a warning raises no alert');
  assert.deepEqual(desktop.notifications(), [], 'a warning shows no desktop notification');
  await ui.shot('warning-75');

  // 3. 95% gone: the 90% line.
  await app.clock.set(warn90);
  await ui.waitText('timeline', '时限提醒：已用 90% 的时间');
  await ui.waitText('clock-left-decision', leftText(due - warn90.getTime()));
  assert.equal((await deadlineEvents('warning')).length, 2, 'the 90% warning is the second on the timeline');
  assert.equal(await app.byTestId('deadline-alert').isExisting(), false, 'still no alert before the due time');
  await ui.shot('warning-90');

  // 4. An hour past the due time: breached, escalated once, an alert in the window and on the desktop.
  await app.clock.set(breached);
  // The breach is listed under the header's 通知 bell.
  await browser.waitUntil(async () => /通知（[1-9]/.test((await app.byTestId('notice-bell').getAttribute('aria-label')) ?? ''), {
    timeout: WAIT_MS,
    timeoutMsg: 'the 通知 bell should count the breach',
  });
  await app.byTestId('notice-bell').click();
  const alert = await ui.waitFor(`[data-testid="deadline-alert"][data-case-id="${detail.id}"]`);
  assert.ok((await alert.getProperty('textContent')).includes(`案件 ${number} 已超时`), 'the window’s alert names the case');
  await ui.waitText('timeline', '时限提醒：已超时');
  await ui.waitText('clock-state-decision', '已超时');
  await ui.waitText('clock-left-decision', '已超时 1 小时');
  await ui.waitText('case-escalation', '1 级');
  assert.equal(await caseRowDueState(), 'breached', 'the case’s due state is breached');
  await browser.waitUntil(async () => desktop.notifications().length > 0, {
    timeout: WAIT_MS,
    timeoutMsg: 'the breach should show a desktop notification',
  });
  const shown = desktop.notifications();
  assert.equal(shown.length, 1, `one desktop notification, for the breach: ${JSON.stringify(shown)}`);
  assert.equal(shown[0].summary, `案件 ${number} 已超时`, 'the desktop notification names the case');
  assert.equal(shown[0].body, COMPLAINT.subject, 'and says what it is about');
  await ui.shot('breached');
  app.desktopScreenshot('breached-notification');

  // 5. The breach is recorded once: time moving on raises no second alert or escalation.
  await app.clock.advance(HOUR_MS);
  await ui.waitText('clock-left-decision', '已超时 2 小时');
  assert.equal((await deadlineEvents('breached')).length, 1, 'one breach on the timeline');
  assert.equal(desktop.notifications().length, 1, 'no second desktop notification');
  await ui.click('nav-cases');
  const row = await ui.waitFor(`[data-testid="case-list"] [data-case-number="${number}"]`);
  await browser.waitUntil(async () => (await row.$('[data-testid="case-left"]').getProperty('textContent')) === '已超时 2 小时', {
    timeout: WAIT_MS,
    timeoutMsg: 'the list counts the overdue time from the test clock',
  });
  assert.equal(await row.$('[data-testid="case-due"]').getAttribute('data-due-state'), 'breached', 'the list shows the row as breached');
  await ui.shot('list-breached');
});

test('the binary make run starts ignores the test clock', async (t) => {
  const binary = fs.readFileSync(SHIPPED_APP_BINARY);
  assert.equal(binary.includes('COMPLAINTDESK_TEST_CLOCK'), false, 'the shipped binary does not even contain the variable’s name');
  const before = Date.now();
  const app = await openApp(t.name, { binary: SHIPPED_APP_BINARY, clock: '2031-01-01T09:00:00+08:00', prepare: (dataDir) => setUpInsuranceDesk(dataDir), signIn: ADMIN.login });
  t.after(() => app.close());
  assert.equal(app.env.COMPLAINTDESK_TEST_CLOCK !== undefined, true, 'the variable is set for this app');
  const reading = await app.invoke('get_clock');
  const after = Date.now();
  assert.equal(reading.fixed, false, 'the shipped app runs on the system clock');
  const shown = new Date(reading.now).getTime();
  assert.ok(shown >= before - 1000 && shown <= after + 1000, `its time is the machine’s (${reading.now}), not the file’s 2031-01-01`);
  const created = await app.invoke('create_case', {
    input: { anonymous: false, channel: 'phone', claim: 'explanation', category: 'claims', business_line: 'health', customer_name: COMPLAINT.name, customer_phone: COMPLAINT.phone, subject: COMPLAINT.subject, description: COMPLAINT.description },
  });
  assert.notEqual(created.case.received_at.slice(0, 4), '2031', `a complaint registered now is not dated by the file: ${created.case.received_at}`);
});
