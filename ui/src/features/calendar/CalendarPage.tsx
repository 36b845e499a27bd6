import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState, type ChangeEvent, type HTMLAttributes } from 'react';
import { FullPageStatus } from '../../components/FullPageStatus';
import { useDesk } from '../../lib/desk/DeskContext';
import type { CalendarYearSummary } from '../../lib/ipc/bindings/CalendarYearSummary';
import type { HolidaySummary } from '../../lib/ipc/bindings/HolidaySummary';
import { CALENDAR_CHANGED, importCalendar, listCalendarYears } from '../../lib/ipc/commands';
import { toDeskError } from '../../lib/ipc/errors';
import { useDeskEvent } from '../../lib/ipc/events';
import { useErrorMessage, useT } from '../../locales/i18n';

/**
 * 节假日: the statutory days off and 调休 make-up working days of each year the deadlines are
 * counted with. Everyone may read them; an administrator may import a new year from a file.
 */
export function CalendarPage() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { state } = useDesk();
  // Importing is the administrator's; the backend decides who that is and checks again.
  const canImport = state.permissions.manage_users;
  const [years, setYears] = useState<CalendarYearSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [importError, setImportError] = useState<{ title: string; detail: string } | null>(null);
  const [importing, setImporting] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    listCalendarYears()
      .then((y) => {
        setYears(y);
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load]);
  useDeskEvent(CALENDAR_CHANGED, load);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Picking the same file again (after fixing it) must fire `change` again.
    e.target.value = '';
    if (!file) return;
    setImporting(true);
    setImportError(null);
    try {
      const text = await file.text();
      const before = new Set((years ?? []).map((y) => `${y.year}:${y.off_days}:${y.make_up_days}:${y.shipped}`));
      const next = await importCalendar(text);
      setYears(next);
      const changed = next.filter((y) => !before.has(`${y.year}:${y.off_days}:${y.make_up_days}:${y.shipped}`)).map((y) => y.year);
      message.success(t('calendar.importDone', { years: (changed.length ? changed : next.map((y) => y.year)).join(t('calendar.separator')) }));
    } catch (err) {
      // The backend names the line and what is wrong with it: shown as it is, in full.
      const desk = toDeskError(err);
      setImportError({ title: t('fieldError', { label: file.name, message: say(desk) }), detail: desk.message });
    } finally {
      setImporting(false);
    }
  };

  const columns: ColumnsType<HolidaySummary> = [
    { title: t('calendar.colName'), dataIndex: 'name', width: 120 },
    {
      title: t('calendar.colOff'),
      key: 'off',
      width: 240,
      render: (_: unknown, h) =>
        h.first_off && h.last_off
          ? h.first_off === h.last_off
            ? h.first_off
            : t('calendar.range', { from: h.first_off, to: h.last_off })
          : t('calendar.none'),
    },
    {
      title: t('calendar.colOffDays'),
      dataIndex: 'off_days',
      width: 100,
      render: (n: number) => t('calendar.days', { n }),
    },
    {
      title: t('calendar.colMakeUp'),
      dataIndex: 'make_up_days',
      render: (days: string[]) =>
        days.length ? (
          <Flex wrap gap={4}>
            {days.map((d) => (
              <Tag key={d} color="orange" data-testid="calendar-make-up">
                {/* The weekday says why it matters: a weekend that is worked. */}
                {dayjs(d).format('YYYY-MM-DD ddd')}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('calendar.none')}</Typography.Text>
        ),
    },
  ];

  if (error !== null && !years) {
    return <FullPageStatus title={say(error)} description={<Button onClick={load}>{t('common.retry')}</Button>} />;
  }
  if (!years) return <FullPageStatus busy title={t('common.loading')} />;

  return (
    <div className="desk-page" data-testid="calendar-page">
      <Flex align="baseline" justify="space-between" wrap gap={12}>
        <Typography.Title level={4}>{t('calendar.title')}</Typography.Title>
        {canImport && (
          <Flex align="center" gap={8}>
            <input
              ref={input}
              type="file"
              accept=".json,.ics,application/json,text/calendar"
              className="desk-file-input"
              data-testid="calendar-import-input"
              aria-label={t('calendar.import')}
              tabIndex={-1}
              onChange={(e) => void onFile(e)}
            />
            <Button icon={<UploadOutlined />} loading={importing} data-testid="calendar-import" onClick={() => input.current?.click()}>
              {t('calendar.import')}
            </Button>
          </Flex>
        )}
      </Flex>
      <Typography.Paragraph type="secondary">{t('calendar.intro')}</Typography.Paragraph>
      {canImport && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('calendar.importHelp')}
        </Typography.Paragraph>
      )}
      {importError && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setImportError(null) }}
          className="desk-card"
          data-testid="calendar-import-error"
          title={importError.title}
          description={
            <>
              <div className="desk-calendar-error">{importError.detail}</div>
              <div>{t('calendar.importFailed')}</div>
            </>
          }
        />
      )}
      {years.length === 0 && <Empty description={t('calendar.empty')} />}
      {[...years]
        .sort((a, b) => b.year - a.year)
        .map((y) => (
          <Card
            key={y.year}
            size="small"
            className="desk-card desk-calendar-year"
            data-testid={`calendar-year-${y.year}`}
            title={
              <>
                <span>{t('calendar.year', { year: y.year })}</span>
                <Tag color={y.shipped ? 'default' : 'blue'}>{y.shipped ? t('calendar.shipped') : t('calendar.imported')}</Tag>
                <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
                  {t('calendar.summary', { off: y.off_days, makeUp: y.make_up_days })}
                </Typography.Text>
              </>
            }
          >
            <Table<HolidaySummary>
              rowKey={(h) => `${h.name}-${h.first_off ?? ''}`}
              size="small"
              columns={columns}
              dataSource={y.holidays}
              pagination={false}
              onRow={(h) => ({ 'data-holiday': h.name }) as HTMLAttributes<HTMLElement>}
            />
          </Card>
        ))}
    </div>
  );
}
