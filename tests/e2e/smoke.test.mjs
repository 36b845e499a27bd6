// The app starts in a real window, shows its Chinese name, and its backend answers the page.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';

test('the app opens a window showing 客诉台 in the header', async (t) => {
  const app = await openApp(t.name);
  t.after(() => app.close());

  const title = await app.waitForTestId('app-title');
  assert.equal(await title.getText(), '客诉台', 'the header names the desk in Chinese');
  assert.equal(await app.browser.getTitle(), '客诉台 ComplaintDesk', 'the page title is the product name');
  await app.screenshot('started');
  app.desktopScreenshot('started');

  assert.ok(fs.existsSync(app.dataDir), 'the app created the data folder it was given');
  const logs = fs.existsSync(app.logDir) ? fs.readdirSync(app.logDir) : [];
  assert.ok(
    logs.some((name) => name.startsWith('complaintdesk') && name.endsWith('.log')),
    `the app writes a daily log file in ${app.logDir} (found: ${logs.join(', ') || 'nothing'})`,
  );
});

test('the page reaches the backend, and an unknown command is refused rather than hanging', async (t) => {
  const app = await openApp(t.name);
  t.after(() => app.close());
  await app.waitForTestId('app-title');

  await assert.rejects(app.invoke('no_such_command'), (error) => {
    assert.equal(error.code, 'ipc', 'a refusal without the backend error shape is reported as ipc');
    assert.match(error.message, /no_such_command/, 'the refusal names the command');
    return true;
  });
});
