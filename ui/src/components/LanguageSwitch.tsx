import { Segmented } from 'antd';
import type { Locale } from '../locales/index';
import { useT } from '../locales/i18n';

/** 中文 / EN, in the header of every screen. */
export function LanguageSwitch({ locale, setLocale }: { locale: Locale; setLocale: (l: Locale) => void }) {
  const t = useT();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('header.language')}
      data-testid="language-switch"
      value={locale}
      onChange={setLocale}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'EN' },
      ]}
    />
  );
}
