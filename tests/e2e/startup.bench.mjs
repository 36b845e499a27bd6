// Start-up to an interactive window: from asking tauri-driver for a session (which starts the
// app) until the sign-in screen takes typing, and until the admin is signed in on 我的工作.
// Includes the WebDriver session's own start, so it is an upper bound. Run with `make bench-startup`
// (not part of make test); PROFILE=release for the shipped build.
//   STARTUP_RUNS=5
//   STARTUP_CASES=100000  a demo desk of that many complaints (made once with the CLI's `demo`,
//                         kept under target/bench-desks/ for the next run)
//   STARTUP_DB=/path/to/complaintdesk.sqlite3 (a database of your own to start on)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { APP_BINARY, openApp, ROOT } from './lib/app.mjs';

// The command line built beside the app (release beside release), else the debug one.
const SIBLING_CLI = path.join(path.dirname(APP_BINARY), 'complaintdesk-cli');
const CLI = fs.existsSync(SIBLING_CLI) ? SIBLING_CLI : path.join(ROOT, 'target/debug/complaintdesk-cli');
const RUNS = Number(process.env.STARTUP_RUNS ?? 5);
const SETUP = JSON.stringify({
  profile: 'property', org_name: '启动测试物业', admin_login: 'admin', admin_display_name: '管理员', admin_password: 'pass-1234', extra_roles: ['clerk'],
});

const CASES = Number(process.env.STARTUP_CASES ?? 0);

/** The database of a demo desk of `cases` complaints, made once and kept for later runs. */
function demoDesk(cases) {
  const dir = path.join(ROOT, 'target/bench-desks', `property-${cases}`);
  const db = path.join(dir, 'complaintdesk.sqlite3');
  if (!fs.existsSync(db)) {
    fs.rmSync(dir, { recursive: true, force: true });
    execFileSync(CLI, ['--data-dir', dir, 'demo', '--profile', 'property', '--cases', String(cases), '--months', '24'], { stdio: 'inherit' });
  }
  return db;
}

const START_DB = process.env.STARTUP_DB ?? (CASES > 0 ? demoDesk(CASES) : null);

function seed(dataDir) {
  if (START_DB) {
    fs.copyFileSync(START_DB, path.join(dataDir, 'complaintdesk.sqlite3'));
    execFileSync(CLI, ['--data-dir', dataDir, 'user', 'list']);
    return;
  }
  execFileSync(CLI, ['--data-dir', dataDir, 'setup'], { input: SETUP });
}

test('start-up to an interactive window', async (t) => {
  const toSignIn = [];
  const toDesk = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    // The binary make run starts, on the real clock: this measures what a user waits for.
    const app = await openApp(`${t.name} ${i}`, { prepare: seed, clock: false });
    try {
      await app.waitForTestId('signin-login');
      toSignIn.push(performance.now() - started);
      await app.signInThroughScreen('admin');
      toDesk.push(performance.now() - started);
    } finally {
      await app.close();
    }
  }
  const desk = START_DB ? `${(fs.statSync(START_DB).size / 1048576).toFixed(0)} MB desk${CASES ? ` of ${CASES} cases` : ''}` : 'new desk';
  const summary = (times) => {
    const sorted = [...times].sort((a, b) => a - b);
    return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)})`;
  };
  console.log(`start-up (${desk}, ${RUNS} runs): sign-in screen ${summary(toSignIn)}; signed in on 我的工作 ${summary(toDesk)}`);
  assert.equal(toDesk.length, RUNS, 'every run reached an interactive window');
});
