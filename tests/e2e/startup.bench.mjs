// Start-up to an interactive window: from asking tauri-driver for a session (which starts the
// app) until the sign-in screen takes typing, and until the admin is signed in on 我的工作.
// Includes the WebDriver session's own start, so it is an upper bound. Run with `make bench-startup`
// (not part of make test); PROFILE=release for the shipped build.
//   STARTUP_RUNS=5
//   STARTUP_CASES=0,100000  desks of these many complaints, side by side in one run (0: a new
//                         desk; others are demo desks made once with the CLI's `demo` and kept
//                         under target/bench-desks/ for the next run)
//   STARTUP_DB=/path/to/complaintdesk.sqlite3 (a database of your own to start on)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { openApp, ROOT } from './lib/app.mjs';
import { CLI } from './lib/cli.mjs';
const RUNS = Number(process.env.STARTUP_RUNS ?? 5);
const SETUP = JSON.stringify({
  profile: 'property', org_name: '启动测试物业', admin_login: 'admin', admin_display_name: '管理员', admin_password: 'pass-1234', extra_roles: ['clerk'],
});

/** The desk sizes to start on: a database of your own, or new and demo desks. */
const SIZES = process.env.STARTUP_DB ? [null] : (process.env.STARTUP_CASES ?? '0').split(',').map(Number);

/** The database of a demo desk of `cases` complaints, made once and kept for later runs. */
function demoDesk(cases) {
  const dir = path.join(ROOT, 'target/bench-desks', `property-${cases}`);
  const db = path.join(dir, 'complaintdesk.sqlite3');
  if (!fs.existsSync(db)) {
    // Made aside and moved in whole, so an interrupted run leaves no half desk to start on.
    const making = `${dir}.making`;
    fs.rmSync(making, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    execFileSync(CLI, ['--data-dir', making, 'demo', '--profile', 'property', '--cases', String(cases), '--months', '24'], { stdio: 'inherit' });
    fs.renameSync(making, dir);
  }
  return db;
}

/** A function that fills a test's data folder with the desk to start on. */
function seeder(cases) {
  const db = process.env.STARTUP_DB ?? (cases > 0 ? demoDesk(cases) : null);
  const name = db ? `${(fs.statSync(db).size / 1048576).toFixed(0)} MB desk${cases ? ` of ${cases} cases` : ''}` : 'new desk';
  const seed = (dataDir) => {
    if (db) {
      fs.copyFileSync(db, path.join(dataDir, 'complaintdesk.sqlite3'));
      execFileSync(CLI, ['--data-dir', dataDir, 'user', 'list']);
    } else {
      execFileSync(CLI, ['--data-dir', dataDir, 'setup'], { input: SETUP });
    }
  };
  return { name, seed };
}

const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)})`;
};

test('start-up to an interactive window', async (t) => {
  const desks = SIZES.map(seeder);
  const lines = [];
  for (const { name, seed } of desks) {
    const toSignIn = [];
    const toDesk = [];
    for (let i = 0; i < RUNS; i += 1) {
      // Timed from when the desk's folder is ready (copying a large desk is not start-up).
      let started;
      const prepare = (dataDir) => {
        seed(dataDir);
        started = performance.now();
      };
      // The binary make run starts, on the real clock: this measures what a user waits for.
      const app = await openApp(`${t.name} ${i}`, { prepare, clock: false });
      try {
        await app.waitForTestId('signin-login');
        toSignIn.push(performance.now() - started);
        await app.signInThroughScreen('admin');
        toDesk.push(performance.now() - started);
      } finally {
        await app.close();
      }
    }
    assert.equal(toDesk.length, RUNS, 'every run reached an interactive window');
    lines.push(`start-up (${name}, ${RUNS} runs): sign-in screen ${summary(toSignIn)}; signed in on 我的工作 (typing included) ${summary(toDesk)}`);
  }
  for (const line of lines) console.log(line);
});
