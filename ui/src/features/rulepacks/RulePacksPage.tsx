import { App, Button, Card, Empty, Flex, InputNumber, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState, type HTMLAttributes } from 'react';
import { FullPageStatus } from '../../components/FullPageStatus';
import { useDesk } from '../../lib/desk/DeskContext';
import { lengthText } from '../../lib/desk/deadlines';
import { pick } from '../../lib/desk/labels';
import type { ClockRule } from '../../lib/ipc/bindings/ClockRule';
import type { RulePack } from '../../lib/ipc/bindings/RulePack';
import { listRulePacks, setDeskZone, setServiceTime } from '../../lib/ipc/commands';
import { DESK_ZONES } from '../../lib/zones';
import { fieldErrorMessage } from '../../locales/errorMessage';
import { useErrorMessage, useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import { clockSpanText, escalationText, isNewLength, isServiceTimePack, packsForDesk, stepNeedsText, unitName } from './ruleWords';

/**
 * 时限规则: every rule pack the deadlines are counted by, each clock with its length, when it runs,
 * whether a pause stops it and how far it may be extended. Everyone may read them; an
 * administrator may change the property packs' lengths, the desk's own service times.
 */
export function RulePacksPage() {
  const t = useT();
  const say = useErrorMessage();
  const { state, catalog } = useDesk();
  // Setting service times is the administrator's; the backend decides who that is and checks again.
  const canEdit = state.permissions.manage_users;
  const [packs, setPacks] = useState<RulePack[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    listRulePacks()
      .then((p) => {
        setPacks(p);
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load]);

  const replace = (next: RulePack) => setPacks((list) => list?.map((p) => (p.code === next.code ? next : p)) ?? [next]);

  if (error !== null && !packs) {
    return <FullPageStatus title={say(error)} description={<Button onClick={load}>{t('common.retry')}</Button>} />;
  }
  if (!packs) return <FullPageStatus busy title={t('common.loading')} />;

  return (
    <div className="desk-page" data-testid="rulepacks-page">
      <Typography.Title level={4}>{t('rulepacks.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('rulepacks.intro')}</Typography.Paragraph>
      {canEdit && (
        <Typography.Paragraph type="secondary" className="desk-rulepacks-help">
          {t('rulepacks.editHelp')}
        </Typography.Paragraph>
      )}
      <ZoneCard canEdit={canEdit} />
      {packs.length === 0 && <Empty description={t('rulepacks.empty')} />}
      {packsForDesk(packs, catalog.profile).map((pack) => (
        <PackCard key={pack.code} pack={pack} editable={canEdit && isServiceTimePack(pack)} onSaved={replace} />
      ))}
    </div>
  );
}

function PackCard({ pack, editable, onSaved }: { pack: RulePack; editable: boolean; onSaved: (pack: RulePack) => void }) {
  const t = useT();
  const { catalog, locale } = useDesk();
  const own = pack.default_for !== null && pack.default_for === catalog.profile;

  const columns: ColumnsType<ClockRule> = [
    {
      title: t('rulepacks.colClock'),
      key: 'clock',
      width: 220,
      render: (_: unknown, rule) => (
        <div className="desk-rule-clock">
          <div className="desk-rule-tags">
            <Typography.Text strong>{pick(rule, locale)}</Typography.Text>
            {rule.applies_when === 'urgent' && <Tag color="volcano">{t('rulepacks.flag.urgent')}</Tag>}
            {rule.window && (
              <Tooltip title={t('deadline.windowHelp')}>
                <Tag>{t('deadline.window')}</Tag>
              </Tooltip>
            )}
            {rule.uncertain && (
              <Tooltip title={t('deadline.uncertainHelp')}>
                <Tag color="purple" data-testid={`rule-uncertain-${pack.code}-${rule.code}`}>
                  {t('deadline.uncertain')}
                </Tag>
              </Tooltip>
            )}
          </div>
          {rule.note && (
            <Typography.Text type="secondary" className="desk-rule-note">
              {rule.note}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('rulepacks.colLength'),
      key: 'length',
      width: editable ? 230 : 130,
      render: (_: unknown, rule) =>
        editable ? (
          <ServiceTimeInput key={`${rule.code}:${rule.length}`} pack={pack} rule={rule} onSaved={onSaved} />
        ) : (
          <span className="desk-nowrap" data-testid={`rule-length-${pack.code}-${rule.code}`}>
            {lengthText(rule.length, rule.unit, t)}
          </span>
        ),
    },
    {
      title: t('rulepacks.colSpan'),
      key: 'span',
      width: 270,
      render: (_: unknown, rule) => clockSpanText(rule, t),
    },
    {
      title: t('rulepacks.colRules'),
      key: 'rules',
      width: 160,
      render: (_: unknown, rule) => (
        <div className="desk-rule-tags">
          {rule.pause ? (
            <Tag color="blue">{t('rulepacks.flag.pause')}</Tag>
          ) : (
            <Typography.Text type="secondary">{t('rulepacks.flag.noPause')}</Typography.Text>
          )}
          {rule.restarts_on.map((restart) => (
            <Tag key={restart} color="cyan" data-testid={`rule-restart-${pack.code}-${rule.code}-${restart}`}>
              {t(`rulepacks.flag.restart.${restart}`)}
            </Tag>
          ))}
        </div>
      ),
    },
    {
      title: t('rulepacks.colExtensions'),
      key: 'extensions',
      render: (_: unknown, rule) =>
        rule.extensions.length === 0 ? (
          <Typography.Text type="secondary">{t('rulepacks.noExtension')}</Typography.Text>
        ) : (
          <ul className="desk-rule-steps">
            {rule.extensions.map((step) => {
              const needs = stepNeedsText(step, t);
              return (
                <li key={step.step} data-testid={`rule-step-${pack.code}-${rule.code}-${step.step}`}>
                  <div className="desk-rule-step-head">
                    <Typography.Text strong>{t('rulepacks.step', { step: step.step, length: lengthText(step.total, rule.unit, t) })}</Typography.Text>
                    {needs && <Typography.Text className="desk-rule-needs">{needs}</Typography.Text>}
                  </div>
                  <Typography.Text type="secondary" className="desk-rule-step-label">
                    {pick(step, locale)}
                  </Typography.Text>
                </li>
              );
            })}
          </ul>
        ),
    },
  ];

  const meta: [string, string, string][] = [
    ['source', t('rulepacks.source'), pack.source ?? t('common.empty')],
    [
      'default',
      t('rulepacks.defaultFor'),
      pack.default_for ? t('rulepacks.defaultForProfile', { profile: t(`profiles.${pack.default_for}` as MessageKey) }) : t('rulepacks.notDefault'),
    ],
    ['calendar', t('rulepacks.calendar'), pack.calendar === 'cn' ? t('rulepacks.calendarCn') : t('rulepacks.calendarNone')],
    ['zone', t('rulepacks.zone'), pack.zone ?? t('rulepacks.zoneLocal')],
    ['escalation', t('rulepacks.escalation'), escalationText(pack, t)],
  ];

  return (
    <Card
      size="small"
      className="desk-card desk-rulepack"
      data-testid={`rulepack-${pack.code}`}
      title={
        <span className="desk-rulepack-title">
          <span>{pick(pack, locale)}</span>
          {own && <Tag color="blue">{t('rulepacks.thisDesk')}</Tag>}
        </span>
      }
      extra={
        <Typography.Text type="secondary" className="desk-rulepack-code">
          {pack.code}
        </Typography.Text>
      }
    >
      <dl className="desk-rulepack-meta">
        {meta.map(([key, term, value]) => (
          <div key={key} data-meta={key}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <Table<ClockRule>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={pack.clocks}
        pagination={false}
        tableLayout="fixed"
        onRow={(rule) => ({ 'data-clock': rule.code }) as HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}

/**
 * A property service time: the length in the clock's unit and 保存. Enter saves too. A refusal
 * stands under the input with what was typed kept; a saved length comes back in the pack.
 */
function ServiceTimeInput({ pack, rule, onSaved }: { pack: RulePack; rule: ClockRule; onSaved: (pack: RulePack) => void }) {
  const t = useT();
  const { locale } = useDesk();
  const { message } = App.useApp();
  const [value, setValue] = useState<number | null>(rule.length);
  // Enter commits the typed number and saves in the same keystroke, before React re-renders.
  const latest = useRef<number | null>(rule.length);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const id = `${pack.code}-${rule.code}`;
  const label = pick(rule, locale);

  const save = async () => {
    const length = latest.current;
    if (saving || !isNewLength(length, rule.length)) return;
    setSaving(true);
    setRefusal(null);
    try {
      const next = await setServiceTime(pack.code, rule.code, length);
      const saved = next.clocks.find((c) => c.code === rule.code);
      message.success(t('rulepacks.saved', { clock: label, length: lengthText(saved?.length ?? length, rule.unit, t) }));
      onSaved(next);
    } catch (error) {
      setRefusal(fieldErrorMessage(error, locale));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="desk-service-time">
      <Flex gap={8} align="center">
        <InputNumber<number>
          data-testid={`service-time-${id}`}
          aria-label={t('rulepacks.lengthOf', { clock: label })}
          value={value}
          min={1}
          precision={0}
          suffix={unitName(rule.unit, t)}
          status={refusal ? 'error' : undefined}
          className="desk-service-time-input"
          onChange={(v) => {
            latest.current = v;
            setValue(v);
            setRefusal(null);
          }}
          onPressEnter={() => void save()}
        />
        <Button data-testid={`service-time-save-${id}`} loading={saving} disabled={!isNewLength(value, rule.length)} onClick={() => void save()}>
          {t('common.save')}
        </Button>
      </Flex>
      {refusal && (
        <Typography.Text type="danger" className="desk-field-error" data-testid={`service-time-error-${id}`} role="alert">
          {refusal}
        </Typography.Text>
      )}
    </div>
  );
}

function ZoneCard({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { catalog, reload } = useDesk();
  const [zone, setZone] = useState(catalog.desk_zone);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await setDeskZone(zone);
      message.success(t('rulepacks.zoneSaved', { zone: saved }));
      await reload();
    } catch (e) {
      setError(say(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" className="desk-rulepack" data-testid="desk-zone" title={t('rulepacks.deskZone')}>
      <Flex gap={8} align="center" wrap>
        {canEdit ? (
          <>
            <Select
              data-testid="desk-zone-select"
              value={zone}
              style={{ minWidth: 220 }}
              onChange={(z: string) => {
                setZone(z);
                setError(null);
              }}
              options={[...new Set([catalog.desk_zone, ...DESK_ZONES])].map((z) => ({ value: z, label: z }))}
            />
            <Button data-testid="desk-zone-save" loading={saving} disabled={zone === catalog.desk_zone} onClick={() => void save()}>
              {t('rulepacks.zoneSave')}
            </Button>
          </>
        ) : (
          <Typography.Text strong>{catalog.desk_zone}</Typography.Text>
        )}
        <Typography.Text type="secondary">{t('rulepacks.zoneHelp')}</Typography.Text>
      </Flex>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Card>
  );
}
