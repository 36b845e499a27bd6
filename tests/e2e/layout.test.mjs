// Tables that fit an office laptop: on a 600-case demo desk, at 1366×768 and at 1024×700, no
// column of the case list, the 回访 queue or the dashboard's tables is squeezed to a character or
// two, 收到时间 shows beside the pinned deadline columns at 1366, and 到期/剩余 stay in sight at
// 1024. Screenshots of each page at both sizes are left in the artifacts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { cli } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const SIZES = [
  [1366, 768],
  [1024, 700],
];

/** Each header cell with words in it inside `selector`: its text and where it sits on screen. */
function headersOf(browser, selector) {
  return browser.execute((sel) => {
    const root = document.querySelector(sel);
    if (!root) return [];
    return [...root.querySelectorAll('thead th')]
      .filter((th) => th.textContent.trim() !== '')
      .map((th) => {
        const r = th.getBoundingClientRect();
        const box = th.closest('.ant-table-container')?.getBoundingClientRect();
        return { text: th.textContent.trim(), left: r.left, right: r.right, width: r.width, height: r.height, viewLeft: box?.left ?? 0, viewRight: box?.right ?? 0 };
      });
  }, selector);
}

/** No header narrower than three characters, none wrapped into a column of single characters. */
function assertReadable(headers, where) {
  assert.ok(headers.length > 0, `${where}: the table has headers`);
  for (const h of headers) {
    assert.ok(h.width >= 44, `${where}: “${h.text}” is ${Math.round(h.width)} px wide`);
    assert.ok(h.height < 64, `${where}: “${h.text}” is ${Math.round(h.height)} px tall (its words wrapped)`);
  }
}

/** Opens a page from the side menu, whose labels fold away below 1200 px: the item is clicked. */
async function go(app, key) {
  const item = await app.browser.$(`//li[contains(@class, "ant-menu-item")][.//span[@data-testid="nav-${key}"]]`);
  await item.waitForClickable({ timeout: WAIT_MS, timeoutMsg: `the menu's ${key} item should be there to click` });
  await item.click();
}

/** Cells of `selector`'s body whose words run past their edge (an ellipsis column cuts on purpose, with “…”). */
function clippedCells(browser, selector) {
  return browser.execute((sel) => {
    const cells = [...document.querySelectorAll(`${sel} tbody tr[data-row-key] td`)];
    // Where the words are drawn (a range over the cell's contents) against the cell's own box.
    const cut = (td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      const words = range.getBoundingClientRect();
      const box = td.getBoundingClientRect();
      return words.width > 0 && (words.right > box.right + 1 || words.left < box.left - 1);
    };
    return cells.filter((td) => !td.classList.contains('ant-table-cell-ellipsis') && cut(td)).map((td) => td.textContent.trim());
  }, selector);
}

const seen = (h) => h.left >= h.viewLeft - 1 && h.right <= h.viewRight + 1;

test('the case list, a case, the 回访 queue and the dashboard fit 1366×768 and 1024×700', async (t) => {
  const app = await openApp(t.name, {
    signIn: 'admin',
    prepare: (dataDir) => cli(dataDir, ['demo', '--profile', 'property', '--cases', '600', '--months', '4']),
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  await app.waitForTestId('work-page', WAIT_MS);

  for (const [w, h] of SIZES) {
    await browser.setWindowSize(w, h);
    await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= w, { timeout: WAIT_MS, timeoutMsg: `the window is ${w} wide` });

    await go(app, 'cases');
    await ui.waitFor('[data-testid="case-list"] tbody tr[data-case-number]');
    const list = await headersOf(browser, '[data-testid="case-list"]');
    assertReadable(list, `case list at ${w}`);
    const byText = (text) => list.find((x) => x.text === text);
    for (const pinned of ['到期', '剩余']) assert.ok(byText(pinned) && seen(byText(pinned)), `case list at ${w}: ${pinned} is in sight`);
    if (w === 1366) {
      const received = byText('收到时间');
      assert.ok(received && received.right <= byText('到期').left + 1, `case list at 1366: 收到时间 shows whole beside the pinned 到期 (${JSON.stringify(received)})`);
    }
    assert.deepEqual(await clippedCells(browser, '[data-testid="case-list"]'), [], `case list at ${w}: no cell's words are cut`);
    await ui.shot(`${w}-case-list`);

    await (await browser.$('[data-testid="case-list"] tbody tr[data-case-number] a')).click();
    await app.waitForTestId('case-detail', WAIT_MS);
    await ui.waitFor('[data-testid="timeline"]');
    const overflow = await browser.execute(() => document.querySelector('.desk-content').scrollWidth - document.querySelector('.desk-content').clientWidth);
    assert.ok(overflow <= 1, `the case page at ${w} needs no sideways scrolling (${overflow} px)`);
    await ui.shot(`${w}-case`);

    await go(app, 'dashboard');
    await app.waitForTestId('dashboard-page', WAIT_MS);
    await ui.waitFor('[data-testid="dashboard-handlers"] tbody tr');
    assertReadable(await headersOf(browser, '[data-testid="dashboard-handlers"]'), `dashboard handlers at ${w}`);
    await ui.shot(`${w}-dashboard`);
  }

  // The sign-in screen and the menu's labels at a common size; the queue is then seen at both.
  await browser.setWindowSize(1366, 768);
  await ui.signIn('huifang');
  for (const [w, h] of SIZES) {
    await browser.setWindowSize(w, h);
    await go(app, 'followup');
    await app.waitForTestId('followup-page', WAIT_MS);
    await ui.click('followup-filter-all');
    await ui.waitFor('[data-testid="followup-page"] tbody tr[data-bucket]');
    assertReadable(await headersOf(browser, '[data-testid="followup-page"]'), `回访 queue at ${w}`);
    assert.deepEqual(await clippedCells(browser, '[data-testid="followup-page"]'), [], `回访 queue at ${w}: no cell's words are cut`);
    await ui.shot(`${w}-followup`);
  }
});
