// Deadlines in the window, on an insurance desk (nfra-2020: decide and notify within 15 natural
// days), at the test clock's instant. Before the app starts, the command-line tool sets the desk
// up and registers two complaints: one received 20 days earlier, registered then, and one
// received now. What the window must show for the fresh one comes from the rule itself
// (`deadline compute` for the instant it was received), so the test holds on any day. The deadline
// watcher looks at every case when the app starts, finds the first overdue, records it on the
// timeline and raises its escalation level; the window then shows it in the list, the case, the
// work queues. A supervisor extends the fresh one through the dialog, and the 节假日 page lists
// the years the deadlines are counted with. At intake, a complaint the central bank transferred
// is put on the pboc-2020 rule instead of the desk's default.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_NOW, openApp } from './lib/app.mjs';
import { CLI, INSURANCE_ADMIN as ADMIN, cli, setUpInsuranceDesk } from './lib/cli.mjs';
import { DAY_MS, dueText, leftText } from './lib/time.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const OVERDUE = {
  customer_name: '刘建国',
  customer_phone: '13900001111',
  subject: '理赔款二十天未到账',
  description: '客户称住院医疗理赔材料已交齐二十天，赔款未到账，也无人告知进度。',
};
const PBOC = {
  customer_name: '孙丽',
  customer_phone: '13600003333',
  subject: '人民银行转来：健康险理赔进度无人答复',
  description: '人民银行分支机构转来投诉，客户称理赔进度查询多次无人答复。',
};
const FRESH = {
  customer_name: '赵敏',
  customer_phone: '13700002222',
  subject: '车险续保保费计算有误',
  description: '客户称续保报价比去年高出三成，业务员未说明原因。',
};

function complaint(part, receivedAt) {
  return {
    anonymous: false,
    channel: 'phone',
    claim: 'compensation',
    category: 'claims',
    business_line: 'health',
    ...part,
    ...(receivedAt ? { received_at: receivedAt } : {}),
  };
}

test('deadlines: an overdue case found at start-up, an extension through the dialog, the holiday calendar and a rule picked at intake', async (t) => {
  assert.ok(fs.existsSync(CLI), `the command-line tool is built at ${CLI} (make build)`);
  const now = new Date(DEFAULT_NOW);
  const twentyDaysAgo = new Date(now.getTime() - 20 * DAY_MS).toISOString();
  let overdue;
  let fresh;
  let rule;
  const app = await openApp(t.name, {
    signIn: ADMIN.login,
    prepare: (dataDir) => {
      setUpInsuranceDesk(dataDir);
      // Registered when it came in, 20 days ago: the watcher has not looked at it since.
      overdue = cli(dataDir, ['case', 'create', '--as', ADMIN.login, '--now', twentyDaysAgo], complaint(OVERDUE, twentyDaysAgo));
      fresh = cli(dataDir, ['case', 'create', '--as', ADMIN.login], complaint(FRESH));
      // The rule's answer for a complaint received at that instant, at the same instant.
      const computed = cli(dataDir, ['deadline', 'compute', '--pack', 'nfra-2020', '--received', fresh.case.received_at]);
      rule = computed.clocks.find((c) => c.code === 'decision');
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  const overdueNumber = overdue.case.number;
  const freshNumber = fresh.case.number;
  assert.equal(overdue.clocks[0]?.state, 'running', 'when it was registered, the first case’s decision clock was running');

  // 1. 我的工作: the supervisor's overdue queue holds the case the watcher found at start-up.
  await app.waitForTestId('work-page');
  await ui.waitText('queue-supervisor.overdue', '已超时');
  await browser.waitUntil(async () => (await app.byTestId('queue-supervisor.overdue').getProperty('textContent')).includes('1'), {
    timeout: WAIT_MS,
    timeoutMsg: 'the 已超时 queue should count the overdue case',
  });
  const overdueCard = await app.byTestId('queue-supervisor.overdue').getProperty('textContent');
  assert.match(overdueCard, /已超时\s*1/, `the 已超时 queue counts 1: “${overdueCard}”`);
  assert.ok((await app.byTestId('queue-supervisor.overdue').getAttribute('class')).includes('desk-queue-overdue'), 'the overdue queue stands out');
  for (const key of ['due_today', 'due_3_days']) {
    assert.ok(await app.byTestId(`queue-supervisor.${key}`).isExisting(), `the supervisor has the ${key} queue`);
  }
  await ui.click('queue-supervisor.overdue');
  await ui.waitFor(`[data-testid="case-list"] [data-case-number="${overdueNumber}"]`);
  await ui.shot('work-overdue-queue');

  // 2. The case list: 到期 and 剩余, the overdue case in red.
  await ui.click('nav-cases');
  const overdueRow = await ui.waitFor(`[data-testid="case-list"] [data-case-number="${overdueNumber}"]`);
  const freshRow = await ui.waitFor(`[data-testid="case-list"] [data-case-number="${freshNumber}"]`);
  await browser.waitUntil(async () => (await overdueRow.$('[data-testid="case-left"]').getProperty('textContent')).startsWith('已超时'), {
    timeout: WAIT_MS,
    timeoutMsg: 'the overdue case should read 已超时 in the 剩余 column',
  });
  assert.equal(await overdueRow.$('[data-testid="case-left"]').getAttribute('data-due-state'), 'breached', 'the overdue row’s due state is breached');
  assert.equal(new Date(fresh.case.received_at).getTime(), now.getTime(), 'the fresh case was received at the test clock’s instant');
  assert.equal(app.clock.now().getTime(), now.getTime(), 'the app runs at the same instant');
  const freshLeft = await freshRow.$('[data-testid="case-left"]').getProperty('textContent');
  assert.equal(
    freshLeft,
    leftText(rule.time_left_ms),
    `the fresh case has the time left to its latest legal date (${rule.latest_date} 24:00; target ${rule.target_date}): “${freshLeft}”`,
  );
  const freshDue = await freshRow.$('[data-testid="case-due"]').getProperty('textContent');
  assert.ok(freshDue.startsWith(dueText(rule.due)), `the fresh case is due ${dueText(rule.due)}: “${freshDue}”`);
  const header = await browser.$('[data-testid="case-list"] thead').getProperty('textContent');
  assert.ok(header.includes('到期') && header.includes('剩余'), `the list has 到期 and 剩余 columns: “${header}”`);
  // Sorting by due time puts the overdue case first.
  await ui.pickOption('case-sort', '到期时间');
  await browser.waitUntil(
    async () => (await browser.$('[data-testid="case-list"] tbody tr[data-case-number]').getAttribute('data-case-number')) === overdueNumber,
    { timeout: WAIT_MS, timeoutMsg: 'sorted by due time, the overdue case comes first' },
  );
  await ui.shot('list-due-columns');
  await browser.setWindowSize(1366, 768);
  await ui.shot('1366-list-due-columns');
  await browser.setWindowSize(1280, 800);

  // 3. The overdue case: its clock breached, escalated once by the watcher, which left a 时限提醒.
  await overdueRow.$('td:nth-child(3)').click();
  await ui.waitText('case-number', overdueNumber);
  await ui.waitText('clock-state-decision', '已超时');
  await ui.waitText('case-escalation', '1 级');
  const breach = await ui.waitFor('[data-testid="timeline-event"][data-event-kind="deadline"][data-event-action="breached"]');
  const breachText = await breach.getProperty('textContent');
  assert.ok(breachText.includes('时限提醒'), `the watcher’s entry reads 时限提醒: “${breachText}”`);
  assert.ok(breachText.includes('1 级'), `the entry shows the escalation it raised: “${breachText}”`);
  assert.ok(breachText.includes('系统'), 'the entry was recorded by the system');
  assert.match(await app.byTestId('clock-left-decision').getProperty('textContent'), /^已超时 \d+ 天/, 'the clock says how long it is overdue');
  assert.match(await app.byTestId('clock-dates-decision').getProperty('textContent'), /目标日期 \d{4}-\d{2}-\d{2}/, 'the clock shows its target date');
  await ui.shot('clocks-card-overdue');

  // 4. The fresh case: step 1 with the customer told, through the dialog.
  await browser.execute((hash) => {
    window.location.hash = hash;
  }, `#/cases/${fresh.case.id}`);
  await ui.waitText('case-number', freshNumber);
  await ui.waitText('clock-state-decision', '计时中');
  await ui.waitText('clock-length-decision', '15 个自然日');
  const dates = rule.latest_date === rule.target_date ? `目标日期 ${rule.target_date}` : `目标日期 ${rule.target_date}，法定最迟 ${rule.latest_date}（顺延）`;
  await ui.waitText('clock-dates-decision', dates);
  await ui.waitText('clock-left-decision', leftText(rule.time_left_ms));
  await ui.shot('clocks-card-running');
  await ui.click('extend-open');
  await app.waitForTestId('extend-step');
  await ui.check('extend-step-1');
  await ui.check('extend-notified');
  await app.byTestId('extend-reason').addValue('需调取住院病历核实，情况复杂');
  await ui.shot('extend-dialog-step-1');
  const submit = await app.waitForTestId('extend-submit');
  await submit.click();
  await submit.waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'the dialog closes once the extension is approved' });
  await ui.waitText('clock-length-decision', '30 个自然日');
  await ui.waitText('clock-extension-decision', '情况复杂，延长至 30 日');
  await ui.waitText('timeline', '批准延期：情况复杂，延长至 30 日');

  // 5. Step 2 without the approver: the backend refuses, and says so next to 批准人.
  await ui.noMessages();
  await ui.click('extend-open');
  await app.waitForTestId('extend-step');
  await ui.check('extend-step-2');
  await ui.check('extend-notified');
  await ui.click('extend-submit');
  const refused = await ui.waitFor('.ant-modal .ant-form-item-has-error');
  const refusedText = await refused.getProperty('textContent');
  assert.ok(refusedText.includes('批准人'), `the refused field is 批准人: “${refusedText}”`);
  assert.ok(refusedText.includes('须记录批准人'), `the refusal says the approver must be on record: “${refusedText}”`);
  assert.ok(await app.byTestId('extend-submit').isExisting(), 'the dialog stays open with what was entered');
  await ui.shot('extend-dialog-refused');
  await browser.setWindowSize(1366, 768);
  await ui.shot('1366-extend-dialog-refused');
  await browser.setWindowSize(1280, 800);
  await browser.keys(['Escape']);
  await app.byTestId('extend-submit').waitForExist({ reverse: true, timeout: WAIT_MS });
  await ui.waitText('clock-length-decision', '30 个自然日');
  await browser.setWindowSize(1366, 768);
  await browser.execute(() => document.querySelector('.desk-content').scrollTo(0, 0));
  await ui.shot('1366-clocks-card-extended');
  await browser.setWindowSize(1280, 800);

  // 6. 节假日: 2025 and 2026, with 国庆节 and its 调休 make-up working days.
  await ui.click('nav-calendar');
  await app.waitForTestId('calendar-page');
  for (const year of [2025, 2026]) {
    await app.waitForTestId(`calendar-year-${year}`);
  }
  const national = await ui.waitFor('[data-testid="calendar-year-2026"] [data-holiday="国庆节"]');
  const nationalText = await national.getProperty('textContent');
  for (const part of ['2026-10-01 至 2026-10-07', '7 天', '2026-09-20', '2026-10-10']) {
    assert.ok(nationalText.includes(part), `国庆节 2026 shows “${part}”: “${nationalText}”`);
  }
  const national2025 = await app.byTestId('calendar-year-2025').getProperty('textContent');
  assert.ok(national2025.includes('国庆节') && national2025.includes('2025-09-28'), '2025 lists 国庆节 with its make-up day 2025-09-28');
  await ui.shot('calendar-page');

  // A broken file is refused with the backend's words in full, and nothing changes.
  const broken = path.join(app.dir, '2027.json');
  fs.writeFileSync(broken, '{"year": 2027, "days": [\n  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},\n  {"name": "春节", "date": "2027-02-3x", "isOffDay": true}\n]}\n');
  await app.byTestId('calendar-import-input').addValue(broken);
  const importError = await app.waitForTestId('calendar-import-error', WAIT_MS);
  const importErrorText = await importError.getProperty('textContent');
  assert.ok(importErrorText.includes('2027.json'), `the error names the file: “${importErrorText}”`);
  assert.ok(importErrorText.includes('days[1].date'), `the error names the entry at fault: “${importErrorText}”`);
  assert.ok(importErrorText.includes('2027-02-3x'), `the error quotes the bad value: “${importErrorText}”`);
  assert.equal(await app.byTestId('calendar-year-2027').isExisting(), false, 'no 2027 appears after a refused import');
  await ui.shot('calendar-import-refused');
  await browser.setWindowSize(1366, 768);
  await ui.shot('1366-calendar-page');
  await browser.setWindowSize(1280, 800);

  // 7. 登记投诉: 时限规则 is left on the desk's default unless picked; it offers every pack. A
  // complaint the central bank transferred runs on pboc-2020: 15 days to handle and answer.
  await ui.noMessages();
  await ui.click('nav-intake');
  await ui.typeComplaint({ name: PBOC.customer_name, phone: PBOC.customer_phone, subject: PBOC.subject, description: PBOC.description });
  await ui.pickOption('intake-claim', '解释说明');
  await ui.pickCascader('intake-category', '理赔时效');
  await ui.pickOption('intake-business_line', '健康保险');
  await ui.waitText('intake-rule_pack', '默认：银行业保险业消费投诉处理（2020）');
  const packSelect = await app.waitForTestId('intake-rule_pack');
  await packSelect.scrollIntoView({ block: 'center' });
  await packSelect.click();
  await ui.waitFor('[data-testid="intake-rule_pack-option-pboc-2020"]');
  const offered = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="intake-rule_pack-option-"]')].map((el) => el.getAttribute('data-testid').replace('intake-rule_pack-option-', '')),
  );
  for (const code of ['nfra-2020', 'pboc-2020']) {
    assert.ok(offered.includes(code), `the 时限规则 list offers ${code}: it offers ${offered.join(', ')}`);
  }
  await ui.shot('intake-rule-pack-options');
  await app.byTestId('intake-rule_pack-option-pboc-2020').click();
  await ui.waitText('intake-rule_pack', '人民银行转办投诉（2020）');
  await browser.waitUntil(async () => !(await packSelect.getAttribute('class')).includes('ant-select-open'), {
    timeout: WAIT_MS,
    timeoutMsg: 'the 时限规则 list should close once a rule is picked',
  });
  await ui.click('intake-submit');
  await ui.waitText('case-status', '已登记');
  await ui.waitText('clocks-pack', '人民银行转办投诉（2020）');
  await ui.waitText('clock-length-answer', '15 个自然日');
  assert.equal(await app.byTestId('clock-decision').isExisting(), false, 'the case does not run on the desk’s default nfra-2020 clocks');
  await ui.shot('case-on-pboc-rule');
});
