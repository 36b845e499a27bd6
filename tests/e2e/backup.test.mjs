// A damaged database at start: the window explains that the file is damaged and offers the latest
// good backup; one click restores it and the desk opens with the backup's cases.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { CLI, cli, liftComplaint as complaint } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const DB = 'complaintdesk.sqlite3';

/** `db check` through the CLI: the error code the desk answers with when it opens the file. */
function openingError(dataDir) {
  try {
    execFileSync(CLI, ['--data-dir', dataDir, '--json', 'db', 'check'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return null;
  } catch (error) {
    return JSON.parse(error.stderr).code;
  }
}

test('a damaged database leads to the restore screen, and the latest backup brings the desk back', async (t) => {
  let backup;
  const app = await openApp(t.name, {
    prepare: (dataDir) => {
      cli(dataDir, ['setup'], {
        profile: 'property',
        org_name: '翠湖物业服务中心',
        admin_login: 'zhang',
        admin_display_name: '张主管',
        extra_roles: ['clerk', 'supervisor'],
      });
      // Enough cases that the middle of the file is table and index pages, not free space.
      for (let i = 1; i <= 40; i += 1) cli(dataDir, ['case', 'create', '--as', 'zhang'], complaint(`电梯停运 第${i}件`));
      backup = cli(dataDir, ['backup', 'now', '--as', 'zhang']);
      assert.equal(backup.case_count, 40, 'the backup holds the 40 cases');
      cli(dataDir, ['case', 'create', '--as', 'zhang'], complaint('备份之后登记的投诉'));

      // Damage the file behind the app's back: garbage over the middle of it.
      const file = path.join(dataDir, DB);
      assert.equal(fs.existsSync(`${file}-wal`), false, 'everything is in the main file (the CLI checkpointed on close)');
      const bytes = fs.readFileSync(file);
      const from = Math.floor(bytes.length / 3);
      const to = Math.floor((2 * bytes.length) / 3);
      for (let i = from; i < to; i += 1) bytes[i] = (i * 7919) & 0xff;
      fs.writeFileSync(file, bytes);
      assert.equal(openingError(dataDir), 'database_corrupt', 'the desk reports the file as damaged when it opens it');
    },
  });
  t.after(() => app.close());
  const ui = helpers(app);

  await app.waitForTestId('damaged-screen');
  await ui.waitText('damaged-screen', '数据文件已损坏');
  await ui.waitText('damaged-latest', '40 件投诉');
  assert.equal(await app.byTestId('startup-failed').isExisting(), false, 'not the generic failure page');
  await ui.shot('damaged-screen');

  await ui.click('restore-latest');
  // The restored desk opens at the sign-in screen: nobody is signed in after a start.
  await app.signInThroughScreen('zhang');
  await app.waitForTestId('work-page', WAIT_MS);
  await ui.waitText('org-name', '翠湖物业服务中心');

  const page = await app.invoke('list_cases', { query: { page_size: 100 } });
  assert.equal(page.total, 40, 'the desk has the backup’s 40 cases');
  assert.ok(!page.rows.some((r) => r.subject === '备份之后登记的投诉'), 'the case registered after the backup is not there');

  const folder = path.join(app.dataDir, 'backups');
  const kept = fs.readdirSync(folder);
  assert.ok(kept.includes(backup.file), 'the restored backup is still there');
  assert.ok(kept.some((f) => f.startsWith('damaged-')), 'the damaged file’s bytes are kept beside the backups');
  await ui.shot('restored');

  // The admin page lists the backups, the restored one with a restore button of its own.
  await ui.click('nav-backup');
  await app.waitForTestId(`restore-${backup.file}`);
  await ui.waitText('backup-list', '40');
  await ui.shot('backup-page');

  // Restoring from the page asks first, says the current data is backed up, and keeps the desk open.
  await app.invoke('create_case', { input: complaint('恢复前的新投诉') });
  await ui.click(`restore-${backup.file}`);
  await ui.waitText('restore-confirm', '先把当前数据备份');
  await ui.shot('restore-confirm');
  await ui.click('restore-confirm-ok');
  await app.byTestId('restore-confirm').waitForDisplayed({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'the dialog closes after the restore' });
  const after = await app.invoke('list_cases', { query: { page_size: 100 } });
  assert.equal(after.total, 40, 'the page restored the backup’s 40 cases');
  const backups = await app.invoke('list_backups');
  assert.equal(backups.length, 2, 'the backup and the one made of the 41 cases before restoring');
  assert.equal(backups[0].case_count, 41, 'the newest backup is the state before the restore');
});
