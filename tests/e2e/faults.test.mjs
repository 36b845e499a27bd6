// Faults a desk meets outside the window: a second launch on the same data folder, a restore from
// the command line while the window has the database open, and a database file deleted behind the
// desk's back.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { APP_BINARY, STARTUP_TIMEOUT_MS, openApp, readClock } from './lib/app.mjs';
import { CLI, cli, setUpPropertyDesk, liftComplaint as complaint } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const DB = 'complaintdesk.sqlite3';
/** The file a second launch leaves in the data folder for the first window to take. */
const RAISE_FILE = 'complaintdesk-window.raise';
/** What the first window's log says when it takes that file. */
const BROUGHT_FORWARD = 'a second launch on this data folder: the window was brought forward';
/** The CLI's exit code for a fault of the database file (damaged, missing, full, read-only, busy). */
const EXIT_DATABASE = 4;


/**
 * Runs the command-line tool on a data folder (at the test clock's instant, as lib/cli.mjs
 * does) without throwing on a refusal: its exit code, and the error it printed with --json.
 */
function cliOutcome(dataDir, args) {
  const at = readClock(dataDir);
  const now = at ? ['--now', at.toISOString()] : [];
  const run = spawnSync(CLI, ['--data-dir', dataDir, '--json', ...now, ...args], { input: '', encoding: 'utf8' });
  if (run.error) throw run.error;
  const last = run.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .pop();
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, error: last ? JSON.parse(last) : null };
}

/**
 * Starts the app binary once more with `env` and waits for it to end by itself: its exit code,
 * signal and stderr. Past `timeout` it is killed and the wait fails (it should not stay).
 */
function launchAndWait(binary, env, timeout) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => (stderr += d));
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the second launch should end by itself within ${timeout} ms; it was still running (stderr: ${stderr})`));
    }, timeout);
    child.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, stderr });
    });
  });
}

/** Everything the app's log files in `logDir` hold so far. */
function appLog(logDir) {
  if (!fs.existsSync(logDir)) return '';
  return fs
    .readdirSync(logDir)
    .sort()
    .map((name) => fs.readFileSync(path.join(logDir, name), 'utf8'))
    .join('\n');
}

test('a second launch on the same data folder ends by itself and brings the open window forward, which stays usable', async (t) => {
  const app = await openApp(t.name, {
    prepare: (dataDir) => {
      // The data folder exists before the window opens, so the window holds its lock.
      setUpPropertyDesk(dataDir);
      cli(dataDir, ['case', 'create', '--as', 'zhang'], complaint('电梯停运'));
    },
    signIn: 'zhang',
  });
  t.after(() => app.close());
  const ui = helpers(app);
  await app.waitForTestId('work-page', WAIT_MS);
  assert.equal(appLog(app.logDir).includes(BROUGHT_FORWARD), false, 'nothing was brought forward before the second launch');

  // The same binary on the same data folder, with everything else of the first window's setting.
  const second = await launchAndWait(APP_BINARY, { ...process.env, ...app.env }, STARTUP_TIMEOUT_MS * 2);
  assert.equal(second.signal, null, `the second launch ends on its own, not by a signal (stderr: ${second.stderr})`);
  assert.equal(second.code, 0, `the second launch exits with code 0 (stderr: ${second.stderr})`);
  assert.match(second.stderr, /客诉台已在运行/, 'the second launch says the desk is already open');

  // The first window takes the request (the file goes) and says so in its log.
  const raise = path.join(app.dataDir, RAISE_FILE);
  await app.browser.waitUntil(() => !fs.existsSync(raise), {
    timeout: STARTUP_TIMEOUT_MS,
    timeoutMsg: `the first window should take ${RAISE_FILE} from the data folder`,
  });
  await app.browser.waitUntil(() => appLog(app.logDir).includes(BROUGHT_FORWARD), {
    timeout: STARTUP_TIMEOUT_MS,
    timeoutMsg: `the first window's log (${app.logDir}) should say “${BROUGHT_FORWARD}”`,
  });

  // Still the same desk, answering and drawing.
  await ui.click('nav-cases');
  await ui.waitText('case-list-page', '电梯停运');
  const made = await app.invoke('create_case', { input: complaint('第二次启动之后登记的投诉') });
  assert.ok(made.case.number, 'the first window still saves a complaint');
  const page = await app.invoke('list_cases', { query: { page_size: 100 } });
  assert.equal(page.total, 2, 'both complaints are in the desk');
  await ui.shot('after-second-launch');
});

test('the command line cannot restore a backup while the window has the desk open, and the window keeps every case', async (t) => {
  let backup;
  const app = await openApp(t.name, {
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      for (let i = 1; i <= 3; i += 1) cli(dataDir, ['case', 'create', '--as', 'zhang'], complaint(`电梯停运 第${i}件`));
      backup = cli(dataDir, ['backup', 'now', '--as', 'zhang']);
      assert.equal(backup.case_count, 3, 'the backup holds the 3 cases');
      cli(dataDir, ['case', 'create', '--as', 'zhang'], complaint('备份之后登记的投诉'));
    },
    signIn: 'zhang',
  });
  t.after(() => app.close());
  const ui = helpers(app);
  await app.waitForTestId('work-page', WAIT_MS);
  const before = await app.invoke('list_cases', { query: { page_size: 100 } });
  assert.equal(before.total, 4, 'the window has the 4 cases');

  const refused = cliOutcome(app.dataDir, ['restore', backup.path]);
  assert.equal(refused.status, EXIT_DATABASE, `the restore is refused with exit code ${EXIT_DATABASE} (stdout: ${refused.stdout}, stderr: ${refused.stderr})`);
  assert.equal(refused.error?.code, 'busy', `the refusal is busy: the window has the database open (stderr: ${refused.stderr})`);
  assert.ok(refused.error.message.includes(path.join(app.dataDir, DB)), `the refusal names the database file (${refused.error.message})`);

  const after = await app.invoke('list_cases', { query: { page_size: 100 } });
  assert.equal(after.total, 4, 'every case is still there');
  assert.ok(after.rows.some((r) => r.subject === '备份之后登记的投诉'), 'including the one registered after the backup');
  await ui.click('nav-cases');
  await ui.waitText('case-list-page', '备份之后登记的投诉');
  await app.invoke('create_case', { input: complaint('拒绝恢复之后登记的投诉') });
  const later = await app.invoke('list_cases', { query: { page_size: 100 } });
  assert.equal(later.total, 5, 'the window still saves after the refused restore');
  await ui.shot('after-refused-restore');
});

test('a deleted database opens on the missing-database screen, and restoring the offered backup brings the desk back', async (t) => {
  let backup;
  const app = await openApp(t.name, {
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      for (let i = 1; i <= 2; i += 1) cli(dataDir, ['case', 'create', '--as', 'zhang'], complaint(`电梯停运 第${i}件`));
      backup = cli(dataDir, ['backup', 'now', '--as', 'zhang']);
      assert.equal(backup.case_count, 2, 'the backup holds the 2 cases');
      // The database goes behind the desk's back; its marker and the backups stay.
      for (const side of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, `${DB}${side}`), { force: true });
      assert.equal(fs.existsSync(path.join(dataDir, DB)), false, 'the database file is gone');
    },
  });
  t.after(() => app.close());
  const ui = helpers(app);

  await app.waitForTestId('missing-screen');
  await ui.waitText('missing-screen', '找不到客诉台的数据');
  // The backend's words: what is known of the desk that was here.
  await ui.waitText('missing-message', backup.file);
  await app.waitForTestId(`restore-${backup.file}`);
  assert.equal(await app.byTestId('startup-failed').isExisting(), false, 'not the generic failure page');
  assert.equal(await app.byTestId('setup-page').isExisting(), false, 'not a new desk’s setup');
  assert.equal(fs.existsSync(path.join(app.dataDir, DB)), false, 'nothing made a new database meanwhile');
  await ui.shot('missing-screen');

  await ui.click(`restore-${backup.file}`);
  // The restored desk opens at the sign-in screen: nobody is signed in after a restore at start.
  await app.signInThroughScreen('zhang');
  await ui.waitText('org-name', '翠湖花园物业服务中心');
  const page = await app.invoke('list_cases', { query: { page_size: 100 } });
  assert.equal(page.total, 2, 'the desk has the backup’s 2 cases');
  assert.ok(fs.existsSync(path.join(app.dataDir, DB)), 'the database file is back in the data folder');
  await ui.shot('restored');
});
