// The customer page (客户) in the real window: from a case's phone, the page of its customer
// lists every case of that phone (and not somebody else's), the contacts masked as on the detail;
// a row opens its case. In the case list, a search by the phone's last four digits (尾号) finds
// the same cases, shows the phone with the tail marked, and the name opens the customer page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { cli, liftComplaint, setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const PHONE = '13800138000';
const TAIL = '8000';

test('a case’s phone opens its customer’s page, and the list finds the cases by the phone’s tail', async (t) => {
  let hers;
  let his;
  const app = await openApp(t.name, {
    signIn: 'zhang',
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      hers = [
        cli(dataDir, ['case', 'create', '--as', 'zhang'], { ...liftComplaint('3号楼电梯停运'), customer_phone: PHONE }),
        cli(dataDir, ['case', 'create', '--as', 'zhang'], { ...liftComplaint('电梯修好后又停了'), customer_phone: PHONE }),
      ].map((d) => d.case);
      // Somebody else, whose phone shares neither the start nor the tail.
      his = cli(dataDir, ['case', 'create', '--as', 'zhang'], {
        ...liftComplaint('地库照明不亮'),
        customer_name: '周先生',
        customer_phone: '13700137000',
      }).case;
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  await app.waitForTestId('work-page');
  const numbers = hers.map((c) => c.number).sort();

  /** The case numbers the table under `testId` shows, sorted. */
  const rowsOf = (testId) =>
    browser.execute(
      (sel) => [...document.querySelectorAll(`${sel} tbody tr[data-case-number]`)].map((r) => r.getAttribute('data-case-number')).sort(),
      `[data-testid="${testId}"]`,
    );
  const waitRows = async (testId, expected, what) => {
    let last = [];
    await browser.waitUntil(
      async () => {
        last = await rowsOf(testId);
        return JSON.stringify(last) === JSON.stringify(expected);
      },
      { timeout: WAIT_MS, timeoutMsg: `${what}: expected ${expected.join(', ')}, the table shows ${last.join(', ') || 'nothing'}` },
    );
  };

  // 1. The case page: the phone (masked) opens the customer's page.
  await browser.execute((hash) => {
    window.location.hash = hash;
  }, `#/cases/${hers[0].id}`);
  await ui.waitText('case-number', hers[0].number);
  await ui.waitText('open-customer-phone', '138****8000');
  await ui.click('open-customer-phone');
  await app.waitForTestId('customer-page', WAIT_MS);
  await waitRows('customer-cases', numbers, 'the customer page lists both of her cases');
  assert.ok(!(await rowsOf('customer-cases')).includes(his.number), 'and not somebody else’s');
  await ui.waitText('customer-title', '陈女士');
  await ui.waitText('customer-phones', '138****8000');
  await ui.waitText('customer-count-total', '2');
  await ui.shot('customer-page');

  // 2. A row opens its case.
  const row = await ui.waitFor(`[data-testid="customer-cases"] [data-case-number="${hers[1].number}"]`);
  // A table row has no box of its own in WebKit's hit testing: click a cell.
  await row.$('td:nth-child(3)').click();
  await ui.waitText('case-number', hers[1].number);

  // 3. The case list, searched by the phone's last four digits.
  await ui.click('nav-cases');
  await app.waitForTestId('case-list-page', WAIT_MS);
  await waitRows('case-list', [...numbers, his.number].sort(), 'before the search, every case');
  const search = await ui.waitFor('#desk-search');
  await search.click();
  await search.setValue(TAIL);
  await browser.keys(['Enter']);
  await waitRows('case-list', numbers, `a search for ${TAIL} finds the cases whose phone ends with it`);
  await ui.waitText('case-list-total', '共 2 条');
  const listed = await ui.waitFor(`[data-testid="case-list"] [data-case-number="${hers[0].number}"]`);
  const phone = await listed.$('[data-testid="case-row-phone"]');
  await phone.waitForExist({ timeout: WAIT_MS, timeoutMsg: 'the row shows the phone the search matched' });
  assert.equal(await phone.getProperty('textContent'), PHONE, 'the row shows her phone under her name');
  assert.equal(await phone.$('[data-testid="search-hit"]').getProperty('textContent'), TAIL, 'with its tail marked');
  await ui.shot('case-list-tail-search');

  // 4. The name in the row opens her page too.
  await (await listed.$('[data-testid="case-row-customer"]')).click();
  await app.waitForTestId('customer-page', WAIT_MS);
  await waitRows('customer-cases', numbers, 'the name opens the same customer page');
});
