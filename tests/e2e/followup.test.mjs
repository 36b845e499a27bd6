// The follow-up loop in the real window: the follow-up clerk finds the call in the 回访 queue,
// reads the script beside the form, records a dissatisfied call; the case goes back to its
// handler, who responds again; the second call is satisfied and the case closes. The timeline
// and the SQLite file both hold every call and step.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openApp, sqlite } from './lib/app.mjs';
import { cli, setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const CUSTOMER = '周美玲';
const COMMENT = '电梯修好两天又停了，物业没有再来人';

test('a dissatisfied follow-up reopens the case to its handler, and a second call closes it', async (t) => {
  let created;
  let handlerId;
  let callerId;
  const app = await openApp(t.name, {
    signIn: 'zhang',
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      handlerId = cli(dataDir, ['user', 'create', '--as', 'zhang'], { login: 'li', display_name: '李工', roles: ['handler'] }).id;
      callerId = cli(dataDir, ['user', 'create', '--as', 'zhang'], { login: 'zhao', display_name: '赵回访', roles: ['followup'] }).id;
      created = cli(dataDir, ['case', 'create', '--as', 'zhang'], {
        customer_name: CUSTOMER,
        customer_phone: '13600136000',
        channel: 'phone',
        subject: '5号楼电梯反复故障',
        description: '5号楼电梯一周内停运两次，业主要求彻底维修。',
        claim: 'correction',
        category: 'repair',
        subcategory: 'repair.elevator',
        project: '翠湖花园',
      });
      const number = created.case.number;
      cli(dataDir, ['case', 'move', number, '--to', 'accepted', '--as', 'zhang']);
      cli(dataDir, ['case', 'move', number, '--to', 'assigned', '--as', 'zhang', '--fields', JSON.stringify({ department: '工程部', handler_id: handlerId })]);
      cli(dataDir, ['case', 'move', number, '--to', 'in_progress', '--as', 'li']);
      cli(dataDir, ['case', 'move', number, '--to', 'responded', '--as', 'li', '--fields', JSON.stringify({
        facts: '电梯门机板老化',
        decision_basis: '物业服务合同第八条',
        outcome: '已更换门机板，电梯恢复运行',
        notice_method: 'phone',
      })]);
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  const number = created.case.number;
  const openCase = async () => {
    await browser.execute((hash) => {
      window.location.hash = hash;
    }, `#/cases/${created.case.id}`);
    await ui.waitText('case-number', number);
  };
  const saveCall = async () => {
    const save = await app.waitForTestId('followup-submit');
    await save.click();
    await save.waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'the call form closes once the call is saved' });
  };

  // 1. The follow-up clerk's queue lists the call; the form shows the script and the history.
  await app.waitForTestId('work-page');
  await browser.setWindowSize(1366, 768);
  await app.signIn('zhao');
  await ui.waitText('current-user', '赵回访');
  await ui.click('nav-followup');
  await app.waitForTestId('followup-page');
  await ui.waitFor(`[data-testid="followup-row-${number}"]`);
  await ui.shot('queue');
  await ui.click(`followup-call-${number}`);
  await app.waitForTestId('followup-form');
  await ui.waitText('followup-script', CUSTOMER);
  await ui.waitText('followup-script', '已更换门机板，电梯恢复运行');
  await ui.waitText('followup-attempt', '1');

  // 2. A dissatisfied call: score 2, not solved; the form warns that the case will be reopened.
  await ui.click('followup-score-2');
  await ui.click('followup-solved-no');
  await app.waitForTestId('followup-reopen-warning');
  await app.byTestId('followup-comment').addValue(COMMENT);
  await ui.shot('call-form-dissatisfied');
  await saveCall();
  await app.byTestId(`followup-row-${number}`).waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'the call leaves the queue once recorded' });

  // 3. The handler takes the reopened case back and responds again.
  await app.signIn('li');
  await ui.waitText('current-user', '李工');
  await openCase();
  await ui.waitText('case-status', '重开');
  await ui.waitText('timeline', COMMENT);
  await ui.step('start');
  await ui.waitText('case-status', '处理中');
  await ui.step('respond', async () => {
    await app.byTestId('step-facts').addValue('门机板与控制柜接线松动，二次检修已紧固。');
    await app.byTestId('step-decision_basis').addValue('物业服务合同第八条');
    await app.byTestId('step-outcome').addValue('已彻底检修并加装监测，承诺一月内免费复查。');
    await ui.pickOption('step-notice_method', '电话');
  });
  await ui.waitText('case-status', '待回访');

  // 4. The second call is satisfied and closes the case.
  await app.signIn('zhao');
  await ui.waitText('current-user', '赵回访');
  await openCase();
  await ui.click('action-followup');
  await app.waitForTestId('followup-form');
  await ui.waitText('followup-script', '已彻底检修并加装监测');
  await ui.click('followup-score-5');
  await ui.click('followup-solved-yes');
  await saveCall();
  await ui.waitText('case-status', '已结案');
  const kinds = await browser
    .$$('[data-testid="timeline-event"][data-event-kind="followup"]')
    .map((e) => e.getAttribute('data-event-action'));
  assert.deepEqual([...kinds].sort(), ['satisfied', 'unsatisfied'], 'both calls are on the timeline');
  const steps = await browser
    .$$('[data-testid="timeline-event"][data-event-kind="transition"]')
    .map((e) => e.getAttribute('data-event-action'));
  for (const action of ['reopen', 'start', 'respond', 'close']) {
    assert.ok(steps.includes(action), `the timeline shows the step ${action}: ${steps.join(', ')}`);
  }
  await ui.waitFor('[data-testid="followup-card"]');
  await ui.shot('closed-after-second-call');

  // 5. The database agrees.
  await app.close();
  const db = path.join(app.dataDir, 'complaintdesk.sqlite3');
  const [stored] = sqlite(db, `select id, status, handler_id, satisfaction, solved from cases where number = '${number}'`);
  assert.deepEqual(
    { status: stored.status, handler: stored.handler_id, satisfaction: stored.satisfaction, solved: stored.solved },
    { status: 'closed', handler: handlerId, satisfaction: 5, solved: 1 },
    'closed with the second call’s result, still with its handler',
  );
  const attempts = sqlite(db, `select number, reached, satisfaction, solved, outcome, comment, by_user from followup_attempts where case_id = ${stored.id} order by id`);
  assert.deepEqual(
    attempts.map((a) => [a.reached, a.satisfaction, a.solved, a.outcome, a.by_user]),
    [
      [1, 2, 0, 'unsatisfied', callerId],
      [1, 5, 1, 'satisfied', callerId],
    ],
    'both calls are stored with their scores',
  );
  assert.equal(attempts[0].comment, COMMENT, 'the customer’s words are kept verbatim');
  const tasks = sqlite(db, `select round, state from followup_tasks where case_id = ${stored.id} order by id`);
  assert.deepEqual(tasks, [{ round: 1, state: 'reopened' }, { round: 1, state: 'done' }], 'a task per response');
  const events = sqlite(db, `select action, actor_role from events where case_id = ${stored.id} and kind = 'transition' order by id`);
  assert.deepEqual(
    events.map((e) => `${e.action}:${e.actor_role}`),
    [
      'accept:clerk',
      'assign:supervisor',
      'start:handler',
      'respond:handler',
      'await_followup:system',
      'reopen:followup',
      'start:handler',
      'respond:handler',
      'await_followup:system',
      'close:followup',
    ],
    'every step in order, with the role it was taken in',
  );
});
