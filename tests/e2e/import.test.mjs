// 导入历史投诉 in the real window: the admin picks a GBK CSV as Chinese Excel saves it (the open
// dialog answered by COMPLAINTDESK_OPEN_FILE), sees it read right, maps a column the suggestion
// left out and a category that matched nothing, dry-runs it (one row without a date is refused,
// the error report saved in place of the save dialog), imports it, and finds the cases in the
// case list and in the dashboard's received count.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_NOW, openApp, sqlite } from './lib/app.mjs';
import { cli, liftComplaint, setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

/**
 * The GBK bytes of every Chinese cell of the file (Python's `'…'.encode('gbk').hex()`): Node
 * cannot encode GBK without a package, and the file must be bytes as Excel writes them. Checked
 * against Node's own GBK decoder below, so a wrong entry fails loudly rather than as a refusal.
 */
const GBK = {
  受理日期: 'cadcc0edc8d5c6da',
  客户: 'bfcdbba7',
  电话: 'b5e7bbb0',
  反映事项: 'b7b4d3b3cac2cfee',
  问题描述: 'cecacce2c3e8caf6',
  问题类别: 'cecacce2c0e0b1f0',
  处理状态: 'b4a6c0edd7b4ccac',
  周建国: 'd6dcbda8b9fa',
  电梯困人: 'b5e7ccddc0a7c8cb',
  '3号楼电梯困人二十分钟': '33bac5c2a5b5e7ccddc0a7c8cbb6fecaaeb7d6d6d3',
  电梯故障: 'b5e7ccddb9cad5cf',
  已结案: 'd2d1bde1b0b8',
  吴丽: 'cee2c0f6',
  楼道堆放杂物: 'c2a5b5c0b6d1b7c5d4d3ceef',
  '5号楼楼道长期堆放纸箱': '35bac5c2a5c2a5b5c0b3a4c6dab6d1b7c5d6bdcfe4',
  楼道杂物: 'c2a5b5c0d4d3ceef',
  处理中: 'b4a6c0edd6d0',
  郑海: 'd6a3baa3',
  停车费上涨: 'cda3b3b5b7d1c9cfd5c7',
  月租车位收费比去年上涨: 'd4c2d7e2b3b5cebbcad5b7d1b1c8c8a5c4eac9cfd5c7',
  停车费: 'cda3b3b5b7d1',
  王芳: 'cdf5b7bc',
  装修噪音: 'd7b0d0ded4ebd2f4',
  楼上装修周末施工: 'c2a5c9cfd7b0d0ded6dcc4a9caa9b9a4',
  孙敏: 'cbefc3f4',
  草坪无人修剪: 'b2ddc6bacedec8cbd0debcf4',
  小区草坪长期无人修剪: 'd0a1c7f8b2ddc6bab3a4c6dacedec8cbd0debcf4',
  绿化养护: 'c2ccbbafd1f8bba4',
};

/** A cell in GBK: ASCII as it is, Chinese from the table. */
function gbk(cell) {
  if (/^[\x20-\x7e]*$/.test(cell)) return Buffer.from(cell, 'ascii');
  const hex = GBK[cell];
  if (!hex) throw new Error(`no GBK bytes for “${cell}”: add them to the table (python3 -c "print('${cell}'.encode('gbk').hex())")`);
  return Buffer.from(hex, 'hex');
}

/** A CSV file in GBK with CRLF lines, as Chinese Excel's “CSV (逗号分隔)” writes it. */
function gbkCsv(rows) {
  const lines = rows.map((cells) => Buffer.concat(cells.flatMap((c, i) => (i ? [Buffer.from(','), gbk(c)] : [gbk(c)]))));
  return Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\r\n')]));
}

/** The day `days` before the test clock's instant, on the desk's calendar (Asia/Shanghai). */
function daysBefore(days) {
  const at = new Date(new Date(DEFAULT_NOW).getTime() - days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const FILE_NAME = '旧系统导出.csv';

test('the admin imports a GBK file of past complaints: mapped, dry-run, imported, found in the list and the dashboard', async (t) => {
  let decoder = null;
  try {
    decoder = new TextDecoder('gbk');
  } catch {
    // A Node without full ICU cannot decode GBK: the table is then taken as written.
  }
  if (decoder) for (const [text, hex] of Object.entries(GBK)) assert.equal(decoder.decode(Buffer.from(hex, 'hex')), text, `the GBK bytes of ${text}`);

  // Four rows that can be imported (孙敏 without a phone: 信息不全) and one without a date.
  const rows = [
    ['受理日期', '客户', '电话', '反映事项', '问题描述', '问题类别', '处理状态'],
    [daysBefore(3), '周建国', '13912345678', '电梯困人', '3号楼电梯困人二十分钟', '电梯故障', '已结案'],
    [daysBefore(3), '吴丽', '13812345679', '楼道堆放杂物', '5号楼楼道长期堆放纸箱', '楼道杂物', '处理中'],
    [daysBefore(2), '郑海', '13612345670', '停车费上涨', '月租车位收费比去年上涨', '停车费', '已结案'],
    ['', '王芳', '13712345671', '装修噪音', '楼上装修周末施工', '装修噪音', '已结案'],
    [daysBefore(1), '孙敏', '', '草坪无人修剪', '小区草坪长期无人修剪', '绿化养护', '处理中'],
  ];
  const base = process.env.E2E_TMP ?? os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  const folder = fs.mkdtempSync(path.join(base, 'import-file-'));
  const file = path.join(folder, FILE_NAME);
  fs.writeFileSync(file, gbkCsv(rows));

  const app = await openApp(t.name, {
    signIn: 'zhang',
    env: { COMPLAINTDESK_OPEN_FILE: file },
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      // One complaint of today, so the dashboard has a figure before the import.
      cli(dataDir, ['case', 'create', '--as', 'zhang'], liftComplaint('3号楼电梯停运'));
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  const text = (id) => app.byTestId(id).getProperty('textContent');
  await app.waitForTestId('work-page');
  await browser.setWindowSize(1366, 768);

  // The dashboard's received count over the file's days and today, before the import.
  const dashboard = `#/dashboard?from=${daysBefore(10)}&to=${daysBefore(0)}`;
  const openDashboard = () =>
    browser.execute((hash) => {
      window.location.hash = hash;
    }, dashboard);
  await openDashboard();
  await app.waitForTestId('kpi-received-value', WAIT_MS);
  const receivedBefore = Number((await text('kpi-received-value')).replace(/\D/g, ''));
  assert.equal(receivedBefore, 1, 'the one complaint of today');

  // 1. The file, read as GBK.
  await ui.click('nav-import');
  await app.waitForTestId('import-page', WAIT_MS);
  await ui.click('import-pick');
  await app.waitForTestId('import-mapping', WAIT_MS);
  await ui.waitText('import-file-name', FILE_NAME);
  assert.match(await text('import-encoding'), /^GBK/, 'the encoding is named');
  assert.equal(await text('import-rows'), '5 行', 'five rows under the header');
  assert.equal(await text('import-examples-1'), '周建国、吴丽、郑海', 'the names read right from GBK');
  assert.ok((await text('import-column-0')).includes('收到时间'), '受理日期 is suggested as the day received');
  assert.ok((await text('import-column-3')).includes('不导入'), '反映事项 is left out by the suggestion');
  await app.waitForTestId('import-uncategorized-楼道杂物', WAIT_MS);
  await ui.shot('import-preview');

  // 2. 反映事项 is the subject; 楼道杂物 is 保洁. Each change reads the file again.
  const refreshed = async (what) =>
    browser.waitUntil(async () => !(await app.byTestId('import-refreshing').isExisting()), { timeout: WAIT_MS, timeoutMsg: `the preview should refresh after ${what}` });
  await ui.pickOption('import-column-3', '投诉事由');
  await refreshed('the column change');
  await ui.pickOption('import-value-category-楼道杂物', '环境卫生 / 保洁');
  await refreshed('the value change');
  await app.byTestId('import-uncategorized-楼道杂物').waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: '楼道杂物 is no longer uncategorised' });
  assert.ok((await text('import-column-3')).includes('投诉事由'), 'the column change is kept');

  // 3. 试导入: four can be imported, one is refused for its missing date, nothing written.
  await ui.click('import-dry-run');
  await app.waitForTestId('import-checked', WAIT_MS);
  assert.equal(await text('import-count-rows'), '5');
  assert.equal(await text('import-count-imported'), '4', '可导入');
  assert.equal(await text('import-count-refused'), '1', '不能导入: the row without a date');
  assert.equal(await text('import-count-incomplete'), '1', '信息不全: 孙敏 has no phone');
  assert.equal(await text('import-count-uncategorized'), '0', '未分类: none, 楼道杂物 being 保洁 now');
  const refusal = await ui.waitFor('[data-testid="import-refusals"] tr[data-row="5"]');
  assert.ok((await refusal.getProperty('textContent')).includes('受理日期'), 'row 5 of the file is refused for its 受理日期');
  const db = path.join(app.dataDir, 'complaintdesk.sqlite3');
  assert.equal(sqlite(db, 'select count(*) as n from case_imports')[0].n, 0, 'a dry run writes nothing');
  await ui.click('import-save-report');
  const report = path.join(app.saveDir, '旧系统导出-未导入的行.xlsx');
  await browser.waitUntil(() => fs.existsSync(report) && fs.statSync(report).size > 0, { timeout: WAIT_MS, timeoutMsg: `the error report should be saved as ${report}` });
  await ui.shot('import-dry-run');

  // 4. 导入 (skipping the refused row, the default), after the question.
  const bar = await ui.watch('bar', '[data-testid="import-progress"]');
  await ui.click('import-run');
  await ui.click('import-confirm');
  await ui.waitText('import-done-summary', `已从“${FILE_NAME}”导入 4 件历史投诉`);
  assert.ok((await bar.values()).some((shown) => shown !== null), 'a progress bar showed while it ran');
  assert.equal(await text('import-count-imported'), '4', '已导入');
  assert.equal(sqlite(db, 'select count(*) as n from case_imports')[0].n, 4, 'four cases marked as imported rows');
  await ui.shot('import-done');

  // 5. The cases are in the list, found by a word of one row.
  await ui.click('import-open-cases');
  await app.waitForTestId('case-list-page', WAIT_MS);
  const search = await ui.waitFor('#desk-search');
  await search.click();
  await search.setValue('堆放杂物');
  await browser.keys(['Enter']);
  await ui.waitText('case-list-total', '共 1 条');
  const row = await ui.waitFor('[data-testid="case-list"] tbody tr[data-case-number]');
  assert.ok((await row.getProperty('textContent')).includes('楼道堆放杂物'), 'the row of 吴丽’s complaint, its subject from 反映事项');

  // 6. And the dashboard counts them as received on their days.
  await openDashboard();
  await ui.waitText('kpi-received-value', String(receivedBefore + 4));
  assert.equal(Number((await text('kpi-received-value')).replace(/\D/g, '')), receivedBefore + 4, 'the four imported complaints are received in the period');
});
