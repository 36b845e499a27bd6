// Opens the real ComplaintDesk window through tauri-driver, one fresh data folder per test.
//
// run.sh starts Xvfb and tauri-driver and sets the variables read here:
//   E2E_DRIVER_PORT   tauri-driver's port (4444)
//   E2E_TMP           the run's temp folder; each test makes its own folder inside it
//   E2E_ARTIFACTS     where screenshots and app logs are left (tests/e2e/artifacts)
//   COMPLAINTDESK_APP the app binary the tests drive (target/debug/complaintdesk-test-clock: built
//                     with custom-protocol and the test-clock feature, `make build-e2e`)
//   COMPLAINTDESK_SHIPPED_APP the binary `make run` starts (target/debug/complaintdesk, no test clock)
//   E2E_NOW           the instant every test starts at unless it names its own (default below)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const here = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.resolve(here, '..');
export const ROOT = path.resolve(E2E_DIR, '../..');
export const ARTIFACTS = path.resolve(process.env.E2E_ARTIFACTS ?? path.join(E2E_DIR, 'artifacts'));
export const APP_BINARY = path.resolve(process.env.COMPLAINTDESK_APP ?? path.join(ROOT, 'target/debug/complaintdesk-test-clock'));
export const SHIPPED_APP_BINARY = path.resolve(process.env.COMPLAINTDESK_SHIPPED_APP ?? path.join(path.dirname(APP_BINARY), 'complaintdesk'));

/**
 * The instant each test's app starts at: the shell's clock is a file the test writes (the
 * test-clock build reads COMPLAINTDESK_TEST_CLOCK), and the command-line tool run on the test's
 * data folder is given the same instant (lib/cli.mjs), so no verdict depends on the day or the
 * hour the tests run. `E2E_NOW=2026-12-31T23:50:00+08:00 make e2e` runs the window tests at
 * another instant.
 */
export const DEFAULT_NOW = process.env.E2E_NOW ?? '2026-12-04T10:48:00+08:00';

/** The test clock file of a test whose data folder is `dataDir` (see openApp). */
export function clockFileOf(dataDir) {
  return path.join(path.dirname(dataDir), 'clock');
}

/** What the test clock file says now, or null when the test runs on the real clock. */
export function readClock(dataDir) {
  const file = clockFileOf(dataDir);
  return fs.existsSync(file) ? new Date(fs.readFileSync(file, 'utf8').trim()) : null;
}

/** Writes the instant in one step (a temp file renamed over), so the app never reads half of it. */
function writeClock(file, at) {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) throw new Error(`not an instant: ${at}`);
  fs.writeFileSync(`${file}.tmp`, instant.toISOString());
  fs.renameSync(`${file}.tmp`, file);
  return instant;
}

/** The bundle identifier names the app's folders under the XDG directories (its logs, for one). */
export const IDENTIFIER = JSON.parse(fs.readFileSync(path.join(ROOT, 'tauri.conf.json'), 'utf8')).identifier;

/** How long to wait for the window and its first screen. A cold start under Xvfb takes 1–3 s. */
export const STARTUP_TIMEOUT_MS = 20_000;

/** A command the backend refused: `code`, `message`, `field` and `rule` as the backend sent them. */
export class InvokeError extends Error {
  constructor(command, raw) {
    const shaped = raw !== null && typeof raw === 'object' && typeof raw.code === 'string';
    super(shaped ? raw.message : String(raw));
    this.name = 'InvokeError';
    this.command = command;
    this.code = shaped ? raw.code : 'ipc';
    this.field = shaped ? raw.field : undefined;
    this.rule = shaped ? raw.rule : undefined;
    this.raw = raw;
  }
}

/**
 * Starts the app for one test and returns handles to drive and inspect it:
 *
 *   const app = await openApp(t.name);   // t from node:test
 *   // or openApp(t.name, { prepare: (dataDir) => fs.copyFileSync(oldDb, `${dataDir}/...`) })
 *   t.after(() => app.close());
 *   await app.waitForTestId('app-title');
 *   await app.invoke('create_case', { input });     // rejects with an InvokeError
 *   await app.screenshot('case-created');           // artifacts/<test>--case-created.png
 *   sqlite(app.dataDir + '/complaintdesk.db', 'select count(*) as n from cases');
 *   await app.clock.set('2026-12-19T10:00:00+08:00');  // moves the app's time; the watcher runs
 *
 * `clock` is the instant the app starts at (DEFAULT_NOW unless given), or `false` for the real
 * clock; `binary` is the app to start (APP_BINARY unless given); `secondWindow` opens it beside
 * another test window (run.sh's second driver), as a second laptop.
 */
export async function openApp(
  testName,
  { prepare, signIn, password = 'pass-1234', env: extraEnv = {}, clock = DEFAULT_NOW, binary = APP_BINARY, secondWindow = false } = {},
) {
  if (!fs.existsSync(binary)) {
    throw new Error(`no app binary at ${binary}: build it with 'make build-e2e'`);
  }
  const slug = slugify(testName);
  const base = process.env.E2E_TMP ?? os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${slug}-`));
  const folders = {
    dataDir: path.join(dir, 'data'),
    xdgData: path.join(dir, 'xdg', 'data'),
    xdgConfig: path.join(dir, 'xdg', 'config'),
    xdgCache: path.join(dir, 'xdg', 'cache'),
    saveDir: path.join(dir, 'saved'),
  };
  // The data folder is left for the app to create, unless the test seeds it (an old database, say).
  for (const folder of [folders.xdgData, folders.xdgConfig, folders.xdgCache, folders.saveDir]) fs.mkdirSync(folder, { recursive: true });
  const clockFile = clockFileOf(folders.dataDir);
  if (clock !== false) writeClock(clockFile, clock);
  if (prepare) {
    fs.mkdirSync(folders.dataDir, { recursive: true });
    await prepare(folders.dataDir);
  }

  // tauri-driver starts every app with its own environment, so each test gets a launcher that
  // points the app at this test's folders and then becomes the app (exec keeps the process).
  const env = {
    COMPLAINTDESK_DATA_DIR: folders.dataDir,
    XDG_DATA_HOME: folders.xdgData,
    XDG_CONFIG_HOME: folders.xdgConfig,
    XDG_CACHE_HOME: folders.xdgCache,
    // Files the app saves (documents, exports) land here instead of a save dialog.
    COMPLAINTDESK_SAVE_DIR: folders.saveDir,
    ...(clock !== false ? { COMPLAINTDESK_TEST_CLOCK: clockFile } : {}),
    ...extraEnv,
  };
  const launcher = path.join(dir, 'launch.sh');
  const exports = Object.entries(env).map(([key, value]) => `export ${key}=${shellQuote(value)}`);
  fs.writeFileSync(launcher, ['#!/bin/sh', ...exports, `exec ${shellQuote(binary)} "$@"`, ''].join('\n'), {
    mode: 0o755,
  });

  const browser = await remote({
    hostname: '127.0.0.1',
    // A second window at once (another laptop) goes through run.sh's second driver.
    port: Number(secondWindow ? (process.env.E2E_SECOND_DRIVER_PORT ?? 4446) : (process.env.E2E_DRIVER_PORT ?? 4444)),
    logLevel: 'error',
    connectionRetryCount: 0,
    capabilities: {
      browserName: 'wry',
      // WebKitWebDriver speaks classic WebDriver only; webdriverio 9 would try BiDi first.
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: launcher },
    },
  });
  await browser.setTimeout({ implicit: 0, script: 30_000 });

  let shots = 0;
  let closed = false;

  const app = {
    browser,
    /** The test's own folder; everything below is deleted with the run's temp folder. */
    dir,
    /** COMPLAINTDESK_DATA_DIR for this test: the database file lives here. */
    dataDir: folders.dataDir,
    /** Where documents and exports the app saves are written (COMPLAINTDESK_SAVE_DIR). */
    saveDir: folders.saveDir,
    /** Where the app writes its daily log files. */
    logDir: path.join(folders.xdgData, IDENTIFIER, 'logs'),
    env,

    /** The app's time, when the test holds it (`clock` option); moving it runs the watcher. */
    clock: {
      /** The instant the test clock says now. */
      now() {
        const at = readClock(folders.dataDir);
        if (!at) throw new Error('this test runs on the real clock (openApp was given clock: false)');
        return at;
      },
      /** Moves the app's time to `at` (a Date or RFC 3339 text); resolves once the shell reads it. */
      async set(at) {
        if (clock === false) throw new Error('this test runs on the real clock (openApp was given clock: false)');
        const instant = writeClock(clockFile, at);
        await browser.waitUntil(async () => new Date((await app.invoke('get_clock')).now).getTime() === instant.getTime(), {
          timeout: STARTUP_TIMEOUT_MS,
          timeoutMsg: `the app should read the test clock at ${instant.toISOString()}`,
        });
        return instant;
      },
      /** Moves the app's time forward by `ms`. */
      async advance(ms) {
        return app.clock.set(new Date(app.clock.now().getTime() + ms));
      },
    },

    /** Calls a backend command the way the UI does; resolves with its result. */
    async invoke(command, args = {}) {
      // The reply must not have an `error` key: webdriverio takes any such value for a
      // WebDriver failure and throws its own error instead.
      const outcome = await browser.executeAsync(
        function (cmd, cmdArgs, done) {
          window.__TAURI_INTERNALS__.invoke(cmd, cmdArgs).then(
            (result) => done({ resolved: true, result: result === undefined ? null : result }),
            (reason) => done({ resolved: false, reason: reason === undefined ? null : reason }),
          );
        },
        command,
        args,
      );
      if (outcome.resolved) return outcome.result;
      throw new InvokeError(command, outcome.reason);
    },

    /**
     * Signs `login` in from outside the window (sign out, then `sign_in`); the window hears
     * `session-changed` and shows the desk for that user without a reload. Waits for the header.
     */
    async signIn(login, pass = password) {
      await app.invoke('sign_out');
      const state = await app.invoke('sign_in', { login, password: pass });
      await browser.waitUntil(
        async () => {
          const el = browser.$('[data-testid="current-user-name"]');
          return (await el.isExisting()) && (await el.getProperty('textContent')) === state.current_user.display_name;
        },
        { timeout: STARTUP_TIMEOUT_MS, timeoutMsg: `the header should show ${state.current_user.display_name} once signed in` },
      );
      return state;
    },

    /** Signs in through the sign-in screen, as a person would; waits for the desk. */
    async signInThroughScreen(login, pass = password) {
      await app.waitForTestId('signin-page');
      await app.byTestId('signin-login').setValue(login);
      await app.byTestId('signin-password').setValue(pass);
      await app.byTestId('signin-submit').click();
      await app.waitForTestId('nav-work');
    },

    /** The element with `data-testid="<id>"` (not waited for). */
    byTestId(id) {
      return browser.$(`[data-testid="${id}"]`);
    },

    /** Waits until `data-testid="<id>"` is shown and returns it. */
    async waitForTestId(id, timeout = STARTUP_TIMEOUT_MS) {
      const element = browser.$(`[data-testid="${id}"]`);
      try {
        await element.waitForDisplayed({ timeout, timeoutMsg: `data-testid="${id}" not shown after ${timeout} ms` });
      } catch (error) {
        // The app's own warnings usually say why (a page script it could not serve, a refused
        // command): put them in the failure, which is all a CI log keeps.
        const warnings = appWarnings(app.logDir);
        if (warnings.length) error.message += `\napp log says:\n  ${warnings.join('\n  ')}`;
        throw error;
      }
      return element;
    },

    /** Saves the page as artifacts/<test>--<NN>-<name>.png and returns the path. */
    async screenshot(name) {
      shots += 1;
      const file = path.join(ARTIFACTS, `${slug}--${String(shots).padStart(2, '0')}-${slugify(name)}.png`);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await browser.saveScreenshot(file);
      return file;
    },

    /**
     * Saves the whole X screen (window frame, native dialogs) with ImageMagick's `import`;
     * returns undefined where that is not possible (no DISPLAY, no ImageMagick).
     */
    desktopScreenshot(name) {
      if (!process.env.DISPLAY) return undefined;
      const file = path.join(ARTIFACTS, `${slug}--desktop-${slugify(name)}.png`);
      try {
        execFileSync('import', ['-window', 'root', file], { stdio: 'ignore', timeout: 10_000 });
        return file;
      } catch {
        return undefined;
      }
    },

    /** Ends the session (the app quits), leaving a last screenshot and the app's logs in artifacts/. */
    async close() {
      if (closed) return;
      closed = true;
      try {
        await app.screenshot('last');
      } catch {
        // The window may already be gone; the session still has to be ended.
      }
      try {
        await browser.deleteSession();
      } finally {
        copyLogs(app.logDir, path.join(ARTIFACTS, `${slug}--logs`));
      }
    },
  };
  if (clock !== false && binary === APP_BINARY) {
    const reading = await app.invoke('get_clock');
    if (!reading.fixed || new Date(reading.now).getTime() !== app.clock.now().getTime()) {
      throw new Error(`the app at ${binary} does not read the test clock (${JSON.stringify(reading)}): build it with 'make build-e2e' (the test-clock feature)`);
    }
  }
  if (signIn) await app.signInThroughScreen(signIn, password);
  return app;
}

/**
 * Runs SQL against a database file with the sqlite3 command-line tool and returns the rows as
 * objects (`[]` for none). Open it after `app.close()`, or read-only while the app runs.
 */
export function sqlite(dbFile, sql) {
  if (!fs.existsSync(dbFile)) throw new Error(`no database file at ${dbFile}`);
  const out = execFileSync('sqlite3', ['-readonly', '-json', dbFile, sql], { encoding: 'utf8' });
  return out.trim() === '' ? [] : JSON.parse(out);
}

/** The last warnings and errors in the app's log files (and assets it could not serve). */
function appWarnings(logDir, max = 6) {
  if (!fs.existsSync(logDir)) return [];
  const lines = fs
    .readdirSync(logDir)
    .sort()
    .flatMap((name) => fs.readFileSync(path.join(logDir, name), 'utf8').split('\n'))
    .filter((line) => /\b(WARN|ERROR)\b|Asset .* not found/.test(line));
  return lines.slice(-max);
}

function copyLogs(from, to) {
  if (!fs.existsSync(from)) return;
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(to, name));
}

function slugify(text) {
  const slug = String(text)
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'test';
}

function shellQuote(value) {
  return `'${String(value).replaceAll("'", `'\\''`)}'`;
}
