import { useCallback } from 'react';
import { toDeskError, type DeskErrorCode } from '../lib/ipc/errors';
import { useErrorMessage, useLocale } from '../locales/i18n';

/** Refusals whose backend sentence says exactly what was refused (`改为“已验证”需要主管或合规岗`). */
const REFUSALS: ReadonlySet<DeskErrorCode> = new Set<DeskErrorCode>(['required', 'invalid', 'transition_not_allowed', 'role_not_allowed', 'not_found', 'conflict']);

/**
 * The words for a refused request: in Chinese the backend's own sentence, which names the rule
 * (the code's generic words would say less); in other languages, and for faults of the machine
 * (disk, store, connection), the locale's words as everywhere else.
 */
export function useRefusalMessage(): (error: unknown) => string {
  const say = useErrorMessage();
  const locale = useLocale();
  return useCallback(
    (error: unknown) => {
      const desk = toDeskError(error);
      if (locale === 'zh-CN' && REFUSALS.has(desk.code) && desk.message.trim()) return desk.message;
      return say(desk);
    },
    [say, locale],
  );
}
