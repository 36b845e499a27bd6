// 时限规则 on a property desk. Before the app starts, the command-line tool sets the desk up and
// registers one complaint. The administrator reads every rule pack on the 时限规则 page, finds the
// regulators' clocks fixed and the property service times editable, is refused a length out of
// range, then shortens the 24-hour reply to 12 hours. The page reads 12 when it loads again, and the
// open case's reply clock is 12 hours.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { CLI, cli } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const ADMIN = { login: 'zhang', name: '张经理' };
const COMPLAINT = {
  anonymous: false,
  customer_name: '王秀英',
  customer_phone: '13800138000',
  channel: 'phone',
  subject: '3 栋电梯停运两天',
  description: '3 栋 2 单元电梯停运两天，老人上下楼困难，物业一直说在等配件。',
  claim: 'correction',
  category: 'repair',
  project: '翠湖花园',
};
const REPLY = 'service-time-property-default-reply';
const SAVE_REPLY = 'service-time-save-property-default-reply';

test('rule packs: an administrator shortens a property service time on the 时限规则 page', async (t) => {
  assert.ok(fs.existsSync(CLI), `the command-line tool is built at ${CLI} (make build)`);
  let created;
  const app = await openApp(t.name, {
    signIn: ADMIN.login,
    prepare: (dataDir) => {
      cli(dataDir, ['setup'], {
        profile: 'property',
        org_name: '翠湖花园物业服务中心',
        admin_login: ADMIN.login,
        admin_display_name: ADMIN.name,
        extra_roles: ['clerk', 'supervisor'],
      });
      created = cli(dataDir, ['case', 'create', '--as', ADMIN.login], COMPLAINT);
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  await browser.setWindowSize(1280, 800);

  // 1. Every pack, the desk's own first; the regulators' clocks are read-only words.
  await app.waitForTestId('work-page');
  await ui.click('nav-rulepacks');
  await app.waitForTestId('rulepacks-page');
  const cards = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="rulepack-"]')].map((el) => el.getAttribute('data-testid').replace('rulepack-', '')),
  );
  assert.equal(cards[0], 'property-default', `the desk’s own pack comes first: ${cards.join(', ')}`);
  for (const code of ['nfra-2020', 'pboc-2020', 'property-hangzhou']) {
    assert.ok(cards.includes(code), `the page lists ${code}: ${cards.join(', ')}`);
  }
  const own = await app.byTestId('rulepack-property-default').getProperty('textContent');
  for (const part of ['物业服务默认时限', '本机默认', '物业业务的新投诉', '自收到投诉起，至答复客户', '挂起期间暂停', '挂起时照常计时']) {
    assert.ok(own.includes(part), `the property pack shows “${part}”: “${own}”`);
  }
  await ui.waitText('rule-length-nfra-2020-decision', '15 个自然日');
  assert.equal(await app.byTestId('service-time-nfra-2020-decision').isExisting(), false, 'a regulator’s clock has no input');
  assert.ok(await app.byTestId('rule-uncertain-nfra-2020-review_decision').isExisting(), 'a clock still to be checked is marked 规则待核实');
  const step2 = await app.byTestId('rule-step-nfra-2020-decision-2').getProperty('textContent');
  assert.ok(step2.includes('共 60 个自然日') && step2.includes('记录批准人'), `step 2 says its total and that it needs the approver: “${step2}”`);
  const reply = await app.waitForTestId(REPLY);
  assert.equal(await reply.getValue(), '24', 'the reply clock starts at 24 hours');
  await ui.shot('rulepacks-page');
  await browser.setWindowSize(1366, 768);
  await ui.shot('1366-rulepacks-page');
  await ui.scrollToTop('rulepack-nfra-2020');
  await ui.shot('1366-rulepacks-regulators');
  await browser.setWindowSize(1280, 800);
  await ui.scrollToTop('rulepacks-page');

  /** Replaces what the length input holds with `text`, from the keyboard. */
  const typeLength = async (text) => {
    await reply.click();
    // One keys() call presses all its keys before releasing any: the select-all chord on its own.
    await browser.keys(['Control', 'a']);
    await browser.keys(['Backspace']);
    await reply.addValue(text);
    await browser.waitUntil(async () => (await reply.getValue()) === text, {
      timeout: WAIT_MS,
      timeoutMsg: `the reply length should read ${text}`,
    });
  };

  // 2. Out of range: the backend refuses, its words stand under the input, nothing changes.
  await typeLength('20000');
  await ui.click(SAVE_REPLY);
  await ui.waitText('service-time-error-property-default-reply', '时长应在 1 到 10000 之间');
  assert.equal(await reply.getValue(), '20000', 'what was typed is kept beside the refusal');
  await ui.shot('rulepacks-refused');
  const unchanged = (await app.invoke('list_rule_packs')).find((p) => p.code === 'property-default');
  assert.equal(unchanged.clocks.find((c) => c.code === 'reply').length, 24, 'a refused length changes nothing');

  // 3. 12 hours: saved with a toast; the page reads 12 once it loads its data again.
  await typeLength('12');
  assert.equal(await app.byTestId('service-time-error-property-default-reply').isExisting(), false, 'the refusal goes once the length is changed');
  await ui.click(SAVE_REPLY);
  await ui.waitFor('.ant-message-notice');
  const toast = await browser.$('.ant-message-notice').getProperty('textContent');
  assert.ok(toast.includes('答复业主改为 12 小时'), `the toast says what changed: “${toast}”`);
  await ui.shot('rulepacks-saved');
  await ui.click('nav-calendar');
  await app.waitForTestId('calendar-page');
  await ui.click('nav-rulepacks');
  const reloaded = await app.waitForTestId(REPLY);
  await browser.waitUntil(async () => (await reloaded.getValue()) === '12', {
    timeout: WAIT_MS,
    timeoutMsg: 'the reply clock should read 12 when the page loads again',
  });
  assert.equal(await app.byTestId(SAVE_REPLY).isEnabled(), false, '保存 is off while the length is the saved one');

  // 4. The open case runs on the new length.
  await browser.execute((hash) => {
    window.location.hash = hash;
  }, `#/cases/${created.case.id}`);
  await ui.waitText('case-number', created.case.number);
  await ui.waitText('clock-length-reply', '12 小时');
  await ui.shot('case-reply-12-hours');

  // 5. The page in English, for its widths.
  await ui.click('nav-rulepacks');
  await app.waitForTestId(REPLY);
  await app.byTestId('language-switch').$('div*=EN').click();
  await ui.waitText('nav-rulepacks', 'Deadline rules');
  await ui.waitText('rulepack-nfra-2020', 'From complaint received until decision notified');
  await ui.shot('rulepacks-english');
  await app.byTestId('language-switch').$('div*=中文').click();
  await ui.waitText('nav-rulepacks', '时限规则');
});
