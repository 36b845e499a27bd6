import type { DocumentKind } from './bindings/DocumentKind';
import type { AppState } from './bindings/AppState';
import type { AuditCheck } from './bindings/AuditCheck';
import type { BackupInfo } from './bindings/BackupInfo';
import type { BackupSettings } from './bindings/BackupSettings';
import type { BackupStatus } from './bindings/BackupStatus';
import type { BatchMoveInput } from './bindings/BatchMoveInput';
import type { BatchOutcome } from './bindings/BatchOutcome';
import type { AttemptInput } from './bindings/AttemptInput';
import type { CalendarYearSummary } from './bindings/CalendarYearSummary';
import type { CallInput } from './bindings/CallInput';
import type { Campaign } from './bindings/Campaign';
import type { CampaignCall } from './bindings/CampaignCall';
import type { CampaignCallForm } from './bindings/CampaignCallForm';
import type { CampaignDetail } from './bindings/CampaignDetail';
import type { CampaignInput } from './bindings/CampaignInput';
import type { CaseDetail } from './bindings/CaseDetail';
import type { CaseInput } from './bindings/CaseInput';
import type { CasePage } from './bindings/CasePage';
import type { CaseQuery } from './bindings/CaseQuery';
import type { CaseRow } from './bindings/CaseRow';
import type { CategorySuggestion } from './bindings/CategorySuggestion';
import type { ClassifierStatus } from './bindings/ClassifierStatus';
import type { CorrectionInput } from './bindings/CorrectionInput';
import type { Catalog } from './bindings/Catalog';
import type { ClockReading } from './bindings/ClockReading';
import type { EscalateInput } from './bindings/EscalateInput';
import type { ExtensionInput } from './bindings/ExtensionInput';
import type { CustomerContacts } from './bindings/CustomerContacts';
import type { CustomerHistory } from './bindings/CustomerHistory';
import type { CustomerKey } from './bindings/CustomerKey';
import type { CustomerView } from './bindings/CustomerView';
import type { Dashboard } from './bindings/Dashboard';
import type { ExtensionRequestInput } from './bindings/ExtensionRequestInput';
import type { FollowupForm } from './bindings/FollowupForm';
import type { FollowupQueue } from './bindings/FollowupQueue';
import type { FollowupSettings } from './bindings/FollowupSettings';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportReport } from './bindings/ImportReport';
import type { Improvement } from './bindings/Improvement';
import type { ImprovementDetail } from './bindings/ImprovementDetail';
import type { ImprovementInput } from './bindings/ImprovementInput';
import type { ImprovementStatus } from './bindings/ImprovementStatus';
import type { KpiFilter } from './bindings/KpiFilter';
import type { KpiSettings } from './bindings/KpiSettings';
import type { MigrationReport } from './bindings/MigrationReport';
import type { LetterheadInput } from './bindings/LetterheadInput';
import type { LetterheadSettings } from './bindings/LetterheadSettings';
import type { Locale } from './bindings/Locale';
import type { Mapping } from './bindings/Mapping';
import type { MoveInput } from './bindings/MoveInput';
import type { NoteInput } from './bindings/NoteInput';
import type { PersonalData } from './bindings/PersonalData';
import type { PrivacySettings } from './bindings/PrivacySettings';
import type { ReplyTemplates } from './bindings/ReplyTemplates';
import type { RulePack } from './bindings/RulePack';
import type { SavedMapping } from './bindings/SavedMapping';
import type { SimilarCase } from './bindings/SimilarCase';
import type { SiteSettings } from './bindings/SiteSettings';
import type { ScriptInfo } from './bindings/ScriptInfo';
import type { ScriptInput } from './bindings/ScriptInput';
import type { ScriptPlaceholder } from './bindings/ScriptPlaceholder';
import type { SetupInput } from './bindings/SetupInput';
import type { StepFields } from './bindings/StepFields';
import type { TrainingInput } from './bindings/TrainingInput';
import type { TrainingSession } from './bindings/TrainingSession';
import type { User } from './bindings/User';
import type { UserInput } from './bindings/UserInput';
import type { WorkQueue } from './bindings/WorkQueue';
import type { ScreenPop } from './bindings/ScreenPop';
import type { Server } from './bindings/Server';
import { DeskError } from './errors';
import { invoke } from './invoke';

/**
 * The generated types mark a few `Option<i64>` fields as required numbers (their `#[ts(type)]`
 * override drops the `?`). The backend accepts them missing, so the screens build these looser
 * shapes; they stay correct once the bindings mark the fields optional.
 */
type Loosen<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
export type CaseQueryDraft = Loosen<CaseQuery, 'handler_id' | 'registered_by'>;
export type CaseInputDraft = Loosen<CaseInput, 'staff_user_id'>;
export type StepFieldsDraft = Loosen<StepFields, 'handler_id' | 'staff_minutes' | 'satisfaction'>;
export type MoveInputDraft = Omit<MoveInput, 'fields'> & { fields: StepFieldsDraft };
export type BatchMoveInputDraft = Omit<BatchMoveInput, 'fields'> & { fields: StepFieldsDraft };

/** Events the backend emits after a write; screens listen and reload what they show. */
export const CASES_CHANGED = 'cases-changed';
export const USERS_CHANGED = 'users-changed';
/** Signed in or out, locked or unlocked (also from outside the window): reload the app state. */
export const SESSION_CHANGED = 'session-changed';
/** The watcher found clocks that crossed a warning line or ran out; the payload is `DeadlineAlert[]`. */
export const DEADLINE_ALERTS = 'deadline-alerts';
/** The deadline watcher found improvement items overdue (`ImprovementAlert[]`). */
export const IMPROVEMENT_ALERTS = 'improvement-alerts';
/** A holiday calendar was imported: due dates may have moved. */
export const CALENDAR_CHANGED = 'calendar-changed';
/**
 * A window test moved the shell's clock; the payload is the new `ClockReading`. The watcher then
 * runs at the new instant (and may send `cases-changed` and `deadline-alerts`).
 */
export const CLOCK_CHANGED = 'clock-changed';
/**
 * The integrity check run beside the open desk found the file damaged: the desk is closed, and
 * the app state now answers `database_corrupt` (the restore screen).
 */
export const DATABASE_DAMAGED = 'database-damaged';
/**
 * 来电弹屏: a call system opened `complaintdesk://intake?phone=…`; the payload is the `ScreenPop`
 * (the caller's number, checked by the backend). The window goes to the intake form with it.
 */
export const SCREEN_POP = 'screen-pop';
/** A scheduled backup failed; the payload is the `DeskError` (its message names the folder). */
export const BACKUP_FAILED = 'backup-failed';
/**
 * How the window's link to the shared store is (联网); the payload is `{ link: StoreLink }`.
 * Once a lost link is back, `cases-changed` with `id: null` follows: every view reloads.
 */
export const STORE_LINK = 'store-link';
/**
 * 迁入共享库: how far the move is; the payload is a `MigrationProgress` (`done` of `total` steps,
 * and the step's name: a table, `verify`, `files`, `chain`, `index`, `people`; the shell's own
 * `connect` before and `password`, `audit` after the copy).
 */
export const MIGRATION_PROGRESS = 'migration-progress';
/** A case was changed (here, by the watcher, or on the shared store by another laptop); `null`: reload everything. */
export interface CasesChanged {
  id: number | null;
}

// The shell's own types for 数据存储 (it is the shell, not the core, that keeps store.json), written
// here by hand to match `src-tauri/commands/store.rs` and `core::store::pg::Probe`.
/** The shared store's change feed: `offline` also when nobody is signed in to it. */
export type StoreLink = 'connected' | 'reconnecting' | 'offline';
export interface StoreStatus {
  /** `single`: the laptop's own file (单机); `shared`: the team's server (联网). */
  mode: 'single' | 'shared';
  /** `host:port/database` on a server; the file's path (or the data folder) on the laptop. */
  place: string;
  /** A desk is open: on the shared store, someone signed in and connected. */
  connected: boolean;
  link: StoreLink;
  /** On the shared store with someone connected: their branch ('' = every branch); null otherwise. */
  branch: string | null;
  /** The store may be changed without signing in (the laptop's first start). */
  changeable: boolean;
}
/** What 测试连接 found on a server that answered. */
export interface StoreProbe {
  server: string;
  /** The server's PostgreSQL version, as it says it. */
  server_version: string;
  encrypted: boolean;
  /** 0: an empty database (the store's tables are made by `db init`). */
  schema_version: number;
}

/** A finished 迁入共享库 (`src-tauri/commands/migrate.rs`): what moved, `db verify` on the store after it, how long it took. */
export interface Migrated {
  report: MigrationReport;
  verify: AuditCheck;
  took_ms: number;
}
/** 导出为单机只读副本 (`core::store::pg::export::ExportReport`): the new desk folder, each table's rows, the files. */
export interface SharedCopy {
  path: string;
  tables: [table: string, rows: number][];
  files: number;
}

// One typed function per backend command; screens call these, never `invoke` with a string.
export const getAppState = () => invoke<AppState>('get_app_state');
/**
 * Tells the shell the window has drawn its first screen: the work that waits for it (the
 * integrity check, the day's first backup, the deadline watcher) starts then, not while the web
 * view is still starting (no sign-in needed).
 */
export const windowShown = () => invoke<null>('window_shown');
/** The shell's time, which the window counts from (no sign-in needed); see `lib/clock`. */
export const getClock = () => invoke<ClockReading>('get_clock');
/** Tells the shell the window's language, for the desktop notifications it shows (no sign-in needed). */
export const setWindowLocale = (locale: Locale) => invoke<null>('set_locale', { locale });

// The audit chain (审计校验): admin and compliance; the backend checks the role.
export const verifyAudit = () => invoke<AuditCheck>('verify_audit');
export const setupDesk = (input: SetupInput) => invoke<AppState>('setup_desk', { input });
export const getCatalog = () => invoke<Catalog>('get_catalog');
export const listUsers = () => invoke<User[]>('list_users');
export const createUser = (input: UserInput) => invoke<User>('create_user', { input });
export const updateUser = (id: number, input: UserInput) => invoke<User>('update_user', { id, input });
export const signIn = (login: string, password: string) => invoke<AppState>('sign_in', { login, password });
export const signOut = () => invoke<AppState>('sign_out');
export const lockDesk = () => invoke<AppState>('lock');
export const unlockDesk = (password: string) => invoke<AppState>('unlock', { password });
export const setFirstPassword = (login: string, password: string) => invoke<AppState>('set_first_password', { login, password });
export const setIdleLockMinutes = (minutes: number) => invoke<AppState>('set_idle_lock_minutes', { minutes });
export const resetPassword = (id: number, password: string) => invoke<null>('reset_password', { id, password });
export const createCase = (input: CaseInputDraft) => invoke<CaseDetail>('create_case', { input });
export const findOpenCases = (phone: string) => invoke<CaseRow[]>('find_open_cases', { phone });
/** The case's full phone, ID and policy numbers (as far as the user may see them); recorded on its timeline. */
export const revealPersonalData = (id: number) => invoke<PersonalData>('reveal_personal_data', { id });
export const getPrivacySettings = () => invoke<PrivacySettings>('get_privacy_settings');
export const setPrivacySettings = (settings: PrivacySettings) => invoke<PrivacySettings>('set_privacy_settings', { settings });
export const listCases = (query: CaseQueryDraft) => invoke<CasePage>('list_cases', { query });
export const getCase = (id: number) => invoke<CaseDetail>('get_case', { id });
export const moveCase = (id: number, input: MoveInputDraft) => invoke<CaseDetail>('move_case', { id, input });
/**
 * 批量操作: one step (`accept`, or `assign` for 分派 and 转派) for the selected cases. Each case is
 * checked as one at a time and comes back with its outcome, in the order given; the call itself
 * is refused only when no case could pass (the role, the step's fields, no case or too many).
 */
export const moveCases = (input: BatchMoveInputDraft) => invoke<BatchOutcome[]>('move_cases', { input });
export const addNote = (id: number, input: NoteInput) => invoke<CaseDetail>('add_note', { id, input });
export const escalateCase = (id: number, input: EscalateInput) => invoke<CaseDetail>('escalate_case', { id, input });
/** 更正信息: the changed fields with a reason; who may correct what is the backend's rule. */
export const correctCase = (id: number, input: CorrectionInput) => invoke<CaseDetail>('correct_case', { id, input });
export const getMyWork = () => invoke<WorkQueue[]>('get_my_work');
export const approveExtension = (id: number, input: ExtensionInput) => invoke<CaseDetail>('approve_extension', { id, input });
/** A handler (on their own case) or a supervisor asks for an extension; a supervisor approves it. */
export const requestExtension = (id: number, input: ExtensionRequestInput) => invoke<CaseDetail>('request_extension', { id, input });
export const listRulePacks = () => invoke<RulePack[]>('list_rule_packs');
/** Sets a property service time (admin); the backend recomputes open cases' deadlines and returns the pack. */
export const setServiceTime = (pack: string, clock: string, length: number) =>
  invoke<RulePack>('set_service_time', { pack, clock, length });
/** Sets the zone the desk counts its days in (admin); returns the zone in force. */
export const setDeskZone = (zone: string) => invoke<string>('set_desk_zone', { zone });
export const listCalendarYears = () => invoke<CalendarYearSummary[]>('list_calendar_years');
export const importCalendar = (text: string) => invoke<CalendarYearSummary[]>('import_calendar', { text });

// Follow-up calls (回访).
/** Records one call to the customer; the backend closes, reopens or reschedules the case and returns it. */
export const recordFollowup = (id: number, input: AttemptInput) => invoke<CaseDetail>('record_followup', { id, input });
export const getFollowupQueue = () => invoke<FollowupQueue>('get_followup_queue');
/** What the call form shows beside its fields: the script filled in for the case, the customer's history. */
export const getFollowupForm = (id: number) => invoke<FollowupForm>('get_followup_form', { id });
/** A customer's earlier cases by phone and/or ID number, leaving out case `except`. */
export const getCustomerHistory = (who: { phone?: string; idNumber?: string; except?: number }) =>
  invoke<CustomerHistory>('get_customer_history', who);
// 客户页: one customer's cases, calls and scores, by phone, ID number or one of their cases.
export const getCustomer = (key: CustomerKey) => invoke<CustomerView>('get_customer', { key });
/** The customer's full phones and ID numbers (as far as the user may see them); recorded on each case. */
export const revealCustomerData = (key: CustomerKey) => invoke<CustomerContacts>('reveal_customer_data', { key });
export const getFollowupSettings = () => invoke<FollowupSettings>('get_followup_settings');
export const setFollowupSettings = (settings: FollowupSettings) => invoke<FollowupSettings>('set_followup_settings', { settings });
export const listFollowupScripts = () => invoke<ScriptInfo[]>('list_followup_scripts');
/** Saves a category's script (`''` = the default); without `text` it goes back to the shipped one. */
export const setFollowupScript = (input: ScriptInput) => invoke<ScriptInfo[]>('set_followup_script', { input });
export const listScriptPlaceholders = () => invoke<ScriptPlaceholder[]>('list_script_placeholders');

// Dashboards (统计分析): supervisors, admins and compliance; the backend checks the role.
/** Every figure of the cohort received in `filter`'s period, with the period before, charts and tables. */
export const getDashboard = (filter: KpiFilter) => invoke<Dashboard>('get_dashboard', { filter });
export const getKpiSettings = () => invoke<KpiSettings>('get_kpi_settings');
/** Saves the acceptance target and the hourly staff cost (admin); returns what is in force. */
export const setKpiSettings = (settings: KpiSettings) => invoke<KpiSettings>('set_kpi_settings', { settings });
export const listTrainings = () => invoke<TrainingSession[]>('list_trainings');
/** Records a training session (supervisor/admin), for the before/after figures of its attendees. */
export const addTraining = (input: TrainingInput) => invoke<TrainingSession>('add_training', { input });
/**
 * Every case of the query as .xlsx, through the native save dialog: the path, or null when
 * cancelled. With `ids` (导出所选), only those cases, in the query's sort.
 */
export const exportCases = (query: CaseQueryDraft) => invoke<string | null>('export_cases', { query });
/** Every dashboard table of the filter as .xlsx, through the native save dialog: the path, or null when cancelled. */
export const exportKpi = (filter: KpiFilter) => invoke<string | null>('export_kpi', { filter });

/** The largest file the backend keeps with a case (its `MAX_ATTACHMENT_BYTES`). */
/** Issues a document of a case (noted on its timeline); saved where the user picks, or opened to print. */
export const issueDocument = (id: number, kind: DocumentKind, deliverAs: 'save' | 'open', langCode: 'zh' | 'en') =>
  invoke<string | null>('issue_document', { id, kind, deliverAs, langCode });
/** The monthly report of the complaints received in a month, as PDF. */
export const issueMonthly = (year: number, month: number, deliverAs: 'save' | 'open', langCode: 'zh' | 'en') =>
  invoke<string | null>('issue_monthly', { year, month, deliverAs, langCode });

export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

/**
 * Keeps a file with a case. The bytes travel as the raw body of the call (no JSON array of
 * numbers), the case and the file name as headers; the name is percent-encoded because header
 * values are ASCII. A file over the limit is refused here, before it is read into memory, with
 * the refusal the backend would give; the backend checks again.
 */
export async function addAttachment(caseId: number, file: File): Promise<CaseDetail> {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    // The words the clerk reads come from the locale, by field and rule, as for the backend's refusal.
    throw new DeskError('invalid', `file of ${file.size} bytes is over the ${MAX_ATTACHMENT_BYTES} byte limit`, {
      field: 'file',
      rule: 'attachment.max_size',
      command: 'add_attachment',
    });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return invoke<CaseDetail>('add_attachment', bytes, {
    headers: { 'case-id': String(caseId), 'file-name': encodeURIComponent(file.name) },
  });
}

// 文书设置 (admin): the organisation profile on every document, and the respond step's phrases.
/** The organisation's name, address, phones and logo as every document shows them. */
export const getLetterhead = () => invoke<LetterheadSettings>('get_letterhead');
export const setLetterhead = (input: LetterheadInput) => invoke<LetterheadSettings>('set_letterhead', { input });
export const MAX_LOGO_BYTES = 1024 * 1024;
/**
 * Sets the logo from a PNG file, its bytes as the raw body of the call; `null` removes it. A
 * file over the limit is refused here with the backend's refusal; the backend checks again.
 */
export async function setLetterheadLogo(file: File | null): Promise<LetterheadSettings> {
  if (file && file.size > MAX_LOGO_BYTES) {
    throw new DeskError('invalid', `logo of ${file.size} bytes is over the ${MAX_LOGO_BYTES} byte limit`, {
      field: 'logo',
      rule: 'logo.png',
      command: 'set_letterhead_logo',
    });
  }
  const bytes = file ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  return invoke<LetterheadSettings>('set_letterhead_logo', bytes);
}
/** Every category's reply phrases (常用语), the general set (`category: ''`) first. */
export const listReplyTemplates = () => invoke<ReplyTemplates[]>('list_reply_templates');
/** Replaces one category's phrases (admin); returns every category's. */
export const setReplyTemplates = (templates: ReplyTemplates) => invoke<ReplyTemplates[]>('set_reply_templates', { templates });

/** The 项目（小区）list the intake form offers, in the admin's order. */
export const listSites = () => invoke<string[]>('list_sites');
/** The list and the names the cases carry, with their spelling variants (admin). */
export const getSiteSettings = () => invoke<SiteSettings>('get_site_settings');
/** Replaces the list (admin). */
export const setSites = (sites: string[]) => invoke<SiteSettings>('set_sites', { sites });

/** Asks where to save an attachment (the native dialog) and writes it; the path, or null when cancelled. */
export const saveAttachment = (id: number) => invoke<string | null>('save_attachment', { id });

// Backups (备份与恢复): settings and backing up are the admin's; the backend checks the role.
export const getBackupSettings = () => invoke<BackupSettings>('get_backup_settings');
export const setBackupSettings = (settings: BackupSettings) => invoke<BackupSettings>('set_backup_settings', { settings });
export const backupNow = () => invoke<BackupInfo>('backup_now');
export const listBackups = () => invoke<BackupInfo[]>('list_backups');
/** The backups when the desk could not open (a damaged database): read from the data folder. */
export const listBackupsAtStart = () => invoke<BackupInfo[]>('list_backups_at_start');
/**
 * Replaces the data with the backup named `file`, after backing up the current data. Refused
 * with `busy` while another window or program has the database open.
 */
export const restoreBackup = (file: string) => invoke<null>('restore_backup', { file });
/** The last scheduled backup that failed (until one succeeds) and the files interrupted backups left. */
export const getBackupStatus = () => invoke<BackupStatus>('get_backup_status');
/** Deletes a backup (admin), e.g. one kept past the newest N; returns the list after it. */
export const deleteBackup = (file: string) => invoke<BackupInfo[]>('delete_backup', { file });

// When the database was missing at start (`database_missing`): the screen offers these besides a restore.
/** Opens the desk again (a drive plugged in since); fails with the reason when it still cannot. */
export const retryOpenDesk = () => invoke<null>('retry_open_desk');
/** Starts a new, empty desk in the data folder; the backups stay where they are. */
export const startNewDesk = () => invoke<null>('start_new_desk');
/** The call's screen pop the app was started with, once (later calls come as `screen-pop`). */
export const takeScreenPop = () => invoke<ScreenPop | null>('take_screen_pop');

// 数据存储 (单机 / 联网): an admin's, or anyone's at the first start; the shell checks.
/** The shared server the window uses, or null for the laptop's own file (no sign-in needed). */
export const getStoreSettings = () => invoke<Server | null>('get_store_settings');
/** Which store the window is on and how its link is (no sign-in needed). */
export const getStoreStatus = () => invoke<StoreStatus>('get_store_status');
/** 测试连接 as `login` (the password is used once, never kept); a refusal names what is wrong by rule (`db.*`). */
export const testStoreConnection = (server: Server, login: string, password: string) =>
  invoke<StoreProbe>('test_store_connection', { server, login, password });
/**
 * Saves the store (null: the laptop's own file). When it changed, everyone is signed out and the
 * next sign-in opens the chosen store; resolves with whether that happened.
 */
export const setStoreSettings = (server: Server | null) => invoke<boolean>('set_store_settings', { server });
/**
 * 迁入共享库 (admin, on the laptop's file): moves this desk into the shared store on `server` as its
 * owner (`owner` and `ownerPassword`, the account the office's IT made the database with, used
 * once and never kept), and gives the admin's own login `myPassword` there. Progress comes as
 * `MIGRATION_PROGRESS`. The laptop keeps working on its file until `setStoreSettings(server)`.
 */
export const migrateToShared = (server: Server, owner: string, ownerPassword: string, myPassword: string) =>
  invoke<Migrated>('migrate_to_shared', { server, owner, ownerPassword, myPassword });
/**
 * 导出为单机只读副本 (admin, on the shared store): what this person's connection sees of the store,
 * copied into a new read-only desk folder; null when the folder dialog was cancelled.
 */
export const exportSharedCopy = () => invoke<SharedCopy | null>('export_shared_copy');

// 导入历史投诉 (admin; the backend checks the role): written by hand to match
// `src-tauri/commands/import.rs`, whose progress and choice are the shell's own types.
/** How far an import (or a dry run) is: rows read of the rows the preview counted. */
export const IMPORT_PROGRESS = 'import-progress';
export interface ImportProgress {
  done: number;
  total: number;
}
/** What the window chose for an import; `expectedRows` is the preview's row count, for the bar. */
export interface ImportChoice {
  path: string;
  mapping: Mapping;
  dryRun: boolean;
  /** Import a file whose content was imported before. */
  again: boolean;
  /** Import the good rows and leave the refused ones out; false: import nothing if any row is refused. */
  skipRefused: boolean;
  expectedRows: number;
}
/** The file to import, through the native open dialog; null when cancelled. */
export const pickImportFile = () => invoke<string | null>('pick_import_file');
/**
 * Reads the whole file: its encoding, header, first rows, row count, and the value table under
 * `mapping` (null: the mapping the backend suggests from the header and first rows).
 */
export const previewImport = (path: string, mapping: Mapping | null) => invoke<ImportPreview>('preview_import', { path, mapping });
/**
 * Runs (or, `dryRun`, checks) the import; `IMPORT_PROGRESS` comes meanwhile. A cancelled run
 * fails with the rule `import.cancelled`, and nothing is imported.
 */
export const runImport = (choice: ImportChoice) => invoke<ImportReport>('run_import', { choice });
export const cancelImport = () => invoke<null>('cancel_import');
/** Saves the last run's refused rows (.xlsx with 错误原因) where the user picks; null when cancelled or none was refused. */
export const saveImportReport = () => invoke<string | null>('save_import_report');
export const listImportMappings = () => invoke<SavedMapping[]>('list_import_mappings');
/** Saves `mapping` under `name` (replacing one of that name); returns every saved mapping. */
export const saveImportMapping = (name: string, mapping: Mapping) => invoke<SavedMapping[]>('save_import_mapping', { name, mapping });

// What the desk's own cases teach (`src-tauri/commands/knowledge.rs`).
/**
 * 智能分类建议: up to three categories (with sub-category) most likely for this subject and
 * description, most likely first; empty while no model is trained (it never waits for one).
 */
export const suggestCategories = (subject: string, description: string) =>
  invoke<CategorySuggestion[]>('suggest_categories', { subject, description });
/** How well the suggestions do on held-out cases (supervisor, admin); null before the first training. */
export const getClassifierStatus = () => invoke<ClassifierStatus | null>('get_classifier_status');
/** 相似案件: up to five closed cases most like case `id`, with how they were settled. */
export const similarCases = (id: number) => invoke<SimilarCase[]>('similar_cases', { id });
/**
 * 合并处理 (clerk, supervisor): records the intake form's contact on the customer's open case `id`
 * (same phone) instead of registering a second case; returns that case.
 */
export const mergeIntoOpenCase = (id: number, input: CaseInputDraft) => invoke<CaseDetail>('merge_into_open_case', { id, input });

// 整改事项: improvement items. Who may open, see and move which is the backend's rule (`desk::improvements`).
/** Opens an item over the given cases (supervisor, compliance); returns it with its cases. */
export const openImprovement = (input: ImprovementInput) => invoke<ImprovementDetail>('open_improvement', { input });
/** The items the user may see (overseers all, others their own), overdue first; `null`: every status. */
export const listImprovements = (status: ImprovementStatus | null) => invoke<Improvement[]>('list_improvements', { status });
export const getImprovement = (id: number) => invoke<ImprovementDetail>('get_improvement', { id });
/** Moves an item to `to`; `version` is the one shown, so a change made meanwhile is refused, not overwritten. */
export const moveImprovement = (id: number, to: ImprovementStatus, note: string | null, version: number) =>
  invoke<ImprovementDetail>('move_improvement', { id, to, note, version });
export const linkToImprovement = (id: number, caseIds: number[]) => invoke<ImprovementDetail>('link_to_improvement', { id, caseIds });

// 集中回访: follow-up campaigns. Who may start, see, call and close is the backend's rule (`desk::campaigns`).
/** Starts a campaign on the given cases (supervisor, compliance); each gets a call in the 回访 queue. */
export const openCampaign = (input: CampaignInput) => invoke<CampaignDetail>('open_campaign', { input });
/** Every campaign, running ones first (follow-up, supervisors, compliance, admins). */
export const listCampaigns = () => invoke<Campaign[]>('list_campaigns');
export const getCampaign = (id: number) => invoke<CampaignDetail>('get_campaign', { id });
/** The campaign calls waiting to be made, the campaign ending soonest first. */
export const campaignQueue = () => invoke<CampaignCall[]>('campaign_queue');
/** The call form: the call and the campaign's script filled in for its case. */
export const getCampaignCall = (id: number) => invoke<CampaignCallForm>('get_campaign_call', { id });
/** Records one call; a problem that is back registers a new case (`call.new_case_number`). */
export const recordCampaignCall = (id: number, input: CallInput) => invoke<CampaignCallForm>('record_campaign_call', { id, input });
/** Closes a campaign with its result; `version` is the one shown, so a change made meanwhile is refused. */
export const closeCampaign = (id: number, result: string, version: number) => invoke<CampaignDetail>('close_campaign', { id, result, version });
