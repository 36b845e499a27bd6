import { Tag, Timeline, Typography } from 'antd';
import { useDesk } from '../../lib/desk/DeskContext';
import { statusLabel } from '../../lib/desk/labels';
import { formatDateTime } from '../../lib/format';
import type { Event } from '../../lib/ipc/bindings/Event';
import type { RulePack } from '../../lib/ipc/bindings/RulePack';
import { useT } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';
import { describeChanges, eventTitle } from './timeline';

/** Steps blue, escalations red, handling actions orange; notes, contacts and files green. */
const EVENT_COLORS: Partial<Record<Event['kind'], string>> = {
  transition: 'blue',
  escalation: 'red',
  handling: 'orange',
  extension: 'blue',
  correction: 'orange',
};

/** A deadline alert is orange at a warning line and red at a breach; a follow-up by its result. */
function eventColor(event: Event): string | undefined {
  if (event.kind === 'deadline') return event.action === 'breached' ? 'red' : 'orange';
  // A follow-up call: a dissatisfied customer stands out; a missed call is only a try.
  if (event.kind === 'followup') return event.action === 'unsatisfied' ? 'red' : event.action === 'satisfied' ? 'green' : 'gray';
  return EVENT_COLORS[event.kind];
}

/** The case's event log, oldest first: who did what in which role, and what changed. */
export function CaseTimeline({ events, rulePack }: { events: Event[]; rulePack?: RulePack | null }) {
  const t = useT();
  const { catalog, locale } = useDesk();
  const lifecycle = catalog.lifecycle;

  const items = events.map((event) => {
    const role = t(`roles.${event.actor_role}` as MessageKey);
    const who =
      event.actor_role === 'system' && !event.actor_name
        ? t('detail.event.system')
        : t('detail.event.by', { name: event.actor_name ?? '—', role });
    const what = eventTitle(event, catalog, locale, t, rulePack);
    const changes = describeChanges(event, catalog, locale, t);
    return {
      key: event.id,
      color: event.internal ? 'gray' : (eventColor(event) ?? 'green'),
      content: (
        <div data-testid="timeline-event" data-event-kind={event.kind} data-event-action={event.action ?? ''}>
          <div className="desk-event-head">
            <Typography.Text strong className="desk-event-title">
              {what}
            </Typography.Text>
            {event.from_status && event.to_status && (
              <Typography.Text type="secondary">
                {statusLabel(lifecycle, event.from_status, locale)} → {statusLabel(lifecycle, event.to_status, locale)}
              </Typography.Text>
            )}
            {event.internal && <Tag color="default">{t('detail.event.internal')}</Tag>}
          </div>
          <Typography.Text type="secondary" className="desk-event-meta">
            {formatDateTime(event.at)} · <span data-testid="timeline-actor">{who}</span>
          </Typography.Text>
          {event.note && <div className="desk-text desk-event-note">{event.note}</div>}
          {changes.length > 0 && (
            <dl className="desk-changes">
              {changes.map((c) => (
                <div key={c.field} className="desk-change">
                  <dt>{c.label}</dt>
                  <dd>
                    {/* A correction always says what the value was, even when it was empty. */}
                    {(c.before !== '—' || event.kind === 'correction') && (
                      <>
                        <span className="desk-change-before">{c.before}</span>
                        {' → '}
                      </>
                    )}
                    <span className="desk-text">{c.after}</span>
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      ),
    };
  });

  return (
    <div data-testid="timeline">
      <Timeline items={items} />
    </div>
  );
}
