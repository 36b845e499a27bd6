// 整改事项 in the real window: a supervisor ticks two cases in the list and opens an improvement
// item on them, takes it up and finishes it, reads its effect, verifies it, and finds it in the
// month's report. Each step is on the linked cases' timelines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { cli, liftComplaint, setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const SUPERVISOR = { login: 'zhou', name: '周主管' };
const ACTION = '更换电梯控制板，维保改为每周巡检';

test('a supervisor opens an improvement item on ticked cases, finishes and verifies it, and the monthly report lists it', async (t) => {
  const cases = {};
  const app = await openApp(t.name, {
    signIn: SUPERVISOR.login,
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      cli(dataDir, ['user', 'create', '--as', 'zhang'], { login: SUPERVISOR.login, display_name: SUPERVISOR.name, roles: ['supervisor'] });
      const create = (subject) => cli(dataDir, ['case', 'create', '--as', 'zhang'], liftComplaint(subject)).case;
      cases.a = create('1号楼电梯停运');
      cases.b = create('2号楼电梯异响');
      cases.other = create('3号楼电梯按钮失灵');
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);

  const tick = (c) => ui.tickCase(c.number);
  const status = async (label) => ui.waitText('improvement-status', label);

  await ui.waitText('current-user', SUPERVISOR.name);
  await ui.click('nav-cases');
  await tick(cases.a);
  await tick(cases.b);
  await ui.click('batch-improvement');
  await app.waitForTestId('improvement-open-form', WAIT_MS);
  await ui.fillImprovement({ action: ACTION, owner: SUPERVISOR.name, due: '2026-12-31' });
  await ui.shot('open-form');
  // Enter takes the typed date and sends the form, as from the keyboard.
  await browser.keys('Enter');

  // The new item opens, covering the two ticked cases and not the third.
  await app.waitForTestId('improvement-drawer', WAIT_MS);
  await status('待整改');
  const [item] = await app.invoke('list_improvements', { status: null });
  assert.equal(item.cases, 2, 'the item covers the two ticked cases');
  assert.equal(item.due_on, '2026-12-31', 'due on the day picked');
  assert.equal(item.action, ACTION);
  await ui.shot('item-open');

  await ui.click('improvement-move-in_progress');
  await status('整改中');
  await ui.click('improvement-move-done');
  await status('已完成');
  await ui.waitText('improvement-effect-summary', '整改后 30 天投诉');
  await ui.waitFor('[data-testid="effect-chart"] canvas, [data-testid="effect-chart"] svg');
  await ui.shot('item-done');
  await app.byTestId('improvement-note').addValue('电梯投诉明显减少');
  await ui.click('improvement-move-verified');
  await status('已验证');

  // Every step is on each linked case's timeline; the case left out has none.
  const steps = async (c) =>
    (await app.invoke('get_case', { id: c.id })).events.filter((e) => e.kind === 'improvement').map((e) => e.action);
  const expected = ['improvement_opened', 'improvement_in_progress', 'improvement_done', 'improvement_verified'];
  assert.deepEqual(await steps(cases.a), expected);
  assert.deepEqual(await steps(cases.b), expected);
  assert.deepEqual(await steps(cases.other), [], 'a case not ticked is not linked');

  // The month's report lists it, verified, with its effect.
  await browser.keys('Escape');
  const text = await ui.monthlyReportText();
  assert.ok(text.includes('整改事项') && text.includes('本月开立1') && text.includes('其中已验证1'), `the report counts the item:\n${text}`);
  // The action wraps in its narrow cell: its first words.
  assert.ok(text.includes(ACTION.slice(0, 8)) && text.includes('已验证'), 'and lists it, verified');
});
