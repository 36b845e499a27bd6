import { renderWithDesk } from '../../testing/renderWithDesk';
import '../../testing/jsdom';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FieldChoice } from '../../lib/ipc/bindings/FieldChoice';
import type { ImportedBefore } from '../../lib/ipc/bindings/ImportedBefore';
import type { ImportPreview } from '../../lib/ipc/bindings/ImportPreview';
import type { ImportReport } from '../../lib/ipc/bindings/ImportReport';
import type { Mapping } from '../../lib/ipc/bindings/Mapping';
import type { SavedMapping } from '../../lib/ipc/bindings/SavedMapping';
import type { ValueRow } from '../../lib/ipc/bindings/ValueRow';
import type { ImportChoice } from '../../lib/ipc/commands';
import { emitBackendEvent, fakeBackend, resetBackend, type FakeCommand } from '../../lib/ipc/testing';
import { users } from '../../testing/fixtures';
import { machineZone } from '../../testing/machineZone';
import { ImportPage } from './ImportPage';

afterEach(() => {
  cleanup();
  resetBackend();
});

const FILE = '/home/admin/旧系统导出.csv';
/** A name with a right-to-left override in it, which the backend refuses. */
const BIDI_NAME = '旧系统\u202e';

const fields: FieldChoice[] = [
  { field: 'old_number', label: '原编号' },
  { field: 'received_at', label: '收到时间' },
  { field: 'subject', label: '投诉事由' },
  { field: 'description', label: '投诉内容' },
  { field: 'customer_name', label: '客户' },
  { field: 'customer_phone', label: '电话' },
  { field: 'channel', label: '渠道' },
  { field: 'category', label: '类别' },
  { field: 'status', label: '状态' },
];

/** The file as the backend reads it: a GBK CSV of 5 rows, one of them without a date. */
const headers = ['受理日期', '客户', '电话', '反映事项', '问题描述', '问题类别', '处理状态'];
const sample = [
  ['2026-12-01', '周建国', '13912345678', '电梯困人', '3号楼电梯困人二十分钟', '电梯故障', '已结案'],
  ['2026-12-01', '吴丽', '13812345679', '楼道堆放杂物', '5号楼楼道长期堆放纸箱', '楼道杂物', '处理中'],
  ['2026-12-02', '郑海', '13612345670', '停车费', '月租车位收费比去年上涨', '电梯故障', '已结案'],
  ['', '王芳', '13712345671', '装修噪音', '楼上装修周末施工', '电梯故障', '已结案'],
  ['2026-12-03', '孙敏', '', '绿化', '小区草坪长期无人修剪', '楼道杂物', '处理中'],
];
const suggested: Mapping = {
  columns: { 受理日期: 'received_at', 客户: 'customer_name', 电话: 'customer_phone', 问题描述: 'description', 问题类别: 'category', 处理状态: 'status' },
  values: {},
  zone: null,
};

/** What the backend matches by name, before the admin says otherwise. */
const matched: Record<string, string | null> = { 电梯故障: 'repair/repair.elevator', 楼道杂物: null, 已结案: 'closed', 处理中: 'open' };

/** The preview the backend answers for `mapping` (null: its suggestion), its value table under it. */
function previewFor(mapping: Mapping | null, importedBefore: ImportedBefore | null = null): ImportPreview {
  const m = mapping ?? suggested;
  const column = (field: string) => Object.entries(m.columns).find(([, f]) => f === field)?.[0];
  const values: ValueRow[] = [];
  for (const field of ['category', 'status'] as const) {
    const header = column(field);
    if (!header) continue;
    const i = headers.indexOf(header);
    const counts = new Map<string, number>();
    for (const row of sample) if (row[i]) counts.set(row[i]!, (counts.get(row[i]!) ?? 0) + 1);
    for (const [value, count] of counts) values.push({ field, value, count, mapped: m.values[field]?.[value] ?? matched[value] ?? null });
  }
  return {
    file_name: '旧系统导出.csv',
    encoding: 'GB18030',
    headers,
    sample,
    rows: 5,
    mapping: m,
    fields,
    values,
    targets: [
      { field: 'category', code: 'repair', label: '工程维修' },
      { field: 'category', code: 'repair/repair.elevator', label: '工程维修 / 电梯故障' },
      { field: 'category', code: 'environment', label: '环境卫生' },
      { field: 'category', code: 'environment/environment.cleaning', label: '环境卫生 / 保洁' },
      { field: 'category', code: 'other', label: '其他' },
      { field: 'status', code: 'closed', label: '已结案' },
      { field: 'status', code: 'open', label: '未结案（导入后继续处理）' },
    ],
    imported_before: importedBefore,
  };
}

const dryReport: ImportReport = {
  file_name: '旧系统导出.csv',
  encoding: 'GB18030',
  dry_run: true,
  rows: 5,
  imported: 4,
  refused: 1,
  incomplete: 1,
  uncategorized: 0,
  refusals: [{ row: 5, column: '受理日期', reason: '没有收到时间：历史投诉至少要有收到的日期' }],
};
const doneReport: ImportReport = { ...dryReport, dry_run: false };

/**
 * A backend with the file above; notes every preview's mapping and every run's choice. `run`
 * answers run_import (default: the dry or the done report).
 */
function fileBackend({ run, importedBefore = null, more = {} }: { run?: FakeCommand; importedBefore?: ImportedBefore | null; more?: Record<string, FakeCommand> } = {}) {
  const previews: (Mapping | null)[] = [];
  const runs: ImportChoice[] = [];
  fakeBackend({
    list_import_mappings: () => [],
    pick_import_file: () => FILE,
    preview_import: (args) => {
      expect(args.path, 'the preview reads the file picked').toBe(FILE);
      const mapping = args.mapping as Mapping | null;
      previews.push(mapping);
      return previewFor(mapping, importedBefore);
    },
    run_import: (args) => {
      const choice = args.choice as ImportChoice;
      runs.push(choice);
      return run ? run(args) : choice.dryRun ? dryReport : doneReport;
    },
    ...more,
  });
  return { previews, runs };
}

/** Picks `label` in the Ant Design select `testId`, as an admin does with the mouse. */
async function choose(testId: string, label: string) {
  fireEvent.mouseDown(screen.getByTestId(testId).querySelector('.ant-select-content, .ant-select-selector') ?? screen.getByTestId(testId));
  const option = await waitFor(() => {
    const open = [...document.querySelectorAll<HTMLElement>('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')];
    const found = open.find((o) => o.getAttribute('title') === label);
    if (!found) throw new Error(`no option “${label}” in an open list (${open.map((o) => o.getAttribute('title')).join(', ')})`);
    return found;
  });
  fireEvent.click(option);
  await waitFor(() => expect(screen.getByTestId(testId).textContent).toContain(label));
}

async function pickFile() {
  fireEvent.click(await screen.findByTestId('import-pick'));
  await screen.findByTestId('import-mapping');
}

const text = (testId: string) => screen.getByTestId(testId).textContent;

describe('<ImportPage>', { timeout: 30_000 }, () => {
  it('reads the chosen file: its name, encoding and rows, the suggested columns, the first rows and the value table', async () => {
    const { previews } = fileBackend();
    renderWithDesk(<ImportPage onOpenCases={() => undefined} />);
    await pickFile();

    expect(previews, 'the first preview asks for the suggestion').toEqual([null]);
    expect(text('import-file-name')).toBe('旧系统导出.csv');
    expect(text('import-encoding'), 'the encoding in words an admin knows').toBe('GBK（GB18030，中文 Excel 保存的 CSV）');
    expect(text('import-rows')).toBe('5 行');
    expect(screen.queryByTestId('import-before'), 'a file not imported before has no warning').toBeNull();

    expect(text('import-column-0'), '受理日期 as suggested').toContain('收到时间');
    expect(text('import-column-3'), '反映事项 was left out').toContain('不导入（保留为原始数据）');
    expect(text('import-examples-1'), 'a column’s first different values').toBe('周建国、吴丽、郑海');

    const rows = within(screen.getByTestId('import-sample')).getAllByRole('row');
    expect(rows, 'the header and the 5 rows of the file').toHaveLength(6);
    expect(rows[1]?.textContent, 'row 2 of the file, as read').toContain('3号楼电梯困人二十分钟');

    expect(text('import-value-category-电梯故障'), 'a category matched by name').toContain('工程维修 / 电梯故障');
    expect(screen.getByTestId('import-uncategorized-楼道杂物').textContent, 'a category that matched nothing').toBe('其他/未分类');
    expect(screen.queryByTestId('import-uncategorized-电梯故障')).toBeNull();
    expect(text('import-value-status-处理中')).toContain('未结案（导入后继续处理）');
  });

  it('re-reads the file with the changed mapping, dry-runs it showing the refused rows, then imports with a progress bar and a summary', async () => {
    let finish: (r: ImportReport) => void = () => undefined;
    const saves: unknown[] = [];
    const { previews, runs } = fileBackend({
      run: (args) => ((args.choice as ImportChoice).dryRun ? dryReport : new Promise<ImportReport>((resolve) => (finish = resolve))),
      more: {
        save_import_report: () => {
          saves.push('asked');
          return '/home/admin/旧系统导出-未导入的行.xlsx';
        },
      },
    });
    const onOpenCases = vi.fn();
    renderWithDesk(<ImportPage onOpenCases={onOpenCases} />);
    await pickFile();

    // 反映事项 becomes the subject: the file is read again with it, the other columns as they were.
    await choose('import-column-3', '投诉事由');
    await waitFor(() => expect(previews).toHaveLength(2));
    expect(previews[1]?.columns, 'the changed mapping, the suggestion kept').toEqual({ ...suggested.columns, 反映事项: 'subject' });
    await waitFor(() => expect(screen.queryByTestId('import-refreshing'), 'the new preview is in').toBeNull());
    expect(text('import-column-3'), 'the choice stays').toContain('投诉事由');

    // 楼道杂物 is 保洁 here: the value table is read again, and the tag goes.
    await choose('import-value-category-楼道杂物', '环境卫生 / 保洁');
    await waitFor(() => expect(previews).toHaveLength(3));
    expect(previews[2]?.values, 'the value’s meaning goes with the mapping').toEqual({ category: { 楼道杂物: 'environment/environment.cleaning' } });
    expect(previews[2]?.columns['反映事项'], 'and the earlier change too').toBe('subject');
    await waitFor(() => expect(screen.queryByTestId('import-uncategorized-楼道杂物')).toBeNull());

    // 试导入: the counts and the refused row, nothing written.
    fireEvent.click(screen.getByTestId('import-dry-run'));
    await screen.findByTestId('import-checked');
    expect(runs[0], 'a dry run of the mapping as changed').toEqual({
      path: FILE,
      mapping: previews[2],
      dryRun: true,
      again: false,
      skipRefused: true,
      expectedRows: 5,
    });
    expect(text('import-count-imported'), '可导入').toBe('4');
    expect(text('import-count-refused'), '不能导入').toBe('1');
    expect(text('import-count-incomplete'), '信息不全').toBe('1');
    expect(text('import-count-uncategorized'), '未分类').toBe('0');
    const refused = within(screen.getByTestId('import-refusals')).getAllByRole('row');
    expect(refused[1]?.textContent, '行号, 列, 原因').toBe('5受理日期没有收到时间：历史投诉至少要有收到的日期');
    fireEvent.click(screen.getByTestId('import-save-report'));
    expect(await screen.findByText('错误报告已保存：/home/admin/旧系统导出-未导入的行.xlsx')).toBeTruthy();
    expect(saves).toEqual(['asked']);

    // 导入, after the question: the bar follows the backend's progress.
    fireEvent.click(screen.getByTestId('import-run'));
    fireEvent.click(await screen.findByTestId('import-confirm'));
    const bar = await screen.findByTestId('import-progress');
    expect(runs[1], 'the import skips refused rows by default').toMatchObject({ dryRun: false, skipRefused: true, again: false, expectedRows: 5 });
    expect(runs[1]?.mapping, 'with the mapping as changed').toEqual(previews[2]);
    expect(bar.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow'), 'nothing read yet').toBe('0');
    expect((screen.getByTestId('import-column-0').querySelector('input') as HTMLInputElement | null)?.disabled, 'the mapping is held while it runs').toBe(true);
    await act(() => emitBackendEvent('import-progress', { done: 2, total: 5 }));
    await waitFor(() => expect(text('import-progress-text')).toBe('正在导入：第 2 / 5 行'));
    expect(bar.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow'), '2 of 5 rows').toBe('40');

    await act(async () => finish(doneReport));
    const summary = await screen.findByTestId('import-done-summary');
    expect(summary.textContent).toBe('已从“旧系统导出.csv”导入 4 件历史投诉');
    expect(screen.queryByTestId('import-progress'), 'the bar of the run is gone').toBeNull();
    expect(text('import-count-imported'), '已导入').toBe('4');
    expect(within(screen.getByTestId('import-done')).getByText('已导入')).toBeTruthy();
    fireEvent.click(screen.getByTestId('import-open-cases'));
    expect(onOpenCases).toHaveBeenCalledTimes(1);
  });

  it('cancels an import under way: nothing is imported, and the mapping is still there to run again', async () => {
    let fail: (e: unknown) => void = () => undefined;
    const cancels: unknown[] = [];
    fileBackend({
      run: () => new Promise<ImportReport>((_resolve, reject) => (fail = reject)),
      more: {
        cancel_import: () => {
          cancels.push('asked');
          fail({ code: 'invalid', message: '导入已取消：没有导入任何案件', rule: 'import.cancelled' });
          return null;
        },
      },
    });
    renderWithDesk(<ImportPage onOpenCases={() => undefined} />);
    await pickFile();
    await choose('import-column-3', '投诉事由');
    fireEvent.click(screen.getByTestId('import-run'));
    fireEvent.click(await screen.findByTestId('import-confirm'));
    fireEvent.click(await screen.findByTestId('import-cancel'));

    expect((await screen.findByTestId('import-cancelled')).textContent).toBe('已取消：没有导入任何案件');
    expect(cancels).toEqual(['asked']);
    expect(screen.queryByTestId('import-progress')).toBeNull();
    expect(screen.queryByTestId('import-done'), 'no summary: nothing was imported').toBeNull();
    expect(screen.queryByTestId('import-error'), 'a cancel is not an error').toBeNull();
    expect(text('import-column-3'), 'the change is kept').toContain('投诉事由');
    expect((screen.getByTestId('import-run') as HTMLButtonElement).disabled, 'and may be run again').toBe(false);
  });

  it('shows the backend’s refusal of a file in its own words, keeping the page as it was', async () => {
    let refuse = false;
    fakeBackend({
      list_import_mappings: () => [],
      pick_import_file: () => FILE,
      preview_import: () => {
        if (refuse) throw { code: 'invalid', field: 'file', rule: 'import.file', message: '无法打开 /home/admin/旧系统导出.csv：文件已被删除' };
        return previewFor(null);
      },
    });
    renderWithDesk(<ImportPage onOpenCases={() => undefined} />);
    await pickFile();
    refuse = true;
    await choose('import-column-3', '投诉事由');
    const failed = await screen.findByTestId('import-error');
    expect(failed.textContent, 'the sentence that names the file, not 附件：…').toBe('无法打开 /home/admin/旧系统导出.csv：文件已被删除');
    expect(text('import-column-3'), 'the admin’s choice stays').toContain('投诉事由');
    expect(text('import-file-name')).toBe('旧系统导出.csv');
  });

  it('applies a saved mapping to the file, and saves the mapping under a name, a refused name kept with its reason', async () => {
    const oldExport: SavedMapping = {
      name: '旧系统',
      mapping: { columns: { 反映事项: 'subject', 日期: 'received_at', 客户: 'customer_name' }, values: { status: { 处理中: 'closed' } }, zone: null },
    };
    const named: { name: unknown; mapping: unknown }[] = [];
    const { previews } = fileBackend({
      more: {
        list_import_mappings: () => [oldExport],
        save_import_mapping: (args) => {
          named.push({ name: args.name, mapping: args.mapping });
          if (args.name === BIDI_NAME) throw { code: 'invalid', field: 'name', rule: 'text.bidi', message: '“映射名称”含有改变文字方向的控制字符，请删除后再保存' };
          return [oldExport, { name: args.name, mapping: args.mapping }];
        },
      },
    });
    renderWithDesk(<ImportPage onOpenCases={() => undefined} />);
    await pickFile();

    await choose('import-saved-select', '旧系统');
    await waitFor(() => expect(previews).toHaveLength(2));
    expect(previews[1], 'the saved columns this file has; its values as saved').toEqual({
      columns: { 反映事项: 'subject', 客户: 'customer_name' },
      values: { status: { 处理中: 'closed' } },
      zone: null,
    });
    expect(text('import-column-3')).toContain('投诉事由');
    expect(text('import-column-0'), '受理日期 is not in the saved mapping').toContain('不导入');

    fireEvent.click(screen.getByTestId('import-save-mapping'));
    expect(await screen.findByText('请填写映射名称'), 'a name is needed').toBeTruthy();
    fireEvent.change(screen.getByTestId('import-mapping-name'), { target: { value: BIDI_NAME } });
    fireEvent.click(screen.getByTestId('import-save-mapping'));
    expect(await screen.findByText('含有改变文字方向的控制字符，请删除'), 'the reason beside the name').toBeTruthy();
    expect((screen.getByTestId('import-mapping-name') as HTMLInputElement).value, 'the name stays typed').toBe(BIDI_NAME);

    fireEvent.change(screen.getByTestId('import-mapping-name'), { target: { value: ' 物业台账 ' } });
    fireEvent.click(screen.getByTestId('import-save-mapping'));
    expect(await screen.findByText('映射“物业台账”已保存')).toBeTruthy();
    expect(named.at(-1), 'the name trimmed, the mapping as shown').toEqual({ name: '物业台账', mapping: previews[1] });
  });

  it('reads the file again in the zone chosen for its times, and dry-runs, imports and saves the mapping with it', async () => {
    const named: unknown[] = [];
    const { previews, runs } = fileBackend({
      more: {
        save_import_mapping: (args) => {
          named.push(args.mapping);
          return [{ name: args.name, mapping: args.mapping }];
        },
      },
    });
    renderWithDesk(<ImportPage onOpenCases={() => undefined} />);
    await pickFile();
    expect(screen.getByRole('combobox', { name: '文件时区' }), 'the select is named by its label').toBeTruthy();
    expect(text('import-zone'), 'the desk’s zone until another is chosen').toContain('按本台时区（Asia/Shanghai）');

    await choose('import-zone', 'UTC');
    await waitFor(() => expect(previews).toHaveLength(2));
    expect(previews[1], 'the file read again in UTC, the columns as suggested').toEqual({ ...suggested, zone: 'UTC' });
    await waitFor(() => expect(screen.queryByTestId('import-refreshing'), 'the new preview is in').toBeNull());
    expect(text('import-zone'), 'the choice stays').toContain('UTC');

    fireEvent.click(screen.getByTestId('import-dry-run'));
    await screen.findByTestId('import-checked');
    expect(runs[0]?.mapping, 'the dry run reads the times in UTC').toEqual({ ...suggested, zone: 'UTC' });

    fireEvent.change(screen.getByTestId('import-mapping-name'), { target: { value: '总部系统' } });
    fireEvent.click(screen.getByTestId('import-save-mapping'));
    expect(await screen.findByText('映射“总部系统”已保存')).toBeTruthy();
    expect(named, 'the zone is saved with the mapping').toEqual([{ ...suggested, zone: 'UTC' }]);

    fireEvent.click(screen.getByTestId('import-run'));
    fireEvent.click(await screen.findByTestId('import-confirm'));
    await screen.findByTestId('import-done-summary');
    expect(runs[1], 'the import reads the times in UTC').toMatchObject({ dryRun: false, mapping: { ...suggested, zone: 'UTC' } });
  });

  it('takes the zone from the keyboard, and back to the desk’s zone', async () => {
    const { previews } = fileBackend();
    renderWithDesk(<ImportPage onOpenCases={() => undefined} />);
    await pickFile();
    const zone = screen.getByRole('combobox', { name: '文件时区' });
    act(() => zone.focus());
    fireEvent.keyDown(zone, { key: 'ArrowDown', code: 'ArrowDown', keyCode: 40, which: 40 });
    await waitFor(() => expect(zone.getAttribute('aria-expanded'), 'the arrow key opens the list').toBe('true'));
    fireEvent.change(zone, { target: { value: 'Taipei' } });
    fireEvent.keyDown(zone, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13 });
    await waitFor(() => expect(previews.at(-1)?.zone, 'typed, then Enter').toBe('Asia/Taipei'));
    expect(text('import-zone')).toContain('Asia/Taipei');

    await choose('import-zone', '按本台时区（Asia/Shanghai）');
    await waitFor(() => expect(previews.at(-1)?.zone, 'the desk’s zone is no zone in the mapping').toBeNull());
    expect(previews.at(-1)?.columns, 'the columns as they were').toEqual(suggested.columns);
  });
});

describe('<ImportPage> a file imported before', { timeout: 30_000 }, () => {
  // The laptop is in New York; the desk is in Shanghai: the time shown is the desk's.
  machineZone('America/New_York');

  it('warns of a file imported before, imports it again only when ticked, and words an all-or-nothing refusal', async () => {
    const { runs } = fileBackend({ importedBefore: { at: '2026-12-01T01:30:00Z', cases: 4 }, run: () => ({ ...doneReport, imported: 0 }) });
    renderWithDesk(<ImportPage onOpenCases={() => undefined} />);
    await pickFile();
    expect(text('import-before'), 'when, in the desk’s zone (Shanghai), not the machine’s, and how many cases').toContain(
      '这个文件已于 2026-12-01 09:30 导入过（4 件）',
    );
    expect((screen.getByTestId('import-run') as HTMLButtonElement).disabled, 'not without 再次导入').toBe(true);

    fireEvent.click(screen.getByTestId('import-again'));
    fireEvent.click(screen.getByTestId('import-all-or-nothing'));
    fireEvent.click(screen.getByTestId('import-run'));
    expect((await screen.findByText(/只要有一行不能导入，就不导入任何案件/)).textContent, 'the question says what the choice means').toContain('将读取 5 行');
    fireEvent.click(await screen.findByTestId('import-confirm'));

    const summary = await screen.findByTestId('import-done-summary');
    expect(runs[0]).toMatchObject({ dryRun: false, again: true, skipRefused: false });
    expect(summary.textContent).toBe('有 1 行不能导入：按“有错误则全部不导入”，没有导入任何案件。请修正文件后再导入。');
    expect(within(screen.getByTestId('import-refusals')).getByText('受理日期')).toBeTruthy();
  });
});

describe('<ImportPage> for someone not an admin', () => {
  it('says the import is an administrator’s and reads no file', () => {
    fileBackend();
    renderWithDesk(<ImportPage onOpenCases={() => undefined} />, { user: users[1]!, manageUsers: false });
    expect(screen.getByText('只有管理员可以导入历史投诉')).toBeTruthy();
    expect(screen.queryByTestId('import-pick')).toBeNull();
  });
});
