// The command-line tool, run on a test's data folder before the window opens (setup, back-dated cases).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { APP_BINARY, readClock } from './app.mjs';

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
  if (args[0] === 'setup' && input && input.admin_password === undefined) input = { ...input, admin_password: PASSWORD };
  if (args[0] === 'user' && args[1] === 'create' && input && input.password === undefined) input = { ...input, password: PASSWORD };
  const at = args.includes('--now') ? null : readClock(dataDir);
  const now = at ? ['--now', at.toISOString()] : [];
  const out = execFileSync(CLI, ['--data-dir', dataDir, '--json', ...now, ...args], {
    input: input === undefined ? '' : JSON.stringify(input),
    encoding: 'utf8',
  });
  return JSON.parse(out);
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
