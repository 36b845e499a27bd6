// Two laptops on one shared store (联网), side by side under Xvfb, each with its own data folder and
// its own person signed in as their own PostgreSQL role: 李前台 (clerk) at the front desk, 孙主管
// (supervisor) in the office. The front desk registers a complaint; without a reload the office
// sees it in 我的工作 (待受理) and, later, a second one in its case list. The office accepts and
// assigns the first; the front desk sees each new status. The server stops while the front desk
// has a complaint typed: saving says 联网中断 and keeps every field, both headers read 重新连接中;
// the server comes back, both read 已连接, and saving the kept complaint succeeds.
//
// How long the other window takes to show a change is measured inside each page (lib/ui.mjs
// `watch`: the machine's clock, shared by both windows) and printed, also to
// artifacts/team-timings.json; never asserted. Nothing but live refresh can change the waiting
// window's views here: it is not touched while it waits, a reload would lose the page's notes
// (and fail the test), and the deadline watcher finds nothing to look at on a test clock that
// stands still.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS, openApp } from './lib/app.mjs';
import { PG_CTL, PG_URL, sharedStore } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const CLERK = { login: 'li', name: '李前台' };
const SUPERVISOR = { login: 'sun', name: '孙主管' };
const HANDLER = { login: 'zhao', name: '赵工' };

const FIRST = {
  customer: '王秀英',
  phone: '13800138000',
  subject: '3号楼电梯停运三天无人维修',
  description: '业主反映3号楼2单元电梯自周一起停运，老人上下楼困难，多次打电话无人处理。',
};
const PROJECT = '翠湖花园';
const SECOND = {
  customer: '刘建国',
  phone: '13911112222',
  subject: '地下车库积水断网时登记',
  description: '地下车库B区连续两天积水，车辆无法进出，业主要求尽快排水并查明原因。',
};

/** How long a change on one laptop may take to show on the other: generous; the time is printed. */
const LIVE_MS = 20_000;
/** How long the link may take to come back once the server is up (retries every 5 s at most). */
const RECONNECT_MS = 30_000;

const skip = !PG_URL || !PG_CTL ? 'needs the private PostgreSQL (make e2e-only runs it; tests/pg.sh tests/e2e/run.sh team.test.mjs)' : false;

test('two laptops on one shared store: a complaint shows on the other at once, a new status comes back, a server that stops keeps the typing', { skip }, async (t) => {
  const store = sharedStore(`cd_e2e_team_${process.pid}`);
  store.run(['user', 'create', '--as', 'zhang'], { login: CLERK.login, display_name: CLERK.name, roles: ['clerk'] });
  store.run(['user', 'create', '--as', 'zhang'], { login: SUPERVISOR.login, display_name: SUPERVISOR.name, roles: ['supervisor'] });
  store.run(['user', 'create', '--as', 'zhang'], { login: HANDLER.login, display_name: HANDLER.name, roles: ['handler'], department: '工程部' });
  const casesInStore = () => Number(execFileSync('psql', [store.url, '-tAq', '-c', 'SELECT count(*) FROM cases'], { encoding: 'utf8' }).trim());
  // A failure while the server is stopped must not leave it stopped for the next test file.
  let serverStopped = false;
  t.after(() => {
    if (serverStopped) execFileSync(PG_CTL, ['start']);
  });

  // Two laptops, each with a data folder of its own that names the store; the test clock for both.
  const front = await openApp('team-front-desk-li', { prepare: store.join, signIn: CLERK.login });
  t.after(() => front.close());
  const office = await openApp('team-office-sun', { prepare: store.join, signIn: SUPERVISOR.login, secondWindow: true });
  t.after(() => office.close());
  const frontUi = helpers(front);
  const officeUi = helpers(office);
  for (const [ui, person] of [[frontUi, CLERK], [officeUi, SUPERVISOR]]) {
    await ui.waitText('current-user', person.name);
    await ui.waitText('store-tag', `联网 · ${store.place}`);
    await ui.waitText('store-link', '已连接');
    // Neither is put in a branch: both see every branch's cases.
    await ui.waitText('store-branch', '全部网点');
  }
  const timings = {};
  const report = (key, ms, what) => {
    timings[key] = ms;
    t.diagnostic(`${what}: ${ms} ms`);
    console.log(`team: ${what}: ${ms} ms`);
  };
  /** Waits until the window shows `selector` containing `text` (no reload, no click: live refresh only). */
  const waitShown = (app, selector, text, what) =>
    app.browser.waitUntil(
      () => app.browser.execute((s, x) => [...document.querySelectorAll(s)].some((el) => el.textContent.includes(x)), selector, text),
      { timeout: LIVE_MS, interval: 50, timeoutMsg: `${what} within ${LIVE_MS} ms, without a reload` },
    );

  /**
   * The intake form, typed as a clerk does. The desk's last 项目 starts the next complaint, so
   * the project is typed only into an empty field.
   */
  const typeIntake = async (complaint) => {
    await frontUi.click('nav-intake');
    await front.waitForTestId('intake-page');
    await frontUi.typeComplaint({ name: complaint.customer, phone: complaint.phone, subject: complaint.subject, description: complaint.description });
    await frontUi.pickOption('intake-claim', '纠正整改');
    await frontUi.pickCascader('intake-category', '电梯');
    if ((await front.byTestId('intake-project').getValue()) === '') {
      await frontUi.focus('intake-project');
      await front.byTestId('intake-project').addValue(PROJECT);
    }
    assert.equal(await front.byTestId('intake-project').getValue(), PROJECT, `项目 reads ${PROJECT}`);
  };
  /**
   * Notes in the front desk's page when 登记 starts saving (the button turns busy) and when the
   * save returns (the toast 已登记，案件编号 …, shown as soon as create_case answers).
   */
  const watchSave = async (key) => ({
    started: await frontUi.watch(`${key}-saving`, '[data-testid="intake-submit"].ant-btn-loading'),
    returned: await frontUi.watch(`${key}-returned`, '.ant-message', { has: '已登记，案件编号' }),
  });
  /** Prints how long the save took, and when the office showed the case (`shownAt`) after it returned. */
  const reportSave = async (key, save, shownAt, what) => {
    const startedAt = await save.started.firstAt((v) => v !== null);
    const returnedAt = await save.returned.firstAt((shown) => shown);
    report(`${key}_save_ms`, returnedAt - startedAt, `the front desk’s save of the ${key} complaint took`);
    report(`${key}_shown_after_save_returned_ms`, shownAt - returnedAt, `${what}: shown after the front desk’s save returned (negative: before)`);
    report(`${key}_shown_after_save_started_ms`, shownAt - startedAt, `${what}: shown after the front desk’s save started`);
  };

  // 1. The office waits on 我的工作 with 待受理 open: nothing yet.
  const toAccept = '[data-testid="queue-supervisor.to_accept"]';
  await officeUi.click('queue-supervisor.to_accept');
  await office.waitForTestId('case-list');
  await officeUi.waitText('case-list', '没有符合条件的案件');
  const officeQueueRow = await officeUi.watch('first-in-queue', '[data-testid="work-page"] [data-testid="case-list"] [data-case-number]', { has: FIRST.subject });
  const officeQueueCount = await officeUi.watch('to-accept-count', `${toAccept} .ant-statistic-content-value`);
  assert.deepEqual(await officeQueueCount.values(), ['0'], '待受理 starts at 0 on a new store');
  await officeUi.shot('work-before');

  // 2. The front desk registers a complaint and saves it.
  await typeIntake(FIRST);
  const firstSave = await watchSave('first');
  await frontUi.click('intake-submit');
  const number = (await (await front.waitForTestId('case-number', WAIT_MS)).getText()).trim();
  assert.match(number, /^TS-\d{4}-\d{6}$/, `the complaint gets a TS number, got “${number}”`);
  await frontUi.waitText('case-status', '已登记');
  const caseId = Number(await front.byTestId('case-detail').getAttribute('data-case-id'));

  // 3. The office's 我的工作 shows it, the card and the queue's list, without a reload.
  await waitShown(office, `[data-testid="work-page"] [data-case-number="${number}"]`, FIRST.subject, `孙主管’s 待受理 list should show ${number}`);
  await office.browser.waitUntil(async () => (await office.browser.$(`${toAccept} .ant-statistic-content-value`).getProperty('textContent')) === '1', {
    timeout: WAIT_MS,
    timeoutMsg: '孙主管’s 待受理 card should count 1',
  });
  assert.deepEqual(await officeQueueRow.values(), [false, true], 'the case came into the office’s open 待受理 list while it was on screen');
  assert.deepEqual(await officeQueueCount.values(), ['0', '1'], '待受理 went from 0 to 1 on screen');
  await reportSave('first', firstSave, await officeQueueRow.firstAt((shown) => shown), `${number} in the office’s 我的工作 (待受理)`);
  await officeUi.shot('work-live-case');
  await frontUi.shot('registered');

  // 4. The office accepts it; the front desk, still on the case, sees 已受理.
  const frontStatus = await frontUi.watch('status', '[data-testid="case-status"]');
  const row = office.browser.$(`[data-testid="work-page"] [data-case-number="${number}"]`);
  // A table row has no box of its own in WebKit's hit testing: click a cell.
  await row.$('td:nth-child(3)').click();
  await officeUi.waitText('case-number', number);
  const officeStatus = await officeUi.watch('status', '[data-testid="case-status"]');
  await officeUi.step('accept');
  await officeUi.waitText('case-status', '已受理');
  await waitShown(front, '[data-testid="case-status"]', '已受理', `李前台’s case page should read 已受理`);
  report(
    'accepted_to_front_case_ms',
    (await frontStatus.firstAt((v) => v === '已受理')) - (await officeStatus.firstAt((v) => v === '已受理')),
    `${number}: the front desk’s case page read 已受理, after the office’s own page did (negative: before)`,
  );
  await frontUi.shot('accepted-live');

  // 5. The front desk goes to its case list; the office assigns the case to 工程部 / 赵工.
  await frontUi.click('nav-cases');
  await waitShown(front, `[data-testid="case-list"] [data-case-number="${number}"]`, '已受理', `李前台’s case list should show ${number} as 已受理`);
  const frontRow = await frontUi.watch('row-assigned', `[data-testid="case-list"] [data-case-number="${number}"]`, { has: '已分派' });
  await officeUi.step('assign', async () => {
    await officeUi.pickOption('step-department', '工程部');
    await officeUi.pickOption('step-handler_id', HANDLER.name);
  });
  await officeUi.waitText('case-status', '已分派');
  await waitShown(front, `[data-testid="case-list"] [data-case-number="${number}"]`, '已分派', `李前台’s case list should show ${number} as 已分派`);
  await waitShown(front, `[data-testid="case-list"] [data-case-number="${number}"]`, HANDLER.name, `李前台’s case list should name the handler ${HANDLER.name}`);
  assert.deepEqual(await frontRow.values(), [false, true], 'the row turned 已分派 while the list was on screen');
  report(
    'assigned_to_front_list_ms',
    (await frontRow.firstAt((shown) => shown)) - (await officeStatus.firstAt((v) => v === '已分派')),
    `${number}: the front desk’s case list read 已分派, after the office’s own page did (negative: before)`,
  );
  await frontUi.shot('list-assigned-live');
  await officeUi.shot('assigned');

  // 6. The front desk types the next complaint; the office watches its case list.
  await typeIntake(SECOND);
  await officeUi.click('nav-cases');
  await waitShown(office, `[data-testid="case-list"] [data-case-number="${number}"]`, FIRST.subject, `孙主管’s case list should show ${number}`);
  const officeListRow = await officeUi.watch('second-in-list', '[data-testid="case-list"] [data-case-number]', { has: SECOND.subject });
  const frontLink = await frontUi.watch('link', '[data-testid="store-link"]');
  const officeLink = await officeUi.watch('link', '[data-testid="store-link"]');

  // 7. The server stops: both headers read 重新连接中; saving says 联网中断 and keeps the typing.
  const stoppedAt = Date.now();
  execFileSync(PG_CTL, ['stop']);
  serverStopped = true;
  await frontUi.waitText('store-link', '重新连接中');
  await officeUi.waitText('store-link', '重新连接中');
  const failedSave = {
    started: await frontUi.watch('failed-saving', '[data-testid="intake-submit"].ant-btn-loading'),
    refused: await frontUi.watch('failed-refused', '[data-testid="intake-error"]', { has: '联网中断' }),
  };
  await frontUi.click('intake-submit');
  // The store gives up on a server it cannot reach after 10 s (store/pg POOL_WAIT).
  await front.browser.waitUntil(async () => (await failedSave.refused.firstAt((shown) => shown)) !== undefined, {
    timeout: 25_000,
    timeoutMsg: 'saving with the server stopped should say 联网中断 under the form',
  });
  report(
    'failed_save_ms',
    (await failedSave.refused.firstAt((shown) => shown)) - (await failedSave.started.firstAt((v) => v !== null)),
    'the save with the server stopped said 联网中断 after',
  );
  const kept = {
    customer: await front.byTestId('intake-customer_name').getValue(),
    phone: await front.byTestId('intake-customer_phone').getValue(),
    subject: await front.byTestId('intake-subject').getValue(),
    description: await front.byTestId('intake-description').getValue(),
  };
  assert.deepEqual(kept, SECOND, 'the intake form keeps what was typed when the save fails with 联网中断');
  for (const [id, shown] of [['intake-claim', '纠正整改'], ['intake-category', '电梯']]) {
    const text = await front.byTestId(id).getText();
    assert.ok(text.includes(shown), `${id} still shows “${shown}”: it reads “${text}”`);
  }
  assert.equal(await front.byTestId('intake-project').getValue(), PROJECT, '项目 is kept');
  assert.equal(await front.byTestId('case-number').isExisting(), false, 'the front desk stays on the form: nothing was registered');
  await front.browser.execute(() => document.querySelector('[data-testid="intake-error"]').scrollIntoView({ block: 'center' }));
  await frontUi.shot('link-lost-typing-kept');
  await officeUi.shot('reconnecting');

  // 8. The server is back: both links reconnect (重新连接中, then 已连接), and nothing was saved meanwhile.
  const startedAt = Date.now();
  execFileSync(PG_CTL, ['start']);
  serverStopped = false;
  for (const [app, who] of [[front, CLERK.name], [office, SUPERVISOR.name]]) {
    await app.browser.waitUntil(async () => (await app.byTestId('store-link').getProperty('textContent')) === '已连接', {
      timeout: RECONNECT_MS,
      interval: 50,
      timeoutMsg: `${who}’s header should read 已连接 once the server is back`,
    });
  }
  for (const [link, who] of [[frontLink, CLERK.name], [officeLink, SUPERVISOR.name]]) {
    assert.deepEqual(await link.values(), ['已连接', '重新连接中', '已连接'], `${who}’s header went 已连接 → 重新连接中 → 已连接, never 离线`);
  }
  report('link_lost_shown_ms', (await frontLink.firstAt((v) => v === '重新连接中')) - stoppedAt, 'the front desk’s header read 重新连接中 after the server was told to stop');
  report('link_back_front_ms', (await frontLink.log()).at(-1).at - startedAt, 'the front desk’s header read 已连接 after the server was told to start');
  report('link_back_office_ms', (await officeLink.log()).at(-1).at - startedAt, 'the office’s header read 已连接 after the server was told to start');
  assert.equal(casesInStore(), 1, 'the save refused with 联网中断 wrote nothing to the store');
  await frontUi.shot('reconnected');
  await officeUi.shot('reconnected');

  // 9. Saving the kept complaint now succeeds, and the office's case list shows it without a reload.
  const secondSave = await watchSave('second');
  await frontUi.click('intake-submit');
  const second = (await (await front.waitForTestId('case-number', WAIT_MS)).getText()).trim();
  assert.notEqual(second, number, 'the kept complaint is a case of its own');
  await frontUi.waitText('case-status', '已登记');
  await waitShown(office, `[data-testid="case-list"] [data-case-number="${second}"]`, SECOND.subject, `孙主管’s case list should show ${second}`);
  assert.deepEqual(await officeListRow.values(), [false, true], 'the case came into the office’s case list while it was on screen');
  await reportSave('second', secondSave, await officeListRow.firstAt((shown) => shown), `${second} (after the outage) in the office’s case list`);
  const detail = await front.invoke('get_case', { id: caseId });
  assert.equal(detail.case.status, 'assigned', 'the first case is still assigned on the store');
  assert.equal(casesInStore(), 2, 'the store holds the two complaints, once each');
  await frontUi.shot('second-saved');
  await officeUi.shot('list-live-second');

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'team-timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
});
