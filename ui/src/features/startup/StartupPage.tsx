import { FullPageStatus } from '../../components/FullPageStatus';
import { useT } from '../../locales/i18n';

/** Shown while the desk opens its data; the first screens replace it. */
export function StartupPage() {
  const t = useT();
  return <FullPageStatus busy title={t('startup.title')} description={t('startup.subtitle')} testId="startup-page" />;
}
