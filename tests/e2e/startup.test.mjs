// The day starts in a second: what the shell does beside the open desk (the integrity check, the
// day's first backup) waits until the window has drawn its first screen, so that on a 2-core
// laptop it does not take the cores the web view needs to start. The start-up benchmark
// (startup.bench.mjs) measures the effect; this test holds the order.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS } from './lib/ui.mjs';

/** The app's log lines, oldest first. */
function logLines(logDir) {
  if (!fs.existsSync(logDir)) return [];
  return fs
    .readdirSync(logDir)
    .sort()
    .flatMap((name) => fs.readFileSync(path.join(logDir, name), 'utf8').split('\n'));
}

const SHOWN = 'the window showed its first screen';
const CHECKED = 'integrity check beside the open desk passed';
const BACKED_UP = 'scheduled backup written';

test('the integrity check and the first backup start only once the sign-in screen is drawn', async (t) => {
  const app = await openApp(t.name, { prepare: setUpPropertyDesk });
  t.after(() => app.close());
  await app.waitForTestId('signin-page', WAIT_MS);

  // Both run once the window has said so; wait for them to finish, then read the order.
  let lines = [];
  await app.browser.waitUntil(
    async () => {
      lines = logLines(app.logDir);
      return lines.some((l) => l.includes(CHECKED)) && lines.some((l) => l.includes(BACKED_UP));
    },
    { timeout: WAIT_MS, timeoutMsg: `the check and the backup should finish after the sign-in screen (log: ${app.logDir})` },
  );
  const at = (what) => lines.findIndex((l) => l.includes(what));
  assert.ok(at(SHOWN) >= 0, 'the window told the shell it showed its first screen');
  assert.ok(at(SHOWN) < at(CHECKED), 'the integrity check ran after the first screen, not during the window’s start');
  assert.ok(at(SHOWN) < at(BACKED_UP), 'the first backup of the day ran after the first screen');
  const backups = fs.readdirSync(path.join(app.dataDir, 'backups'));
  assert.ok(backups.length >= 1, `the day's backup is in the backups folder (found: ${backups.join(', ') || 'nothing'})`);
});
