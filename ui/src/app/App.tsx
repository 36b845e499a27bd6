import { App as AntApp, Button, ConfigProvider, Layout, Typography } from 'antd';
import antdEnUS from 'antd/locale/en_US';
import antdZhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { FullPageStatus } from '../components/FullPageStatus';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SetupPage } from '../features/setup/SetupPage';
import { SignInPage } from '../features/signin/SignInPage';
import { FirstStart } from '../features/store/FirstStart';
import { SignInStore } from '../features/store/SignInStore';
import { DamagedScreen } from '../features/startup/DamagedScreen';
import { MissingScreen } from '../features/startup/MissingScreen';
import { StartupPage } from '../features/startup/StartupPage';
import { readShellClock, useShellClock } from '../lib/clock';
import { navigate } from '../lib/router';
import type { Desk } from '../lib/desk/DeskContext';
import { setDeskTimeZone } from '../lib/format';
import type { AppState } from '../lib/ipc/bindings/AppState';
import type { Catalog } from '../lib/ipc/bindings/Catalog';
import { DATABASE_DAMAGED, SESSION_CHANGED, USERS_CHANGED, getAppState, getCatalog, setWindowLocale, windowShown } from '../lib/ipc/commands';
import { toDeskError } from '../lib/ipc/errors';
import { useDeskEvent } from '../lib/ipc/events';
import { LocaleProvider, useErrorMessage, useT } from '../locales/i18n';
import { DEFAULT_LOCALE, type Locale } from '../locales/index';
import { LockScreen } from './LockScreen';
import { Shell } from './Shell';
import { deskTheme } from './theme';

const antdLocales = { 'zh-CN': antdZhCN, en: antdEnUS } as const;
const dayjsLocales = { 'zh-CN': 'zh-cn', en: 'en' } as const;
const LOCALE_KEY = 'complaintdesk.locale';

function savedLocale(): Locale | undefined {
  try {
    const saved = window.localStorage.getItem(LOCALE_KEY);
    return saved === 'en' || saved === 'zh-CN' ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** The window: language, theme, and which screen the desk is at (starting, first-start setup, work). */
export default function App({ locale: initial }: { locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? savedLocale() ?? DEFAULT_LOCALE);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(LOCALE_KEY, next);
    } catch {
      // A locked-down profile without storage keeps the choice for this run only.
    }
  }, []);
  dayjs.locale(dayjsLocales[locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
    // The shell shows desktop notifications (a breached deadline) in the window's language. A
    // shell that cannot be told keeps Chinese; the window itself is not held up by it.
    setWindowLocale(locale).catch(() => undefined);
  }, [locale]);

  return (
    <LocaleProvider locale={locale}>
      <ConfigProvider locale={antdLocales[locale]} theme={deskTheme}>
        <AntApp style={{ height: '100%' }} message={{ top: 64, maxCount: 2, duration: 2 }}>
          <ErrorBoundary fallback={(error, retry) => <Broken error={error} retry={retry} />}>
            <Desk locale={locale} setLocale={setLocale} />
          </ErrorBoundary>
        </AntApp>
      </ConfigProvider>
    </LocaleProvider>
  );
}

type Boot =
  | { stage: 'starting' }
  | { stage: 'failed'; error: unknown }
  | { stage: 'setup' }
  | { stage: 'signin'; firstPassword: boolean }
  | { stage: 'locked'; state: AppState }
  | { stage: 'ready'; state: AppState; catalog: Catalog };

function Desk({ locale, setLocale }: { locale: Locale; setLocale: (l: Locale) => void }) {
  const t = useT();
  const say = useErrorMessage();
  const [boot, setBoot] = useState<Boot>({ stage: 'starting' });
  // Whose desk the page in the window belongs to: undefined before the first answer, null while
  // nobody is signed in. A different user (a sign-in, or another user unlocking) starts on
  // 我的工作, never on the page the one before left open.
  const pageOwner = useRef<number | null | undefined>(undefined);

  // The window's time is the shell's: read with the state (before any screen shows a time) and
  // followed from then on.
  useShellClock();
  const load = useCallback(async () => {
    try {
      const [state] = await Promise.all([getAppState(), readShellClock()]);
      if (!state.setup_done) {
        pageOwner.current = null;
        setBoot({ stage: 'setup' });
        return;
      }
      if (!state.signed_in) {
        pageOwner.current = null;
        setBoot({ stage: 'signin', firstPassword: state.needs_first_password });
        return;
      }
      const user = state.current_user?.id ?? null;
      if (state.locked) {
        // Locked: nothing more is read; the desk underneath (if any) stays as it was. A window
        // that opens locked shows the page of the user it is locked for.
        if (pageOwner.current === undefined) pageOwner.current = user;
        setBoot((prev) => (prev.stage === 'ready' ? { ...prev, state } : { stage: 'locked', state }));
        return;
      }
      const catalog = await getCatalog();
      setDeskTimeZone(catalog.desk_zone);
      // The window reloaded with the same user signed in keeps its page; anyone else starts at work.
      if (pageOwner.current !== undefined && pageOwner.current !== user) navigate(['work'], '', true);
      pageOwner.current = user;
      setBoot({ stage: 'ready', state, catalog });
    } catch (error) {
      setBoot({ stage: 'failed', error });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  // The first screen past 启动中 is drawn: the shell starts what waited for it (the check, the
  // backup, the deadline watcher), so they do not slow the window's start.
  const started = boot.stage !== 'starting';
  useEffect(() => {
    if (!started) return;
    const frame = requestAnimationFrame(() => void windowShown().catch(() => undefined));
    return () => cancelAnimationFrame(frame);
  }, [started]);
  useDeskEvent(USERS_CHANGED, () => {
    if (boot.stage === 'ready') void load();
  });
  // The check beside the open desk found damage: the state now leads to the restore screen.
  useDeskEvent(DATABASE_DAMAGED, () => void load());
  // Signed in or out, locked or unlocked, here or from outside (the CLI, a test driver).
  useDeskEvent(SESSION_CHANGED, () => {
    if (boot.stage !== 'starting' && boot.stage !== 'failed') void load();
  });

  if (boot.stage === 'ready') {
    const desk: Desk = { state: boot.state, catalog: boot.catalog, locale, reload: load };
    return <Shell desk={desk} setLocale={setLocale} />;
  }

  // A damaged or missing database has a screen of its own; any other failure says why and retries.
  const failure = boot.stage === 'failed' ? toDeskError(boot.error) : null;
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header className="desk-header" data-testid="app-header">
        <Typography.Title level={4} className="desk-title" data-testid="app-title">
          {t('app.name')}
        </Typography.Title>
        <div className="desk-header-spacer" />
        <LanguageSwitch locale={locale} setLocale={setLocale} />
      </Layout.Header>
      <Layout.Content data-testid="app-content" className="desk-content">
        {boot.stage === 'starting' && <StartupPage />}
        {failure?.code === 'database_corrupt' && <DamagedScreen onRestored={() => void load()} />}
        {failure?.code === 'database_missing' && <MissingScreen message={failure.message} onOpened={() => void load()} />}
        {failure && failure.code !== 'database_corrupt' && failure.code !== 'database_missing' && (
          <FullPageStatus
            testId="startup-failed"
            title={t('startup.failed')}
            description={
              <>
                {say(failure)}{' '}
                <Button onClick={() => void load()} style={{ marginLeft: 8 }}>
                  {t('common.retry')}
                </Button>
              </>
            }
          />
        )}
        {/* The first start asks first where the cases are kept: here (setup), or the team's server. */}
        {boot.stage === 'setup' && (
          <FirstStart onShared={() => void load()}>
            <SetupPage onDone={() => void load()} />
          </FirstStart>
        )}
        {boot.stage === 'signin' && (
          <SignInPage firstPassword={boot.firstPassword} onSignedIn={() => void load()} store={<SignInStore onChanged={() => void load()} />} />
        )}
        {boot.stage === 'locked' && <LockScreen name={boot.state.current_user?.display_name ?? ''} onUnlocked={() => void load()} onSignedOut={() => void load()} />}
      </Layout.Content>
    </Layout>
  );
}

/** What a screen that failed to draw leaves: the error in words, and a way back in. */
function Broken({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useT();
  return (
    <FullPageStatus
      testId="screen-failed"
      title={t('startup.broken')}
      description={
        <>
          <span className="desk-text">{error instanceof Error ? error.message : String(error)}</span>{' '}
          <Button
            onClick={() => {
              window.location.hash = '#/work';
              retry();
            }}
            style={{ marginLeft: 8 }}
          >
            {t('common.retry')}
          </Button>
        </>
      }
    />
  );
}
