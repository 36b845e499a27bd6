import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Segmented, Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { CASE_COLUMNS, CaseTable, PROPERTY_COLUMNS, type CaseColumn } from '../../components/CaseTable';
import { DeskRangePicker } from '../../components/DeskDatePicker';
import { useDesk } from '../../lib/desk/DeskContext';
import { recall, remember, rememberKey } from '../../lib/desk/remember';
import { codeLabel, pick, usersWithRole } from '../../lib/desk/labels';
import { DEFAULT_PAGE_SIZE, DUE_STATES, defaultQuery, withFilter } from '../../lib/caseQuery';
import { toDay } from '../../lib/format';
import { SEARCH_BOX_ID } from '../../lib/shortcuts';
import type { Channel } from '../../lib/ipc/bindings/Channel';
import type { DueState } from '../../lib/ipc/bindings/DueState';
import type { SortKey } from '../../lib/ipc/bindings/SortKey';
import { exportCases, type CaseQueryDraft } from '../../lib/ipc/commands';
import { useErrorMessage, useT, ERROR_SECONDS } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import { BatchBar } from './BatchBar';
import { CaseViews } from './CaseViews';
import { ColumnSettings } from './ColumnSettings';

const CHANNELS: Channel[] = ['walk_in', 'phone', 'letter', 'email', 'wechat', 'website', 'regulator', 'other'];
const SORTS: SortKey[] = ['received_at', 'updated_at', 'number', 'escalation', 'due_at'];
const isColumnList = (v: unknown): v is CaseColumn[] => Array.isArray(v) && v.every((c) => (CASE_COLUMNS as readonly unknown[]).includes(c));

interface Props {
  /** The query the URL holds. */
  query: CaseQueryDraft;
  onQueryChange: (query: CaseQueryDraft) => void;
  onOpen: (id: number) => void;
}

/** All cases, filtered, sorted and paged by the backend; the filters live in the URL. */
export function CaseListPage({ query, onQueryChange, onOpen }: Props) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const desk = useDesk();
  const { catalog, locale } = desk;
  const [text, setText] = useState(query.text ?? '');
  const [exporting, setExporting] = useState(false);
  // 批量操作: the ticked cases, kept across pages; only for a user who may do something with them.
  const [selected, setSelected] = useState<number[]>([]);
  const { batch_steps: batchSteps, export_cases: mayExport } = desk.state.permissions;
  const selectable = batchSteps.length > 0 || mayExport;
  // The columns the user chose to hide, kept on this computer for them.
  const columnsKey = rememberKey(desk, 'caseColumns', true);
  // Until they choose, 项目/楼栋 are hidden: the list fits 1366 px without them.
  const [hidden, setHidden] = useState<CaseColumn[]>(() => recall(columnsKey, [...PROPERTY_COLUMNS], isColumnList));
  const hide = (next: CaseColumn[]) => {
    setHidden(next);
    remember(columnsKey, next);
  };

  // Every row of the list as it is filtered and sorted, not just the page on screen.
  const onExport = async () => {
    setExporting(true);
    try {
      const { page: _page, page_size: _size, ...filters } = query;
      const path = await exportCases(filters);
      if (path) message.success(t('cases.exported', { path }));
    } catch (e) {
      message.error(say(e), ERROR_SECONDS);
    } finally {
      setExporting(false);
    }
  };
  useEffect(() => setText(query.text ?? ''), [query.text]);

  const set = (change: Partial<CaseQueryDraft>) => onQueryChange(withFilter(query, change));
  const dates: [dayjs.Dayjs, dayjs.Dayjs] | null = query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null;

  return (
    <div className="desk-page" data-testid="case-list-page">
      <Flex align="baseline" justify="space-between">
        <Typography.Title level={4}>{t('cases.title')}</Typography.Title>
        <Flex gap={8}>
          <CaseViews query={query} onApply={onQueryChange} />
          <ColumnSettings hidden={hidden} onChange={hide} />
          {mayExport && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()} data-testid="case-list-export">
              {t('cases.export')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Flex wrap gap={8} className="desk-filters" data-testid="case-filters">
        <Input.Search
          id={SEARCH_BOX_ID}
          data-testid="case-search"
          allowClear
          placeholder={t('cases.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => set({ text: v.trim() || undefined })}
          style={{ width: 260 }}
        />
        <Select
          data-testid="filter-status"
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('cases.filterStatus')}
          value={query.statuses ?? []}
          onChange={(v: string[]) => set({ statuses: v })}
          options={catalog.lifecycle.statuses.map((s) => ({ value: s.code, label: pick(s, locale) }))}
          style={{ width: 220 }}
        />
        <Select
          data-testid="filter-category"
          allowClear
          placeholder={t('cases.filterCategory')}
          value={query.category}
          onChange={(v?: string) => set({ category: v })}
          options={catalog.classification.categories.map((c) => ({ value: c.code, label: pick(c, locale) }))}
          style={{ width: 140 }}
        />
        <Select
          data-testid="filter-channel"
          allowClear
          placeholder={t('cases.filterChannel')}
          value={query.channel}
          onChange={(v?: Channel) => set({ channel: v })}
          options={CHANNELS.map((c) => ({ value: c, label: t(`vocab.channel.${c}` as MessageKey) }))}
          style={{ width: 120 }}
        />
        <Select
          data-testid="filter-due"
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('cases.filterDue')}
          value={query.due_states ?? []}
          onChange={(v: DueState[]) => set({ due_states: v })}
          options={DUE_STATES.map((s) => ({ value: s, label: t(`deadline.due.${s}`) }))}
          style={{ width: 150 }}
        />
        <Select
          data-testid="filter-handler"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('cases.filterHandler')}
          value={query.handler_id}
          onChange={(v?: number) => set({ handler_id: v })}
          options={usersWithRole(catalog.users, 'handler').map((u) => ({ value: u.id, label: u.display_name }))}
          style={{ width: 130 }}
        />
        <DeskRangePicker
          data-testid="filter-dates"
          value={dates}
          placeholder={[t('cases.filterDates'), t('cases.filterDates')]}
          onChange={(range) =>
            set(range && range[0] && range[1] ? { from: toDay(range[0]), to: toDay(range[1]) } : { from: undefined, to: undefined })
          }
          style={{ width: 250 }}
        />
        <Flex gap={4} align="center">
          <Typography.Text type="secondary">{t('cases.sort')}</Typography.Text>
          <Select
            data-testid="case-sort"
            value={query.sort ?? 'received_at'}
            // Due time reads soonest first; the other keys keep the order chosen.
            onChange={(v: SortKey) => onQueryChange({ ...query, sort: v, descending: v === 'due_at' ? false : query.descending, page: 1 })}
            options={SORTS.map((s) => ({ value: s, label: t(`cases.sortKeys.${s}` as MessageKey) }))}
            style={{ width: 120 }}
          />
          <Segmented
            value={query.descending === false ? 'asc' : 'desc'}
            onChange={(v) => onQueryChange({ ...query, descending: v === 'desc', page: 1 })}
            options={[
              { value: 'desc', label: t('cases.descending') },
              { value: 'asc', label: t('cases.ascending') },
            ]}
          />
        </Flex>
        <Button onClick={() => onQueryChange(defaultQuery())}>{t('common.reset')}</Button>
      </Flex>
      {/* Filters the dashboard's drill-downs set that the bar above has no field for. */}
      {(query.project || query.department || query.repeat_only || query.root_cause) && (
        <Flex wrap gap={4} className="desk-filters" data-testid="case-extra-filters">
          {query.project && (
            <Tag closable onClose={() => set({ project: undefined })} data-testid="filter-project">
              {t('cases.filterProject', { value: query.project })}
            </Tag>
          )}
          {query.department && (
            <Tag closable onClose={() => set({ department: undefined })} data-testid="filter-department">
              {t('cases.filterDepartment', { value: query.department })}
            </Tag>
          )}
          {query.repeat_only && (
            <Tag closable onClose={() => set({ repeat_only: undefined })} data-testid="filter-repeat">
              {t('cases.filterRepeat')}
            </Tag>
          )}
          {query.root_cause && (
            <Tag closable onClose={() => set({ root_cause: undefined })} data-testid="filter-root-cause">
              {t('cases.filterRootCause', { value: codeLabel(catalog.classification.root_causes, query.root_cause, locale) })}
            </Tag>
          )}
        </Flex>
      )}
      {selectable && (
        <BatchBar
          ids={selected}
          query={query}
          onDone={(done) => setSelected((now) => now.filter((id) => !done.includes(id)))}
          onClear={() => setSelected([])}
        />
      )}
      <CaseTable
        query={query}
        hidden={hidden}
        selection={selectable ? { ids: selected, onChange: setSelected } : undefined}
        onSortChange={(sort, descending) => onQueryChange({ ...query, sort, descending, page: 1 })}
        onPageChange={(page, page_size) =>
          onQueryChange({ ...query, page: page_size !== (query.page_size ?? DEFAULT_PAGE_SIZE) ? 1 : page, page_size })
        }
        onOpen={onOpen}
      />
    </div>
  );
}
