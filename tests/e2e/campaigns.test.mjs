// The improvement loop in the real window: a supervisor opens an improvement item from a
// dashboard hotspot, starts a follow-up campaign (集中回访) on its cases from the item, works the
// calls from the 回访 page (one satisfied, one whose problem is back, which registers a new case,
// one not reached), closes the campaign with its result, verifies the item, and finds item and
// campaign in the month's report.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp, readClock } from './lib/app.mjs';
import { cli, liftComplaint, setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const SUPERVISOR = { login: 'zhou', name: '周主管' };
const ACTION = '更换翠湖花园全部电梯控制板';
const RESULT = '两户认可整改，一户问题复现已另案处理';

test('hotspot → improvement item → campaign from the 回访 page → verified item → monthly report', async (t) => {
  const cases = [];
  const app = await openApp(t.name, {
    signIn: SUPERVISOR.login,
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      cli(dataDir, ['user', 'create', '--as', 'zhang'], { login: SUPERVISOR.login, display_name: SUPERVISOR.name, roles: ['supervisor'] });
      // Three lift complaints at one site this morning: a hotspot (a new problem needs three).
      const morning = new Date(readClock(dataDir).getTime() - 2 * 3600_000).toISOString();
      for (const [subject, phone] of [['1号楼电梯停运', '13800138001'], ['2号楼电梯异响', '13800138002'], ['3号楼电梯困人', '13800138003']]) {
        cases.push(cli(dataDir, ['case', 'create', '--as', 'zhang'], { ...liftComplaint(subject), customer_phone: phone, received_at: morning }).case);
      }
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  const status = async (label) => ui.waitText('improvement-status', label);

  // The hotspot opens an item on its cases.
  await ui.waitText('current-user', SUPERVISOR.name);
  await ui.click('nav-dashboard');
  await ui.click('hotspot-improvement');
  await app.waitForTestId('improvement-open-form', WAIT_MS);
  await ui.fillImprovement({ action: ACTION, owner: SUPERVISOR.name, due: '2026-12-31' });
  await browser.keys('Enter');
  await app.waitForTestId('improvement-drawer', WAIT_MS);
  await status('待整改');
  const [item] = await app.invoke('list_improvements', { status: null });
  assert.equal(item.cases, 3, "the item covers the hotspot's three cases");

  // From the item, a campaign on its cases; the title says what it checks.
  await ui.click('improvement-campaign');
  await app.waitForTestId('campaign-open-form', WAIT_MS);
  await ui.waitText('campaign-case-count', '3');
  await ui.shot('campaign-form');
  await ui.click('campaign-open-submit');
  await ui.waitFor('[data-testid="improvement-campaign-row"]');
  const [campaign] = await app.invoke('list_campaigns', {});
  assert.equal(campaign.improvement_id, item.id, 'the campaign checks the item');
  assert.equal(campaign.figures.calls, 3);
  await browser.keys('Escape');

  // The 回访 page's 集中回访 tab holds a call for each case.
  await ui.click('nav-followup');
  await ui.click('followup-tab-campaigns');
  for (const c of cases) await ui.waitFor(`[data-testid="campaign-queue-row-${c.number}"]`);
  await ui.shot('campaign-queue');
  const call = async (c, fill) => {
    await ui.click(`campaign-queue-call-${c.number}`);
    await app.waitForTestId('campaign-call-form', WAIT_MS);
    await ui.waitText('campaign-call-script', c.number);
    await ui.click('campaign-method-phone');
    await fill();
    await ui.click('campaign-call-submit');
    // Saved when the call counts an attempt.
    await browser.waitUntil(
      async () => (await app.invoke('get_campaign', { id: campaign.id })).calls.find((k) => k.case_id === c.id).attempts === 1,
      { timeout: WAIT_MS, timeoutMsg: `the call about ${c.number} is saved` },
    );
  };
  await call(cases[0], async () => {
    await ui.click('campaign-reached-yes');
    await ui.click('campaign-score-5');
    await ui.click('campaign-problem-back-no');
  });
  await call(cases[1], async () => {
    await ui.click('campaign-reached-yes');
    await ui.click('campaign-score-2');
    await ui.click('campaign-problem-back-yes');
    await app.byTestId('campaign-call-comment').addValue('电梯上周又停了两次');
    await ui.shot('campaign-call');
  });
  await ui.waitText('campaign-call-saved', 'TS-');
  await call(cases[2], async () => {
    await ui.click('campaign-reached-no');
  });

  // The problem that is back is a new case; the old one stays as it was.
  const figures = (await app.invoke('get_campaign', { id: campaign.id })).campaign.figures;
  assert.deepEqual([figures.reached, figures.satisfied, figures.problem_back, figures.pending], [2, 1, 1, 1]);
  const calls = (await app.invoke('get_campaign', { id: campaign.id })).calls;
  const back = calls.find((c) => c.case_id === cases[1].id);
  const newCase = (await app.invoke('get_case', { id: back.new_case_id })).case;
  assert.ok(newCase.description.includes(cases[1].number) && newCase.description.includes('电梯上周又停了两次'), newCase.description);
  const old = (await app.invoke('get_case', { id: cases[1].id })).case;
  assert.equal(old.status, cases[1].status, 'a campaign does not move the case it calls about');

  // The campaign closes with its result, on its own page.
  await ui.click('nav-campaigns');
  await ui.click('campaign-open');
  await app.waitForTestId('campaign-drawer', WAIT_MS);
  await ui.waitText('campaign-figure-problem_back', '1');
  await app.byTestId('campaign-result-input').addValue(RESULT);
  await ui.click('campaign-close-submit');
  await ui.waitText('campaign-result', RESULT);
  await ui.shot('campaign-closed');
  await browser.keys('Escape');

  // The item is finished and verified; its drawer shows the campaign's result.
  await ui.click('nav-improvements');
  await browser.execute((id) => {
    window.location.hash = `#/improvements/${id}`;
  }, item.id);
  await app.waitForTestId('improvement-drawer', WAIT_MS);
  await ui.waitText('improvement-campaign-result', RESULT);
  await ui.click('improvement-move-in_progress');
  await status('整改中');
  await ui.click('improvement-move-done');
  await status('已完成');
  await app.byTestId('improvement-note').addValue('回访满意，投诉减少');
  await ui.click('improvement-move-verified');
  await status('已验证');
  await ui.shot('item-verified');
  await browser.keys('Escape');

  // The month's report lists the verified item and the campaign with its result.
  const text = await ui.monthlyReportText();
  assert.ok(text.includes('其中已验证1'), `the report counts the verified item:\n${text}`);
  assert.ok(text.includes('集中回访') && text.includes(RESULT.slice(0, 8)), `and lists the campaign with its result:\n${text}`);
});
