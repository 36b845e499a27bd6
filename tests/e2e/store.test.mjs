// The window on the team's shared store (联网), beside the run's private PostgreSQL (tests/pg.sh):
// the first start picks 联网 and tests the server as a person, the sign-in screen names it, each
// person connects as their own role, the header says 联网 and 已连接, a case another laptop
// registers shows without a reload, a server that goes away reads 重新连接中 and comes back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { PASSWORD, PG_CTL, PG_URL, liftComplaint, sharedStore } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const skip = !PG_URL ? 'needs the private PostgreSQL (make e2e runs it; tests/pg.sh tests/e2e/run.sh store.test.mjs)' : false;

test('a team laptop: 联网 at the first start, each person connected as themselves, live cases, a server that goes away and comes back', { skip }, async (t) => {
  // The shared store with zhang (admin) and li (handler); the tool registers at the window's test clock.
  const store = sharedStore(`cd_e2e_${process.pid}`);
  store.run(['user', 'create', '--as', 'zhang'], { login: 'li', display_name: '李工', roles: ['handler'] });
  const place = store.place;
  const app = await openApp(t.name);
  t.after(() => app.close());
  const ui = helpers(app);
  const { browser } = app;
  const retype = ui.retype;

  // First start: 联网 instead of a desk of its own; the server tested as zhang, then saved.
  await app.waitForTestId('first-start-store');
  await ui.click('first-start-shared');
  await app.waitForTestId('store-host');
  await app.byTestId('store-host').setValue(store.host);
  await retype('store-port', String(store.port));
  await app.byTestId('store-database').setValue(store.database);
  if (process.env.COMPLAINTDESK_PG_CA) await app.byTestId('store-ca-file').setValue(process.env.COMPLAINTDESK_PG_CA);
  await app.byTestId('store-login').setValue('zhang');
  await app.byTestId('store-password').setValue('wrong-pass-1');
  await ui.click('store-test-submit');
  await ui.waitText('store-test-failed', '数据库服务器不接受这个登录名或密码');
  await retype('store-password', PASSWORD);
  await ui.click('store-test-submit');
  await ui.waitText('store-test-ok', '连接成功');
  await ui.shot('first-start-tested');
  await ui.click('store-save');

  // The sign-in screen names the server; zhang connects as himself.
  await ui.waitText('signin-store-place', `联网：${place}`);
  await ui.shot('signin-shared');
  await app.signInThroughScreen('zhang');
  await ui.waitText('store-tag', `联网 · ${place}`);
  await ui.waitText('store-link', '已连接');
  await ui.waitText('current-user', '张主管');

  // Another laptop registers a complaint: the open list shows it without a reload.
  await ui.click('nav-cases');
  store.run(['case', 'create', '--as', 'zhang'], liftComplaint('另一台电脑登记的电梯投诉'));
  await ui.waitText('app-content', '另一台电脑登记的电梯投诉');
  await ui.shot('live-case');

  // The server goes away: the header says so; it comes back and the link is connected again.
  if (PG_CTL) {
    // A failure while the server is stopped must not leave it stopped for the next test file.
    let stopped = false;
    t.after(() => stopped && execFileSync(PG_CTL, ['start']));
    execFileSync(PG_CTL, ['stop']);
    stopped = true;
    await ui.waitText('store-link', '重新连接中');
    await ui.shot('reconnecting');
    execFileSync(PG_CTL, ['start']);
    stopped = false;
    await browser.waitUntil(async () => (await app.byTestId('store-link').getProperty('textContent')) === '已连接', {
      timeout: 30_000,
      timeoutMsg: 'the link should be connected again once the server is back',
    });
    store.run(['case', 'create', '--as', 'zhang'], liftComplaint('服务器恢复后登记的投诉'));
    await ui.waitText('app-content', '服务器恢复后登记的投诉');
  }

  // 退出 drops zhang's connection; li signs in as himself.
  await ui.click('signout-button');
  await ui.waitText('signin-store-place', `联网：${place}`);
  assert.equal(await app.byTestId('signin-store-change').isExisting(), false, 'a laptop in use is not pointed elsewhere from the sign-in screen');
  await app.signInThroughScreen('li');
  await ui.waitText('current-user', '李工');
  assert.equal(await app.byTestId('nav-store').isExisting(), false, '数据存储 is the admin’s');
  const status = await app.invoke('get_store_status');
  assert.deepEqual({ mode: status.mode, place: status.place, connected: status.connected }, { mode: 'shared', place, connected: true });
});
