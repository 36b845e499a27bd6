// A front desk's day in the real window: a call's screen pop (来电弹屏) from a second launch with
// the desk's link, 更正信息 on a registered case, and the 项目列表 an admin keeps, offered at intake.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { APP_BINARY, STARTUP_TIMEOUT_MS, openApp } from './lib/app.mjs';
import { cli, liftComplaint, setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const CALLER = '13900001111';

/** Starts the app binary once more with `args` and waits until it ends by itself. */
function launchAndWait(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(APP_BINARY, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => (stderr += d));
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the second launch should end by itself; it was still running (stderr: ${stderr})`));
    }, STARTUP_TIMEOUT_MS * 2);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, stderr });
    });
  });
}

test('a call’s link brings the running window to the intake form with the caller’s number and history', async (t) => {
  const app = await openApp(t.name, {
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      cli(dataDir, ['case', 'create', '--as', 'zhang'], { ...liftComplaint('上次来电：电梯停运'), customer_phone: CALLER });
    },
    signIn: 'zhang',
  });
  t.after(() => app.close());
  const ui = helpers(app);
  await app.waitForTestId('work-page', WAIT_MS);

  // What a softphone does on an incoming call: open the desk's link.
  const second = await launchAndWait([`complaintdesk://intake?phone=${CALLER}`], { ...process.env, ...app.env });
  assert.equal(second.code, 0, `the second launch hands the link over and ends (stderr: ${second.stderr})`);

  await app.waitForTestId('intake-customer_phone', WAIT_MS);
  await app.browser.waitUntil(async () => (await app.byTestId('intake-customer_phone').getValue()) === CALLER, {
    timeout: WAIT_MS,
    timeoutMsg: 'the intake form should hold the caller’s number',
  });
  await ui.waitText('customer-history', '上次来电：电梯停运');
  await ui.shot('screen-pop');
});

test('a clerk corrects a mistyped phone with a reason, and the case and its timeline show it', async (t) => {
  let number;
  const app = await openApp(t.name, {
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      number = cli(dataDir, ['case', 'create', '--as', 'zhang'], { ...liftComplaint('电话登记错了'), customer_phone: '13800000000' }).case.number;
    },
    signIn: 'zhang',
  });
  t.after(() => app.close());
  const ui = helpers(app);
  await ui.click('nav-cases');
  await ui.waitFor(`[data-case-number="${number}"]`);
  await (await app.browser.$(`[data-case-number="${number}"] a`)).click();
  await ui.click('correct-case');
  const phone = await app.waitForTestId('correct-customer_phone', WAIT_MS);
  // The field shows the mask: the clerk selects it all and types the new number.
  await phone.click();
  await app.browser.keys(['Control', 'a']);
  await app.browser.keys(['Backspace']);
  await phone.addValue('13800138001');
  await app.waitForTestId('correct-changed-customer_phone', WAIT_MS);
  await app.byTestId('correct-reason').addValue('客户来电说明号码登记错了一位');
  await ui.shot('correction-dialog');
  await ui.click('correct-submit');
  await app.byTestId('correct-form').waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'the dialog closes once saved' });
  await ui.waitFor('[data-testid="timeline-event"][data-event-kind="correction"]');

  // The case page shows it masked, as the desk's privacy setting says; revealing reads it whole.
  const shown = cli(app.dataDir, ['case', 'show', number, '--as', 'zhang']);
  const revealed = await app.invoke('reveal_personal_data', { id: shown.case.id });
  assert.equal(revealed.customer_phone, '13800138001', 'the case holds the corrected phone');
  const event = shown.events.find((e) => e.kind === 'correction');
  assert.ok(event, 'the correction is on the timeline');
  assert.deepEqual(Object.keys(event.after), ['customer_phone'], 'the event names exactly the corrected field');
  assert.equal(event.note, '客户来电说明号码登记错了一位', 'with its reason');
});

test('the admin keeps the 项目 list, and the intake form offers it as the clerk types', async (t) => {
  const app = await openApp(t.name, {
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      cli(dataDir, ['case', 'create', '--as', 'zhang'], { ...liftComplaint('写法不同的项目'), project: '翠湖 花园' });
    },
    signIn: 'zhang',
  });
  t.after(() => app.close());
  const ui = helpers(app);
  await ui.click('nav-sites');
  await app.waitForTestId('sites-page', WAIT_MS);
  await ui.waitText('sites-in-use', '翠湖 花园');
  const text = await app.waitForTestId('sites-text', WAIT_MS);
  await text.addValue('翠湖花园');
  await app.browser.keys(['Enter']);
  await text.addValue('金桂苑');
  await ui.click('sites-save');
  await ui.waitText('sites-in-use', '与“翠湖花园”写法不同');
  await ui.shot('sites-page');

  await ui.click('nav-intake');
  const project = await app.waitForTestId('intake-project', WAIT_MS);
  await project.click();
  await app.browser.keys(['Control', 'a']);
  await app.browser.keys(['Backspace']);
  await project.addValue('金桂');
  const option = await ui.waitFor('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="金桂苑"]');
  await option.click();
  await app.browser.waitUntil(async () => (await project.getValue()) === '金桂苑', { timeout: WAIT_MS, timeoutMsg: 'the picked name fills the field' });
});
