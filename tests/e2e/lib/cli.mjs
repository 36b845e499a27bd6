// The command-line tool, run on a test's data folder before the window opens (setup, back-dated
// cases), or on a database of the run's PostgreSQL (the shared store of 联网 tests).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { APP_BINARY, DEFAULT_NOW, readClock } from './app.mjs';

/** The command-line tool is built next to the app (make build builds the whole workspace). */
export const CLI = process.env.COMPLAINTDESK_CLI ?? path.join(path.dirname(APP_BINARY), 'complaintdesk-cli');

/** The password every seeded user gets unless a spec gives another (`demo` uses the same). */
export const PASSWORD = 'pass-1234';

/**
 * Runs the command-line tool on a data folder with JSON on stdin; returns its JSON answer.
 * `setup` and `user create` get the test password when the input names none. On a test's data
 * folder the tool acts at the test clock's instant (`--now`) unless the arguments name one.
 */
export function cli(dataDir, args, input) {
  input = withPassword(args, input);
  const at = args.includes('--now') ? null : readClock(dataDir);
  const now = at ? ['--now', at.toISOString()] : [];
  const out = execFileSync(CLI, ['--data-dir', dataDir, '--json', ...now, ...args], {
    input: input === undefined ? '' : JSON.stringify(input),
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** `setup` and `user create` input with the test password when it names none. */
function withPassword(args, input) {
  if (args[0] === 'setup' && input && input.admin_password === undefined) return { ...input, admin_password: PASSWORD };
  if (args[0] === 'user' && args[1] === 'create' && input && input.password === undefined) return { ...input, password: PASSWORD };
  return input;
}

/**
 * The run's private PostgreSQL (tests/pg.sh, which `make e2e-only` runs the window tests in): the
 * superuser's address, and a script that stops and starts the server (`$PG_CTL stop|start`).
 * Unset when the tests run without it; the 联网 tests then skip.
 */
export const PG_URL = process.env.COMPLAINTDESK_PG_URL;
export const PG_CTL = process.env.COMPLAINTDESK_PG_CTL;

/**
 * A new database `name` on the run's server with the shared store in it, set up as 翠湖花园物业服务中心
 * with the administrator zhang (张主管, who also takes complaints and supervises). The tool acts at
 * `now` (the windows' test clock, DEFAULT_NOW, unless given), so what it registers is neither in
 * the windows' future nor days behind them.
 *
 *   const store = sharedStore('cd_e2e_team');
 *   store.run(['user', 'create', '--as', 'zhang'], { login: 'li', display_name: '李前台', roles: ['clerk'] });
 *   openApp(name, { prepare: store.join });   // the laptop works on this store (store.json)
 */
export function sharedStore(name, { now = DEFAULT_NOW } = {}) {
  if (!PG_URL) throw new Error('no COMPLAINTDESK_PG_URL: run the test beside the private PostgreSQL (tests/pg.sh tests/e2e/run.sh …)');
  const server = new URL(PG_URL);
  const url = `${server.protocol}//${server.username}@${server.host}/${name}`;
  const at = new Date(now).toISOString();
  const run = (args, input) => {
    input = withPassword(args, input);
    const out = execFileSync(CLI, ['--db', url, '--json', '--now', at, ...args], {
      input: input === undefined ? '' : JSON.stringify(input),
      encoding: 'utf8',
    });
    return JSON.parse(out);
  };
  execFileSync('psql', [PG_URL, '-q', '-c', `CREATE DATABASE ${name}`]);
  run(['db', 'init']);
  run(['setup'], { profile: 'property', org_name: '翠湖花园物业服务中心', admin_login: 'zhang', admin_display_name: '张主管', extra_roles: ['clerk', 'supervisor'] });
  const store = {
    host: server.hostname,
    port: Number(server.port),
    database: name,
    /** The store's address for the server's superuser (psql, the tool's --db). */
    url,
    /** How the window names the store: in the header (联网 · …) and on the sign-in screen. */
    place: `${server.hostname}:${server.port}/${name}`,
    /** Runs the command-line tool on the store (`--db`, at `now`); returns its JSON answer. */
    run,
    /**
     * Points a laptop's data folder at the store, as 数据存储 would (`store.json`, no password,
     * no TLS): its window starts on the sign-in screen. For openApp's `prepare`.
     */
    join(dataDir) {
      const settings = { mode: 'shared', host: store.host, port: store.port, database: store.database, tls: false };
      fs.writeFileSync(path.join(dataDir, 'store.json'), JSON.stringify(settings));
    },
  };
  return store;
}

/**
 * A property desk set up from the command line: 翠湖花园物业服务中心, with the administrator
 * zhang (张主管), who also takes complaints and supervises.
 */
export function setUpPropertyDesk(dataDir) {
  return cli(dataDir, ['setup'], {
    profile: 'property',
    org_name: '翠湖花园物业服务中心',
    admin_login: 'zhang',
    admin_display_name: '张主管',
    extra_roles: ['clerk', 'supervisor'],
  });
}

/**
 * An insurance desk set up from the command line: 平安路营业部, with the administrator chen
 * (陈经理), who also holds every other role of the desk.
 */
export const INSURANCE_ADMIN = { login: 'chen', name: '陈经理' };
export function setUpInsuranceDesk(dataDir) {
  return cli(dataDir, ['setup'], {
    profile: 'insurance',
    org_name: '平安路营业部',
    admin_login: INSURANCE_ADMIN.login,
    admin_display_name: INSURANCE_ADMIN.name,
    extra_roles: ['clerk', 'supervisor', 'handler', 'followup', 'compliance'],
  });
}

/** A walk-in property complaint about a lift, as CLI `case create` input, with its own subject. */
export const liftComplaint = (subject) => ({
  customer_name: '陈女士',
  customer_phone: '13800138000',
  channel: 'walk_in',
  subject,
  description: '3号楼2单元电梯从周五起停运，老人上下楼困难，多次报修无人处理。',
  claim: 'correction',
  category: 'repair',
  subcategory: 'repair.elevator',
  project: '翠湖花园',
});
