// An extension asked for and approved, in the window: the handler of an insurance complaint asks
// for more time with a reason; the supervisor sees the request on the case, approves it in a
// dialog that starts from the request, and the decision clock becomes 30 natural days.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { cli } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const REASON = '需等待医院出具伤残鉴定意见';

test('a handler asks for an extension and the supervisor approves it from the request', async (t) => {
  let created;
  let handlerId;
  const app = await openApp(t.name, {
    signIn: 'zhou',
    prepare: (dataDir) => {
      cli(dataDir, ['setup'], {
        profile: 'insurance',
        org_name: '平安路营业部',
        admin_login: 'zhou',
        admin_display_name: '周主管',
        extra_roles: ['clerk', 'supervisor'],
      });
      handlerId = cli(dataDir, ['user', 'create', '--as', 'zhou'], { login: 'liu', display_name: '刘理赔', roles: ['handler'] }).id;
      created = cli(dataDir, ['case', 'create', '--as', 'zhou'], {
        customer_name: '钱先生',
        customer_phone: '13500005555',
        channel: 'walk_in',
        subject: '意外险伤残理赔迟迟没有结论',
        description: '客户称伤残理赔材料已交，一直没有结论。',
        claim: 'compensation',
        category: 'claims',
        business_line: 'accident',
      });
      cli(dataDir, ['case', 'move', created.case.number, '--to', 'accepted', '--as', 'zhou']);
      cli(dataDir, ['case', 'move', created.case.number, '--to', 'assigned', '--as', 'zhou', '--fields', JSON.stringify({ department: '理赔部', handler_id: handlerId })]);
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  const openCase = async () => {
    await browser.execute((hash) => {
      window.location.hash = hash;
    }, `#/cases/${created.case.id}`);
    await ui.waitText('case-number', created.case.number);
  };

  // The handler asks.
  await app.waitForTestId('work-page');
  await app.signIn('liu');
  await ui.waitText('current-user', '刘理赔');
  await openCase();
  assert.equal(await app.byTestId('extend-open').isExisting(), false, 'a handler does not approve extensions');
  await ui.click('extend-request-open');
  await app.byTestId('extend-request-reason').waitForDisplayed({ timeout: WAIT_MS });
  await app.byTestId('extend-request-reason').addValue(REASON);
  await ui.shot('request-dialog');
  const ask = await app.waitForTestId('extend-request-submit');
  await ask.click();
  await ask.waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'the dialog closes once the request is sent' });
  await ui.waitText('extension-pending', REASON);
  await ui.waitText('timeline', '申请延期');

  // The supervisor approves it from the request.
  await app.signIn('zhou');
  await ui.waitText('current-user', '周主管');
  await openCase();
  await ui.waitText('extension-pending', '刘理赔');
  await ui.shot('request-pending');
  await ui.click('extend-open');
  const reason = await app.waitForTestId('extend-reason');
  assert.equal(await reason.getValue(), REASON, 'the approval starts from the request’s reason');
  await ui.check('extend-notified');
  const approve = await app.waitForTestId('extend-submit');
  await approve.click();
  await approve.waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'the dialog closes once approved' });
  await ui.waitText('clock-length-decision', '30 个自然日');
  await app.byTestId('extension-pending').waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'nothing is pending once approved' });
  await ui.shot('request-approved');
});
