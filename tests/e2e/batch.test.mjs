// 批量操作 in the real window: a supervisor ticks rows of the case list, 批量受理 takes the
// registered ones and lists the one already accepted as 未执行 with its reason; then 分派… hands
// the cases to a handler in one go, except the one complaining about him (回避). The refused stay
// ticked, the others leave the selection, and the database agrees with the result dialog.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { cli, liftComplaint, setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const SUPERVISOR = { login: 'zhou', name: '周主管' };
const HANDLER = { login: 'ligong', name: '李工' };

test('a supervisor accepts and assigns selected cases in a batch and reads the result of each', async (t) => {
  const cases = {};
  const app = await openApp(t.name, {
    signIn: SUPERVISOR.login,
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      cli(dataDir, ['user', 'create', '--as', 'zhang'], { login: SUPERVISOR.login, display_name: SUPERVISOR.name, roles: ['supervisor'] });
      const handler = cli(dataDir, ['user', 'create', '--as', 'zhang'], {
        login: HANDLER.login,
        display_name: HANDLER.name,
        roles: ['handler'],
        department: '工程部',
      });
      const create = (subject, extra = {}) => cli(dataDir, ['case', 'create', '--as', 'zhang'], { ...liftComplaint(subject), ...extra }).case;
      cases.a = create('1号楼电梯停运');
      cases.b = create('2号楼电梯异响');
      // 李工 is the staff member this customer complains about: he may not handle it (回避).
      cases.about = create('维修师傅李工态度恶劣', { staff_user_id: handler.id });
      cases.accepted = create('4号楼电梯按钮失灵');
      cli(dataDir, ['case', 'move', cases.accepted.number, '--to', 'accepted', '--as', 'zhang']);
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  const all = [cases.a, cases.b, cases.about, cases.accepted];

  const tick = (c) => ui.tickCase(c.number);
  /** Each row of the result dialog: the case number, 成功 or not, and what it says. */
  const results = () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="batch-result-row"]')].map((row) => ({
        number: row.getAttribute('data-case-number'),
        ok: row.getAttribute('data-ok') === 'true',
        text: row.textContent,
      })),
    );
  const closeResults = async () => {
    await ui.click('batch-result-close');
    await app.byTestId('batch-result').waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'the result dialog closes' });
  };
  const status = async (c) => (await app.invoke('get_case', { id: c.id })).case;

  await ui.waitText('current-user', SUPERVISOR.name);
  await ui.click('nav-cases');
  for (const c of all) await ui.waitFor(`[data-testid="case-list"] [data-case-number="${c.number}"]`);
  assert.equal(await app.byTestId('batch-bar').isExisting(), false, 'no batch bar before a row is ticked');

  // 1. 批量受理: four ticked, one of them accepted already.
  for (const c of all) await tick(c);
  await ui.waitText('batch-count', '已选 4 件');
  assert.equal(await browser.getUrl().then((u) => u.includes('/cases/')), false, 'ticking rows opens no case');
  await ui.shot('four-selected');
  await ui.click('batch-accept');
  await ui.click('batch-accept-confirm');
  await app.waitForTestId('batch-result', WAIT_MS);
  await ui.waitText('batch-result-summary', '成功 3 件，未执行 1 件');
  const accepted = await results();
  assert.deepEqual(
    accepted.map((r) => [r.number, r.ok]),
    all.map((c) => [c.number, c !== cases.accepted]),
    'one row per case, in the order ticked: the registered accepted, the accepted one not',
  );
  const refused = accepted.find((r) => r.number === cases.accepted.number);
  assert.match(refused.text, /未执行/, 'the refused case reads 未执行');
  assert.match(refused.text, /当前状态下不能执行此操作/, `and says why: “${refused.text}”`);
  await ui.shot('accept-results');
  await closeResults();
  await ui.waitText('batch-count', '已选 1 件');
  for (const c of [cases.a, cases.b, cases.about]) assert.equal((await status(c)).status, 'accepted', `${c.number} is accepted in the database`);

  // 2. 分派…: the three just accepted join the one still ticked; 李工 may not take the case about him.
  for (const c of [cases.a, cases.b, cases.about]) await tick(c);
  await ui.waitText('batch-count', '已选 4 件');
  await ui.click('batch-assign');
  await ui.pickOption('batch-handler', HANDLER.name);
  await ui.waitText('batch-department', '工程部');
  await ui.shot('assign-dialog');
  await ui.click('batch-assign-submit');
  await app.waitForTestId('batch-result', WAIT_MS);
  await ui.waitText('batch-result-summary', '成功 3 件，未执行 1 件');
  const assigned = await results();
  const recused = assigned.find((r) => r.number === cases.about.number);
  assert.equal(recused.ok, false, 'the case about 李工 is not given to him');
  assert.match(recused.text, /被投诉人不能经办本案/, `the reason is the recusal: “${recused.text}”`);
  await ui.shot('assign-results');
  await closeResults();
  await ui.waitText('batch-count', '已选 1 件');

  for (const c of [cases.a, cases.b, cases.accepted]) {
    const now = await status(c);
    assert.equal(now.status, 'assigned', `${c.number} is assigned in the database`);
    assert.equal(now.department, '工程部', `${c.number} went to 工程部`);
  }
  const untouched = await status(cases.about);
  assert.equal(untouched.status, 'accepted', 'the refused case stays as it was');
  assert.equal(untouched.handler_id, null, 'with no handler');
  // The list shows what the database says: the assigned rows read 已分派.
  await ui.waitText('case-list', '已分派');
});
