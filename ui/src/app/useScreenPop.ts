import { useEffect } from 'react';
import type { ScreenPop } from '../lib/ipc/bindings/ScreenPop';
import { SCREEN_POP, takeScreenPop } from '../lib/ipc/commands';
import { useDeskEvent } from '../lib/ipc/events';
import { navigate } from '../lib/router';

/** The intake form's route for a call, with the caller's number. */
export function screenPopSearch(pop: ScreenPop): string {
  return pop.phone ? `phone=${encodeURIComponent(pop.phone)}` : '';
}

/**
 * 来电弹屏 for a user who registers complaints: a call's link (the one the app was started with,
 * then each `screen-pop`) opens the intake form with the caller's number filled in.
 */
export function useScreenPop(canRegister: boolean): void {
  useEffect(() => {
    if (!canRegister) return;
    takeScreenPop()
      .then((pop) => {
        if (pop) navigate(['intake'], screenPopSearch(pop));
      })
      .catch((error: unknown) => console.error('the call link could not be read', error));
  }, [canRegister]);
  useDeskEvent<ScreenPop>(SCREEN_POP, (pop) => {
    if (canRegister) navigate(['intake'], screenPopSearch(pop));
  });
}
