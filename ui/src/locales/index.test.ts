import { describe, expect, it } from 'vitest';
import { DeskError } from '../lib/ipc/errors';
import en from './en';
import { errorMessage } from './errorMessage';
import { hasMessage, t, translate } from './index';
import zhCN from './zh-CN';

describe('t()', () => {
  it('returns the zh-CN text for a key', () => {
    expect(t('app.name')).toBe('客诉台');
    expect(t('startup.title')).toBe('客诉台正在启动');
  });

  it('fills {placeholders} from the values given and leaves unknown ones as written', () => {
    expect(t('common.total', { count: 12 })).toBe('共 12 条');
    expect(translate('en', 'common.total', {})).toBe('{count} in all');
  });

  it('translates the same key into English', () => {
    expect(translate('en', 'app.name')).toBe('ComplaintDesk');
  });

  it('returns the key itself for a key missing at run time, so the gap shows on screen', () => {
    expect(t('no.such.key' as never)).toBe('no.such.key');
    expect(hasMessage('errors.required')).toBe(true);
    expect(hasMessage('errors')).toBe(false);
  });
});

describe('locales', () => {
  it('has the same keys in English as in Chinese, and no empty strings', () => {
    const paths = (node: object, prefix = ''): string[] =>
      Object.entries(node).flatMap(([key, value]) =>
        typeof value === 'string' ? [`${prefix}${key}`] : paths(value as object, `${prefix}${key}.`),
      );
    expect(paths(en)).toEqual(paths(zhCN));
    for (const key of paths(zhCN)) {
      expect(translate('zh-CN', key as never), key).not.toBe('');
      expect(translate('en', key as never), key).not.toBe('');
    }
  });
});

describe('errorMessage()', () => {
  it("shows the locale's sentence for a backend code rather than the backend's own", () => {
    const refused = new DeskError('conflict', 'case 12 changed at 10:01');
    expect(errorMessage(refused)).toBe('该案件已被他人修改，请刷新后重试');
    expect(errorMessage(refused, 'en')).toBe('Someone else changed this case; refresh and try again');
  });

  it("falls back to the backend's sentence for a code this build does not know", () => {
    const future = new DeskError('quota_exceeded' as never, '今日导出次数已用完');
    expect(errorMessage(future)).toBe('今日导出次数已用完');
  });
});
