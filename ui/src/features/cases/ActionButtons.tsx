import { Button } from 'antd';
import { useEffect, useRef } from 'react';
import { useDesk } from '../../lib/desk/DeskContext';
import { pick } from '../../lib/desk/labels';
import type { ActionInfo } from '../../lib/ipc/bindings/ActionInfo';

/**
 * Lifecycle steps that end a complaint without handling it (`core/data/lifecycle.toml`): 不予受理
 * and 撤诉. They are offered like any other step, but never look like the step to take.
 */
const ENDS_UNHANDLED: readonly string[] = ['decline', 'withdraw'];

export function endsUnhandled(action: string): boolean {
  return ENDS_UNHANDLED.includes(action);
}

/**
 * The steps the backend offers the current user now, one button each. The first ordinary step
 * takes the keyboard focus when the case opens (after 登记投诉 saved it, say) and again after a
 * step changed what is on offer, unless the user is typing somewhere else on the page.
 */
export function ActionButtons({ actions, onPick }: { actions: ActionInfo[]; onPick: (action: ActionInfo) => void }) {
  const { locale } = useDesk();
  const first = useRef<HTMLButtonElement>(null);
  const offered = actions.map((a) => a.action).join(',');

  useEffect(() => {
    const button = first.current;
    if (!button) return;
    const active = document.activeElement;
    const elsewhere = active && active !== document.body && !button.closest('[data-testid="case-actions"]')?.contains(active);
    if (!elsewhere) button.focus();
  }, [offered]);

  const main = actions.find((a) => !endsUnhandled(a.action));
  return (
    <>
      {actions.map((a) => {
        const ends = endsUnhandled(a.action);
        return (
          <Button
            key={a.action}
            ref={a === main ? first : undefined}
            type={ends ? 'default' : 'primary'}
            danger={ends}
            data-testid={`action-${a.action}`}
            onClick={() => onPick(a)}
          >
            {pick(a, locale)}
          </Button>
        );
      })}
    </>
  );
}
