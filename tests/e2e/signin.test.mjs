// Sign-in and the lock in the real window: a wrong password shows the one error and no desk;
// 锁定 covers the page (what was typed stays underneath) until the same user's password is typed;
// 退出 goes back to the sign-in screen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { PASSWORD, cli } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

test('a wrong password shows an error and no desk; the lock keeps the page and opens with the password', async (t) => {
  const app = await openApp(t.name, {
    prepare: (dataDir) => {
      cli(dataDir, ['setup'], {
        profile: 'property',
        org_name: '翠湖花园物业服务中心',
        admin_login: 'zhang',
        admin_display_name: '张主管',
        extra_roles: ['clerk', 'supervisor'],
      });
      cli(dataDir, ['user', 'create', '--as', 'zhang'], { login: 'li', display_name: '李工', roles: ['handler'] });
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  const retype = ui.retype;

  // Nobody is signed in at start: the sign-in screen, and the backend refuses the desk's reads.
  await app.waitForTestId('signin-page');
  await assert.rejects(app.invoke('list_cases', { query: {} }), (e) => e.code === 'no_user', 'no data before signing in');

  await app.byTestId('signin-login').setValue('zhang');
  await app.byTestId('signin-password').setValue('not-the-password');
  await ui.click('signin-submit');
  await ui.waitText('signin-error', '登录名或密码错误');
  assert.equal(await app.byTestId('nav-work').isExisting(), false, 'no desk after a wrong password');
  await ui.shot('wrong-password');

  // An unknown login gets the same words.
  await retype('signin-login', 'nobody');
  await retype('signin-password', PASSWORD);
  await ui.click('signin-submit');
  await ui.waitText('signin-error', '登录名或密码错误');

  await retype('signin-login', 'zhang');
  await retype('signin-password', PASSWORD);
  await ui.click('signin-submit');
  await app.waitForTestId('nav-work', WAIT_MS);
  await ui.waitText('current-user', '张主管');

  // Something typed on a page, then 锁定.
  await ui.click('nav-intake');
  await (await app.waitForTestId('intake-customer_name')).addValue('王秀英');
  await ui.click('lock-button');
  await app.waitForTestId('lock-screen', WAIT_MS);
  await assert.rejects(app.invoke('list_cases', { query: {} }), (e) => e.code === 'no_user', 'a locked window reads nothing');
  await ui.shot('locked');

  await app.byTestId('unlock-password').setValue('wrong-pass-1');
  await ui.click('unlock-submit');
  await ui.waitText('unlock-error', '密码错误');
  assert.equal(await app.byTestId('lock-screen').isDisplayed(), true, 'still locked after a wrong password');

  await retype('unlock-password', PASSWORD);
  await ui.click('unlock-submit');
  await app.byTestId('lock-screen').waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'the lock goes once the password is right' });
  assert.equal(await app.byTestId('intake-customer_name').getValue(), '王秀英', 'what was typed before the lock is still there');

  // 退出, and another user signs in through the screen.
  await ui.signIn('li');
  await ui.waitText('current-user', '李工');
  await app.waitForTestId('work-page', WAIT_MS);
  assert.ok((await browser.getUrl()).endsWith('#/work'), 'the next user starts on 我的工作, not on the intake form the one before left open');
  assert.equal(await app.byTestId('nav-intake').isExisting(), false, 'a handler does not register complaints');
  assert.ok((await browser.getUrl()).length > 0);
});
