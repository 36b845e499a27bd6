import { describe, expect, it } from 'vitest';
import { DeskError } from '../lib/ipc/errors';
import { errorMessage, fieldErrorMessage, fieldLabel } from './errorMessage';

describe('errors about a field', () => {
  it('name the field in a message box, in either language', () => {
    const missing = new DeskError('required', '请填写“客户姓名”', { field: 'customer_name', rule: 'required' });
    expect(errorMessage(missing)).toBe('客户姓名：此项必填');
    expect(errorMessage(missing, 'en')).toBe('Customer name: Required');
  });

  it('next to the field, say what is wrong by the rule when this build knows it', () => {
    const phone = new DeskError('invalid', '电话号码应为 5 到 20 位数字', { field: 'customer_phone', rule: 'phone.format' });
    expect(fieldErrorMessage(phone)).toBe('电话号码应为 5 到 20 位数字，可含 + - 空格和括号');
    expect(fieldErrorMessage(phone, 'en')).toMatch(/^A phone number has 5 to 20 digits/);
  });

  it('keep the backend’s Chinese sentence for a rule this build does not know', () => {
    const odd = new DeskError('invalid', '“翠湖”不是本机构的部门', { field: 'department', rule: 'department.known' });
    expect(fieldErrorMessage(odd)).toBe('“翠湖”不是本机构的部门');
    expect(fieldErrorMessage(odd, 'en')).toBe('This value does not meet the rules');
    expect(errorMessage(odd)).toBe('处理部门：“翠湖”不是本机构的部门');
  });

  it('keep the backend’s Chinese sentence for a wait after wrong passwords, which gives the seconds', () => {
    const wait = new DeskError('too_many_attempts', '密码错误次数过多，请 45 秒后再试', { field: 'password', rule: 'signin.too_many' });
    expect(errorMessage(wait)).toBe('密码：密码错误次数过多，请 45 秒后再试');
    expect(errorMessage(wait, 'en')).toBe('Password: Too many wrong passwords; wait a moment and try again');
  });

  it('read a numbered rule (one per extension step) by its general message', () => {
    const noApprover = new DeskError('required', '请填写“批准人”', { field: 'approver', rule: 'extension.2.approver' });
    expect(fieldErrorMessage(noApprover)).toBe('这一步延期须记录批准人（上级机构或总部负责人）');
    expect(errorMessage(noApprover)).toBe('批准人：这一步延期须记录批准人（上级机构或总部负责人）');
    const late = new DeskError('extension_not_allowed', '已经超时', { field: 'step', rule: 'extension.1.after_due' });
    expect(fieldErrorMessage(late, 'en')).toBe('This deadline has already run out and cannot be extended');
  });

  it('use the code’s message for a refusal that is not about a typed value', () => {
    const recusal = new DeskError('recusal', '被投诉人不能处理', { field: 'handler_id', rule: 'recusal' });
    expect(errorMessage(recusal)).toBe('处理人：被投诉人不能经办本案');
  });

  it('without a known field, read like any other error', () => {
    const unknownField = new DeskError('role_not_allowed', 'x', { field: 'no_such_field' });
    expect(errorMessage(unknownField)).toBe('您的角色没有此操作的权限');
    expect(fieldLabel('no_such_field')).toBeUndefined();
    expect(fieldLabel('handler_id', 'en')).toBe('Handler');
  });
});

describe('faults of a file or folder', () => {
  const diskFull = new DeskError('disk_full', '磁盘已满：/media/desk 所在的磁盘只剩 12.0 MB，未能保存。已保存的数据没有受损；请清理磁盘空间后重试。');
  const readOnly = new DeskError('read_only', '文件 /media/desk/complaintdesk.sqlite3 是只读的，未能保存。请让它可写后重试；已保存的数据没有受损。');
  const busy = new DeskError('busy', '另一个客诉台窗口或程序（命令行、数据库工具等）正打开着 /media/desk/complaintdesk.sqlite3。请先关闭它，再恢复备份。');

  it('say what happened in the locale’s words and then where, in the backend’s sentence', () => {
    expect(errorMessage(diskFull)).toBe(
      '磁盘已满，未能保存。请清理磁盘空间后重试（已保存的数据没有受损）。详情：磁盘已满：/media/desk 所在的磁盘只剩 12.0 MB，未能保存。已保存的数据没有受损；请清理磁盘空间后重试。',
    );
    expect(errorMessage(readOnly), 'the read-only file is named').toMatch(/^数据文件或文件夹是只读的.*详情：文件 \/media\/desk\/complaintdesk\.sqlite3 是只读的/);
    expect(errorMessage(busy), 'the file another program holds is named').toMatch(/^另一个窗口或程序正在使用数据文件.*详情：.*正打开着 \/media\/desk\/complaintdesk\.sqlite3/);
  });

  it('keep the place in English too, and next to a field', () => {
    expect(errorMessage(diskFull, 'en')).toMatch(/^The disk is full.*Details: 磁盘已满：\/media\/desk 所在的磁盘只剩 12\.0 MB/);
    expect(fieldErrorMessage(busy)).toContain('正打开着 /media/desk/complaintdesk.sqlite3');
    const atField = new DeskError('read_only', '文件夹 /media/backups 是只读的', { field: 'folder' });
    expect(fieldErrorMessage(atField), 'the folder is named next to the field').toContain('/media/backups');
  });

  it('say a missing database in words, with what the backend knows of the desk that was there', () => {
    const missing = new DeskError('database_missing', '找不到客诉台的数据库 /d/complaintdesk.sqlite3。这里曾有客诉台（最近的备份 complaintdesk-20261204-093000.sqlite3，40 件投诉）');
    expect(errorMessage(missing)).toMatch(/^找不到客诉台的数据文件.*详情：.*最近的备份 complaintdesk-20261204-093000\.sqlite3，40 件投诉/);
  });

  it('are the only codes that add the backend’s sentence', () => {
    expect(errorMessage(new DeskError('conflict', '案件版本 3 已过期'))).toBe('该案件已被他人修改，请刷新后重试');
    expect(errorMessage(new DeskError('busy', '')), 'nothing is added when the backend says nothing').toBe('另一个窗口或程序正在使用数据文件，请先关闭它再重试');
  });
});

describe('refusals about no field', () => {
  it('say what their rule is when the locale has words for it, else the code’s words', () => {
    const unchanged = new DeskError('invalid', '所填的值与现在相同', { rule: 'correction.unchanged' });
    expect(errorMessage(unchanged), 'a correction that changes nothing says so').toBe('所填的值与现在相同，没有需要更正的内容');
    expect(errorMessage(unchanged, 'en')).toBe('The values are the same as now: nothing to correct');
    const other = new DeskError('role_not_allowed', '需要处理人角色', { rule: 'transition.respond.roles' });
    expect(errorMessage(other), 'a rule without words keeps the code’s').toBe('您的角色没有此操作的权限');
  });
});

describe('errors of the shared store (联网)', () => {
  const cut = new DeskError('storage', '联网中断：与数据库服务器 db.example.cn:5432 的连接已断开。已填写的内容仍在，请检查网络后重试。');

  it('say that the connection was cut and the typed text is kept, with the server, in Chinese', () => {
    expect(errorMessage(cut), 'the backend’s sentence, which names the server').toBe(cut.message);
    expect(errorMessage(cut, 'en')).toMatch(/^The connection to the database server was lost\. What you typed is still here/);
  });

  it('say what 测试连接 found wrong by its rule, in either language', () => {
    const password = new DeskError('storage', '无法连接数据库服务器 db:5432：password authentication failed。用户名或密码不对', { rule: 'db.password' });
    expect(errorMessage(password)).toMatch(/^数据库服务器不接受这个登录名或密码/);
    expect(errorMessage(password, 'en')).toMatch(/^The database server does not accept this login or password/);
    const old = new DeskError('invalid', 'PostgreSQL 版本是 12.4', { rule: 'db.version' });
    expect(errorMessage(old)).toContain('需要 14 或更新的版本');
  });

  it('name the server field a setting is refused for', () => {
    const host = new DeskError('invalid', '服务器地址只写主机名或 IP，例如 db.example.cn 或 192.168.1.10', { field: 'host', rule: 'db.address' });
    expect(errorMessage(host)).toBe('服务器地址：只写主机名或 IP（例如 db.example.cn），端口须在 1 到 65535 之间');
    expect(errorMessage(host, 'en')).toBe('Server address: Give a host name or IP address only (e.g. db.example.com); the port is 1 to 65535');
  });
});
