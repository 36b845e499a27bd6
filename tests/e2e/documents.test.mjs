// Documents from the case page in the real window: the decision letter and both summaries are
// made as PDF (saved into the test's folder in place of the save dialog), say what the case says,
// keep internal notes out of the customer's summary, and each is noted on the timeline.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ARTIFACTS, openApp } from './lib/app.mjs';
import { cli, setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const CUSTOMER = '郑晓红';
const OUTCOME = '已更换供水泵并免收当月二次供水费';
const INTERNAL = '内部：维修公司承认上次漏检';

test('the decision letter and the summaries are made from the case page and noted on its timeline', async (t) => {
  let created;
  const app = await openApp(t.name, {
    signIn: 'zhang',
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      const handler = cli(dataDir, ['user', 'create', '--as', 'zhang'], { login: 'li', display_name: '李工', roles: ['handler'] });
      created = cli(dataDir, ['case', 'create', '--as', 'zhang'], {
        customer_name: CUSTOMER,
        customer_phone: '13700137000',
        channel: 'walk_in',
        subject: '高层水压不足',
        description: '18楼以上早晚用水高峰水压很低，热水器无法点火。',
        claim: 'correction',
        category: 'repair',
        subcategory: 'repair.water_power',
        project: '翠湖花园',
      });
      const n = created.case.number;
      cli(dataDir, ['case', 'move', n, '--to', 'accepted', '--as', 'zhang']);
      cli(dataDir, ['case', 'move', n, '--to', 'assigned', '--as', 'zhang', '--fields', JSON.stringify({ department: '工程部', handler_id: handler.id })]);
      cli(dataDir, ['case', 'move', n, '--to', 'in_progress', '--as', 'li']);
      cli(dataDir, ['case', 'move', n, '--to', 'responded', '--as', 'li', '--fields', JSON.stringify({
        facts: '二次供水泵叶轮磨损，出水压力不足',
        decision_basis: '物业服务合同第八条',
        outcome: OUTCOME,
        notice_method: 'phone',
      })]);
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  const number = created.case.number;
  await app.waitForTestId('work-page');
  await app.invoke('add_note', { id: created.case.id, input: { text: INTERNAL, internal: true } });
  await browser.execute((hash) => {
    window.location.hash = hash;
  }, `#/cases/${created.case.id}`);
  await ui.waitText('case-number', number);

  /** Picks a document from the 出具文书 menu and waits for its file; returns its text. */
  const issue = async (kind, title) => {
    await ui.click('documents-menu');
    await ui.click(`document-save-${kind}`);
    const file = path.join(app.saveDir, `${number}-${title}.pdf`);
    await browser.waitUntil(() => fs.existsSync(file) && fs.statSync(file).size > 0, {
      timeout: WAIT_MS,
      timeoutMsg: `${title} should be saved as ${file}`,
    });
    await ui.waitText('timeline', `出具文书：${title}`);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  };

  const letter = await issue('decision', '处理决定告知书');
  for (const part of [CUSTOMER, number, OUTCOME, '翠湖花园物业服务中心']) {
    assert.ok(letter.includes(part), `the decision letter says ${part}`);
  }
  const external = await issue('summary', '案件摘要');
  assert.ok(external.includes(CUSTOMER) && external.includes(OUTCOME), 'the summary names the customer and the decision');
  assert.ok(!external.includes(INTERNAL), 'the customer’s summary has no internal note');
  const internal = await issue('summary_internal', '案件摘要（内部）');
  assert.ok(internal.includes(INTERNAL), 'the internal summary has it');

  // A page of the letter as a picture, to look at.
  execFileSync('pdftoppm', ['-r', '70', '-png', '-f', '1', '-l', '1', path.join(app.saveDir, `${number}-处理决定告知书.pdf`), path.join(ARTIFACTS, 'decision-letter')]);
  await ui.shot('documents-on-timeline');
});
