// A desktop app's manners: the window comes back at the size and place the user left it
// (tauri-plugin-window-state), closed as a user closes it (the title bar's ×).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { IDENTIFIER, openApp } from './lib/app.mjs';
import { setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS } from './lib/ui.mjs';

const CLOSE_WINDOW = path.join(import.meta.dirname, 'lib', 'close-window.py');

/** The process of the app started for `dataDir` (its launcher set COMPLAINTDESK_DATA_DIR). */
function appPid(dataDir) {
  const wanted = `COMPLAINTDESK_DATA_DIR=${dataDir}`;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let environ;
    try {
      environ = fs.readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue; // gone, or not ours to read
    }
    if (environ.split('\0').includes(wanted)) return Number(entry);
  }
  throw new Error(`no app process runs on ${dataDir}`);
}

function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('the window opens again at the size and place it was left at', async (t) => {
  const first = await openApp(`${t.name} first`, { prepare: setUpPropertyDesk, signIn: 'zhang' });
  await first.waitForTestId('work-page', WAIT_MS);
  const opened = await first.browser.getWindowRect();
  // Wider than 1200 px, so the menu keeps its labels and 我的工作 stays in sight either way.
  const left = { x: 40, y: 30, width: 1240, height: 720 };
  assert.notDeepEqual(
    { width: opened.width, height: opened.height },
    { width: left.width, height: left.height },
    'the test moves the window to a size it does not open at',
  );
  await first.browser.setWindowRect(left.x, left.y, left.width, left.height);
  await first.browser.waitUntil(async () => (await first.browser.execute(() => window.innerWidth)) === left.width, {
    timeout: WAIT_MS,
    timeoutMsg: 'the window should take the new size',
  });

  // The user closes the window with its ×: the app exits by itself and keeps the window's state.
  const pid = appPid(first.dataDir);
  execFileSync('/usr/bin/python3', [CLOSE_WINDOW, String(pid)]);
  await first.browser.waitUntil(async () => !running(pid), {
    timeout: WAIT_MS,
    timeoutMsg: 'the app should exit once its window is closed',
  });
  // Its WebDriver session outlives the window; end it so the next launch gets one.
  await first.close().catch(() => {});
  const saved = path.join(first.env.XDG_CONFIG_HOME, IDENTIFIER, '.window-state.json');
  assert.ok(fs.existsSync(saved), `the app keeps the window's state on exit (${saved})`);

  // Next morning: the same user's settings folder, the window where it was.
  const second = await openApp(`${t.name} second`, {
    prepare: setUpPropertyDesk,
    env: { XDG_CONFIG_HOME: first.env.XDG_CONFIG_HOME },
  });
  t.after(() => second.close());
  await second.waitForTestId('signin-page', WAIT_MS);
  const reopened = await second.browser.getWindowRect();
  assert.deepEqual(reopened, left, 'the window opens at the size and place it was closed at');
  await second.screenshot('reopened');
});
