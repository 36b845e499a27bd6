import {
  BarChartOutlined,
  CalendarOutlined,
  CloudServerOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  FileAddOutlined,
  FileTextOutlined,
  ImportOutlined,
  InboxOutlined,
  CustomerServiceOutlined,
  LockOutlined,
  LogoutOutlined,
  PhoneOutlined,
  ReconciliationOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { App, Button, Layout, Menu, Skeleton, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { FullPageStatus } from '../components/FullPageStatus';
import { AuditPage } from '../features/audit/AuditPage';
import { BackupPage } from '../features/backup/BackupPage';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { CampaignsPage } from '../features/campaigns/CampaignsPage';
import { CaseDetailPage } from '../features/cases/CaseDetailPage';
import { CalendarPage } from '../features/calendar/CalendarPage';
import { DocumentSettingsPage } from '../features/documents/DocumentSettingsPage';
import { SitesPage } from '../features/sites/SitesPage';
import { StorePage } from '../features/store/StorePage';
import { filterFromSearch, filterToSearch } from '../features/dashboard/figures';
import { CaseListPage } from '../features/cases/CaseListPage';
import { CustomerPage } from '../features/customer/CustomerPage';
import { FollowupPage } from '../features/followup/FollowupPage';
import { FollowupSettingsPage } from '../features/followup/FollowupSettingsPage';
import { ImportPage } from '../features/import/ImportPage';
import { IntakePage } from '../features/intake/IntakePage';
import { RulePacksPage } from '../features/rulepacks/RulePacksPage';
import { UsersPage } from '../features/users/UsersPage';
import { WorkNavLabel } from '../features/work/WorkNavLabel';
import { WorkPage } from '../features/work/WorkPage';
import { queryFromSearch, queryToSearch } from '../lib/caseQuery';
import { DeskContext, type Desk } from '../lib/desk/DeskContext';
import { lockDesk, signOut } from '../lib/ipc/commands';
import { useToday } from '../lib/useNow';
import { navigate, useRoute, type Route } from '../lib/router';
import { useErrorMessage, useT, ERROR_SECONDS } from '../locales/i18n';
import type { Locale, MessageKey } from '../locales/index';
import { LockScreen } from './LockScreen';
import { Shortcuts } from './Shortcuts';
import { SigninAlerts } from './SigninAlerts';
import { StoreTag } from './StoreTag';
import { NoticeBell } from './NoticeBell';
import { useNotices } from './notices';
import { useBackupFailureNotice } from './useBackupFailureNotice';
import { useDeadlineAlerts, useImprovementAlerts } from './useDeadlineAlerts';
import { useScreenPop } from './useScreenPop';
import { useIdleLock } from './useIdleLock';

// The dashboard carries ECharts: load it when first opened, so the desk starts as fast as before.
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
// 整改事项 draws its effect with ECharts too.
const ImprovementsPage = lazy(() => import('../features/improvements/ImprovementsPage').then((m) => ({ default: m.ImprovementsPage })));

export type Page =
  | 'work'
  | 'intake'
  | 'cases'
  | 'customer'
  | 'followup'
  | 'campaigns'
  | 'dashboard'
  | 'users'
  | 'calendar'
  | 'rulepacks'
  | 'followup-settings'
  | 'document-settings'
  | 'sites'
  | 'audit'
  | 'backup'
  | 'store'
  | 'import'
  | 'improvements';
const PAGES: readonly Page[] = ['work', 'intake', 'cases', 'customer', 'followup', 'campaigns', 'dashboard', 'users', 'calendar', 'rulepacks', 'followup-settings', 'document-settings', 'sites', 'audit', 'backup', 'store', 'import', 'improvements'];

/** Which menu entry a route belongs to; anything unknown shows 我的工作. */
export function pageOf(route: Route): Page {
  const head = route.path[0];
  return PAGES.find((p) => p === head) ?? 'work';
}

/** The desk once set up: menu on the left, who is working in the header, the page in the middle. */
export function Shell({ desk, setLocale }: { desk: Desk; setLocale: (l: Locale) => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const route = useRoute();
  const page = pageOf(route);
  // The dashboard's default period ends on the desk's today, and moves when the day does.
  const today = useToday();
  const { state, catalog } = desk;
  const user = state.current_user;
  // What the user may do outside a case is the backend's decision; the menu only follows it.
  const { register_cases: canRegister, manage_users: canManageUsers } = state.permissions;
  // Follow-up calls are the follow-up clerk's and the supervisor's; the backend checks again.
  const canFollowUp = !!user?.roles.some((r) => r === 'followup' || r === 'supervisor');
  // 集中回访 are read by those who call, start or audit them; the backend checks again.
  const canSeeCampaigns = !!user?.roles.some((r) => r === 'followup' || r === 'supervisor' || r === 'compliance' || r === 'admin');
  // The figures are for those who manage or audit the desk; the backend refuses anyone else.
  const canAnalyse = !!user?.roles.some((r) => r === 'supervisor' || r === 'admin' || r === 'compliance');
  // The audit check is for administrators and compliance; the backend refuses anyone else.
  const canAudit = !!user?.roles.some((r) => r === 'admin' || r === 'compliance');
  // 导入历史投诉 is an administrator's; the backend refuses anyone else.
  const canImport = !!user?.roles.includes('admin');
  // Where "back" from a case goes: the list or queue the user came from, filters and all.
  const lastList = useRef<string>('#/cases');

  useEffect(() => {
    if (!(route.path[0] === 'cases' && route.path[1])) lastList.current = window.location.hash || '#/work';
  }, [route]);

  const lock = async () => {
    try {
      await lockDesk();
      await desk.reload();
    } catch (error) {
      message.error(say(error), ERROR_SECONDS);
    }
  };
  const leave = async () => {
    try {
      await signOut();
      await desk.reload();
    } catch (error) {
      message.error(say(error), ERROR_SECONDS);
    }
  };
  useIdleLock(state.idle_lock_minutes, !state.locked, () => void lock());

  const open = (id: number) => navigate(['cases', id]);
  // Deadline breaches and a failed backup go to the header's 通知 list, not over the page.
  const notices = useNotices();
  useDeadlineAlerts(notices.add);
  useImprovementAlerts(notices.add, user?.id);
  useBackupFailureNotice(canManageUsers, user?.id, notices.add);
  useScreenPop(canRegister);
  const roleNames = (roles: string[]) => roles.map((r) => t(`roles.${r}` as MessageKey)).join(' · ');
  const nav = (key: Page, icon: ReactNode) => ({
    key,
    icon,
    label: <span data-testid={`nav-${key}`}>{t(`nav.${key}` as MessageKey)}</span>,
  });

  let content: ReactNode;
  if (page === 'intake') {
    content = canRegister ? <IntakePage onSaved={open} callerPhone={new URLSearchParams(route.search).get('phone') ?? undefined} /> : <FullPageStatus title={t('intake.notAllowed')} />;
  } else if (page === 'cases' && route.path[1]) {
    const id = Number(route.path[1]);
    content = (
      <CaseDetailPage
        key={id}
        id={id}
        onBack={() => {
          window.location.hash = lastList.current;
        }}
      />
    );
  } else if (page === 'cases') {
    content = (
      <CaseListPage
        query={queryFromSearch(route.search)}
        onQueryChange={(q) => navigate(['cases'], queryToSearch(q), true)}
        onOpen={open}
      />
    );
  } else if (page === 'customer') {
    content = <CustomerPage key={route.search} search={route.search} onOpen={open} />;
  } else if (page === 'followup') {
    content = canFollowUp ? (
      <FollowupPage
        tab={route.path[1] === 'campaigns' ? 'campaigns' : 'cases'}
        onTab={(tab) => navigate(tab === 'campaigns' ? ['followup', 'campaigns'] : ['followup'], '', true)}
      />
    ) : (
      <FullPageStatus title={t('followup.notAllowed')} />
    );
  } else if (page === 'campaigns') {
    const selected = route.path[1] ? Number(route.path[1]) : undefined;
    content = canSeeCampaigns ? (
      <CampaignsPage
        selected={selected !== undefined && Number.isInteger(selected) ? selected : undefined}
        onSelect={(id) => navigate(id === null ? ['campaigns'] : ['campaigns', id], '', true)}
      />
    ) : (
      <FullPageStatus title={t('campaigns.notAllowed')} />
    );
  } else if (page === 'dashboard') {
    content = (
      <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
        <DashboardPage filter={filterFromSearch(route.search, dayjs(today))} onFilterChange={(f) => navigate(['dashboard'], filterToSearch(f), true)} />
      </Suspense>
    );
  } else if (page === 'improvements') {
    // Everyone signed in: the backend lists overseers every item and others the ones they own.
    const selected = route.path[1] ? Number(route.path[1]) : undefined;
    content = (
      <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
        <ImprovementsPage
          selected={selected !== undefined && Number.isInteger(selected) ? selected : undefined}
          onSelect={(id) => navigate(id === null ? ['improvements'] : ['improvements', id], '', true)}
          onOpenCase={open}
        />
      </Suspense>
    );
  } else if (page === 'audit') {
    content = canAudit ? <AuditPage /> : <FullPageStatus title={t('audit.title')} />;
  } else if (page === 'backup') {
    content = <BackupPage />;
  } else if (page === 'store') {
    content = <StorePage />;
  } else if (page === 'import') {
    content = canImport ? <ImportPage onOpenCases={() => navigate(['cases'])} /> : <FullPageStatus title={t('import.adminOnly')} />;
  } else if (page === 'followup-settings') {
    content = <FollowupSettingsPage />;
  } else if (page === 'document-settings') {
    content = <DocumentSettingsPage />;
  } else if (page === 'sites') {
    content = <SitesPage />;
  } else if (page === 'users') {
    content = <UsersPage />;
  } else if (page === 'calendar') {
    content = <CalendarPage />;
  } else if (page === 'rulepacks') {
    content = <RulePacksPage />;
  } else {
    content = (
      <WorkPage
        selected={route.path[1]}
        onSelect={(key) => navigate(key ? ['work', key] : ['work'], '', true)}
        onOpen={open}
        onOpenImprovement={(id) => navigate(['improvements', id])}
      />
    );
  }

  return (
    <DeskContext.Provider value={desk}>
      {/* Locked: the page stays mounted, what was typed kept, but nothing of it shows. */}
      <Layout className="desk-shell" hidden={state.locked} aria-hidden={state.locked || undefined}>
        <Layout.Header className="desk-header" data-testid="app-header">
          <Typography.Title level={4} className="desk-title" data-testid="app-title">
            {t('app.name')}
          </Typography.Title>
          <span className="desk-org" data-testid="org-name" title={catalog.org_name}>
            {catalog.org_name}
          </span>
          <Tag className="desk-profile-tag" data-testid="profile-tag">
            {t(`profiles.${catalog.profile}` as MessageKey)}
          </Tag>
          <StoreTag />
          <div className="desk-header-spacer" />
          <NoticeBell
            notices={notices}
            openCase={open}
            openBackups={() => navigate(['backup'])}
            openImprovement={(id) => navigate(['improvements', id])}
          />
          <div className="desk-whoami" data-testid="current-user">
            <span className="desk-whoami-label">{t('header.currentUser')}</span>
            <span className="desk-whoami-name" data-testid="current-user-name">
              {user?.display_name}
            </span>
            {user && (
              <span className="desk-whoami-roles" data-testid="current-roles" title={roleNames(user.roles)}>
                {roleNames(user.roles)}
              </span>
            )}
            <Button size="small" icon={<LockOutlined />} data-testid="lock-button" onClick={() => void lock()}>
              {t('header.lock')}
            </Button>
            <Button size="small" icon={<LogoutOutlined />} data-testid="signout-button" onClick={() => void leave()}>
              {t('header.signOut')}
            </Button>
          </div>
          <LanguageSwitch locale={desk.locale} setLocale={setLocale} />
        </Layout.Header>
        <Layout>
          {/* Below 1200 px the menu folds to its icons: an office laptop's lists need the room. */}
          <Layout.Sider width={188} theme="light" className="desk-sider" breakpoint="xl" collapsedWidth={64}>
            <Menu
              mode="inline"
              // A customer's page is reached from cases: the menu keeps 案件列表 lit.
              selectedKeys={[page === 'customer' ? 'cases' : page]}
              onClick={({ key }) => navigate([key])}
              items={[
                // 我的工作 carries the count of cases due soon (即将到期).
                { key: 'work', icon: <InboxOutlined />, label: <WorkNavLabel userId={user?.id} /> },
                ...(canRegister ? [nav('intake', <FileAddOutlined />)] : []),
                nav('cases', <UnorderedListOutlined />),
                ...(canFollowUp ? [nav('followup', <PhoneOutlined />)] : []),
                ...(canSeeCampaigns ? [nav('campaigns', <CustomerServiceOutlined />)] : []),
                ...(canAnalyse ? [nav('dashboard', <BarChartOutlined />)] : []),
                nav('improvements', <ReconciliationOutlined />),
                nav('calendar', <CalendarOutlined />),
                nav('rulepacks', <FieldTimeOutlined />),
                ...(canManageUsers ? [nav('followup-settings', <SettingOutlined />)] : []),
                ...(canManageUsers ? [nav('document-settings', <FileTextOutlined />)] : []),
                // The 小区 names intake offers: a property desk's.
                ...(canManageUsers && catalog.profile === 'property' ? [nav('sites', <EnvironmentOutlined />)] : []),
                ...(canManageUsers ? [nav('users', <TeamOutlined />)] : []),
                ...(canAudit ? [nav('audit', <SafetyCertificateOutlined />)] : []),
                ...(canManageUsers ? [nav('backup', <DatabaseOutlined />)] : []),
                ...(canManageUsers ? [nav('store', <CloudServerOutlined />)] : []),
                ...(canImport ? [nav('import', <ImportOutlined />)] : []),
              ]}
            />
            <Typography.Text type="secondary" className="desk-shortcut-hint">
              {canRegister && (
                <>
                  {t('header.intakeShortcut')}
                  <br />
                </>
              )}
              {t('shortcuts.hint')}
            </Typography.Text>
          </Layout.Sider>
          <Layout.Content className="desk-content" data-testid="app-content">
            <SigninAlerts alerts={state.signin_alerts} onOpenUsers={() => navigate(['users'])} />
            {content}
          </Layout.Content>
        </Layout>
      </Layout>
      <Shortcuts enabled={!state.locked} canRegister={canRegister} />
      {state.locked && (
        <LockScreen name={user?.display_name ?? ''} onUnlocked={() => void desk.reload()} onSignedOut={() => void desk.reload()} />
      )}
    </DeskContext.Provider>
  );
}
