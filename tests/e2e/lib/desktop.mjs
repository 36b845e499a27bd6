// A desktop session for one test: its own D-Bus session bus, a notification server (dunst, drawn
// on the test's X display) and a recorder of every notification sent to it (dbus-monitor). The
// app started with `env` shows its desktop notifications there, as on a user's desktop.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const WAIT_MS = 10_000;

/** Starts the session in `dir`; `stop()` ends it. Needs DISPLAY, dbus-daemon, dunst, dbus-monitor. */
export async function startDesktop(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const socket = path.join(dir, 'bus');
  const address = `unix:path=${socket}`;
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
  const log = path.join(dir, 'notifications.log');
  const procs = [];
  const start = (cmd, args, out = 'ignore') => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', out, 'ignore'] });
    p.on('error', () => {}); // a missing program shows as the wait below timing out, named
    procs.push(p);
    return p;
  };
  const stop = () => {
    for (const p of procs.reverse()) p.kill();
  };
  try {
    start('dbus-daemon', ['--session', '--nofork', `--address=${address}`]);
    await until(() => fs.existsSync(socket), 'the session bus (dbus-daemon) should start');
    const out = fs.openSync(log, 'w');
    start('dbus-monitor', ['--session', "interface='org.freedesktop.Notifications',member='Notify'"], out);
    start('dunst', []);
    await until(() => fs.readFileSync(log, 'utf8').includes('NameAcquired'), 'the notification recorder (dbus-monitor) should start');
    await until(() => busHasName(env, 'org.freedesktop.Notifications'), 'the notification server (dunst) should take its name on the bus');
  } catch (error) {
    stop();
    throw error;
  }
  return {
    /** What the app needs to find this session. */
    env: { DBUS_SESSION_BUS_ADDRESS: address },
    /** Every notification sent so far: `{ app, summary, body }`. */
    notifications: () => parseNotify(fs.readFileSync(log, 'utf8')),
    stop,
  };
}

/** The Notify calls in dbus-monitor's output: app name, id, icon, summary, body, … */
function parseNotify(text) {
  return text
    .split(/\n(?=method call |signal |method return |error )/)
    .filter((block) => block.startsWith('method call') && block.includes('member=Notify'))
    .map((block) => {
      const strings = [...block.matchAll(/^\s+string "(.*)"$/gm)].map((m) => m[1]);
      return { app: strings[0], summary: strings[2], body: strings[3] };
    });
}

function busHasName(env, name) {
  return new Promise((resolve) => {
    const p = spawn('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', () => resolve(false));
    p.on('close', () => resolve(/boolean true/.test(out)));
  });
}

async function until(check, what) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what} within ${WAIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
