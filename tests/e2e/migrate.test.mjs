// 迁入共享库 from the window, beside the run's private PostgreSQL (tests/pg.sh): a laptop's demo desk
// of 200 cases moves into a new, empty database as its owner; the progress bar appears and runs
// to its end, the report shows the 200 cases and the store's chain verified, and the command
// line's `db verify` on the store agrees. Then the laptop switches to the shared store, the admin
// signs in with the password they chose, and 备份与恢复 exports a read-only copy of the store.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { openApp, sqlite } from './lib/app.mjs';
import { CLI, cli } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const SERVER_URL = process.env.COMPLAINTDESK_PG_URL;
const skip = !SERVER_URL ? 'needs the private PostgreSQL (tests/pg.sh tests/e2e/run.sh migrate.test.mjs)' : false;

/** The admin's own password on the shared store, chosen in the form (the laptop's is pass-1234). */
const MY_PASSWORD = 'gongxiang-2026';

/** A new, empty database on the run's server, as the office's IT would make it; its owner is the address's user. */
function emptyDatabase(name) {
  const server = new URL(SERVER_URL);
  execFileSync('psql', [SERVER_URL, '-q', '-c', `CREATE DATABASE ${name}`]);
  return {
    host: server.hostname,
    port: server.port,
    database: name,
    owner: decodeURIComponent(server.username),
    url: `${server.protocol}//${server.username}@${server.host}/${name}`,
    place: `${server.hostname}:${server.port}/${name}`,
  };
}

test('an admin moves a 200-case laptop desk into an empty shared store from 数据存储, sees it verified, switches and signs in there', { skip, timeout: 240_000 }, async (t) => {
  const store = emptyDatabase(`cd_e2e_migrate_${process.pid}`);
  const app = await openApp(t.name, {
    signIn: 'admin',
    prepare: (dataDir) => cli(dataDir, ['demo', '--profile', 'property', '--cases', '200']),
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  const now = app.clock.now().toISOString();

  const retype = ui.retype;

  // 设置 → 数据存储 on the 单机 desk: the server, its owner (no password on the test server), and
  // the admin's own password for the store.
  await ui.click('nav-store');
  await ui.waitText('store-current', '现在使用：单机');
  await app.waitForTestId('migrate-card');
  await app.byTestId('migrate-host').setValue(store.host);
  await retype('migrate-port', store.port);
  await app.byTestId('migrate-database').setValue(store.database);
  if (process.env.COMPLAINTDESK_PG_CA) await app.byTestId('migrate-ca-file').setValue(process.env.COMPLAINTDESK_PG_CA);
  await app.byTestId('migrate-owner').setValue(store.owner);
  await app.byTestId('migrate-my-password').setValue(MY_PASSWORD);
  await app.byTestId('migrate-my-password-again').setValue(MY_PASSWORD);
  await ui.scrollToTop('migrate-card');
  await ui.shot('migrate-form');

  // Every value the bar shows is noted inside the page, so a fast move misses none.
  await browser.execute(() => {
    const seen = (window.__migrateBar = []);
    const note = () => {
      const bar = document.querySelector('[data-testid="migrate-progress"]');
      const value = bar
        ? `${bar.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')}|${bar.querySelector('[data-testid="migrate-progress-step"]')?.textContent}`
        : null;
      if (seen.length === 0 || seen[seen.length - 1] !== value) seen.push(value);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  // And every migration-progress event the window hears.
  await browser.execute(() => {
    const heard = (window.__migrateEvents = []);
    const ipc = window.__TAURI_INTERNALS__;
    ipc.invoke('plugin:event|listen', { event: 'migration-progress', target: { kind: 'Any' }, handler: ipc.transformCallback((e) => heard.push(e.payload)) });
  });
  await ui.click('migrate-submit');
  await ui.click('migrate-confirm');
  const started = Date.now();
  await app.waitForTestId('migrate-progress', WAIT_MS);
  await ui.shot('migrate-progress');
  await app.waitForTestId('migrate-report', 120_000);
  const seconds = (Date.now() - started) / 1000;
  await ui.scrollToTop('migrate-card');
  await ui.shot('migrate-report');

  // Every step was told in order, to the end; the bar appeared, moved forward only, named its
  // steps in Chinese (never by their code names) and reached its end. Steps that follow each
  // other within a frame are drawn once (and a WebDriver screenshot holds the page meanwhile),
  // so not every step need be drawn.
  const heard = await browser.execute(() => window.__migrateEvents);
  const steps = heard.map((p) => p.step);
  console.log(`迁入共享库: 200 cases in ${seconds.toFixed(1)} s (window); steps told: ${steps.join(' ')}`);
  assert.deepEqual(steps.slice(0, 3), ['connect', 'verify', 'users'], 'the move starts by connecting, then verifies the desk’s chain');
  assert.deepEqual(steps.slice(-4), ['index', 'people', 'password', 'audit'], 'and ends with the people, the admin’s password and the store’s chain');
  assert.ok(['cases', 'followup_tasks', 'files', 'chain'].every((s) => steps.includes(s)), `the cases, the follow-ups, the files and the chain are steps: ${steps}`);
  const core = heard.filter((p) => p.total > 1);
  assert.ok(core.every((p, i) => i === 0 || p.done > core[i - 1].done || p.done === p.total), `the steps only go forward: ${JSON.stringify(core)}`);
  assert.equal(core.at(-1).done, core.at(-1).total, 'to the last step');
  const shown = (await browser.execute(() => window.__migrateBar)).filter((v) => v !== null);
  const percents = shown.map((v) => Number(v.split('|')[0]));
  console.log(`迁入共享库: the bar showed ${shown.join(', ')}`);
  assert.equal(shown[0], '0|正在迁入：连接服务器并建表', 'the bar appeared at the start, saying it connects');
  assert.ok(percents.every((p, i) => i === 0 || p >= percents[i - 1]), `the bar only moves forward: ${percents}`);
  assert.equal(percents.at(-1), 100, 'the bar reached its end');
  assert.ok(shown.every((v) => /\|正在(迁入|完成)：\p{Script=Han}+$/u.test(v)), `every step in Chinese words: ${shown}`);

  // The report: the 200 cases on the desk and in the store after, none before; the store's chain.
  const cells = (id) => browser.execute((sel) => [...document.querySelectorAll(`${sel} td`)].map((td) => td.textContent), `[data-testid="${id}"]`);
  assert.deepEqual(await cells('migrate-table-cases'), ['案件', '200', '0', '200'], 'cases: 200 on the desk, none in the store before, 200 after');
  const [, deskEvents, eventsBefore, afterEvents] = await cells('migrate-table-events');
  assert.ok(Number(deskEvents) > 200 && eventsBefore === '0' && deskEvents === afterEvents, `every event of the desk moved: ${deskEvents}, ${eventsBefore}, ${afterEvents}`);
  const chain = await app.byTestId('migrate-store-chain').getProperty('textContent');
  assert.equal(chain, `校验通过，共 ${afterEvents} 条事件`, 'the store’s chain verified in the window');
  const took = await app.byTestId('migrate-done').getProperty('textContent');
  console.log(`迁入共享库: the report says ${took}`);

  // The command line finds the same on the store.
  const verify = JSON.parse(execFileSync(CLI, ['--db', store.url, '--json', '--now', now, 'db', 'verify'], { encoding: 'utf8' }));
  assert.equal(verify.ok, true, `db verify passes on the store: ${JSON.stringify(verify)}`);
  assert.equal(verify.events, Number(afterEvents), 'with the number of events the window reported');

  // The laptop switches to the shared store; the admin signs in there with the password chosen.
  await ui.click('migrate-switch');
  await ui.click('migrate-switch-confirm');
  await ui.waitText('signin-store-place', `联网：${store.place}`);
  await app.signInThroughScreen('admin', MY_PASSWORD);
  await ui.waitText('store-tag', `联网 · ${store.place}`);
  const status = await app.invoke('get_store_status');
  assert.deepEqual({ mode: status.mode, connected: status.connected }, { mode: 'shared', connected: true });

  // 备份与恢复 on the shared store: the server's backups, and a read-only copy of what the admin sees.
  await ui.click('nav-backup');
  await ui.waitText('backup-shared-server', 'pg_dump');
  assert.equal(await app.byTestId('backup-now').isExisting(), false, 'no laptop backups on the shared store');
  await ui.click('backup-copy');
  await app.waitForTestId('backup-copy-done', 60_000);
  await ui.shot('backup-shared-copy');
  const copyFile = (await app.byTestId('backup-copy-path').getProperty('textContent')).trim();
  assert.equal(path.dirname(path.dirname(copyFile)), app.saveDir, `the copy is a desk file in a new folder of the save location: ${copyFile}`);
  assert.match(path.basename(path.dirname(copyFile)), /^客诉台只读副本-\d{8}-\d{6}$/, 'the folder is named by the time in the desk’s zone');
  const [{ n }] = sqlite(copyFile, 'SELECT count(*) AS n FROM cases');
  assert.equal(n, 200, 'the copy holds the 200 cases');
});
