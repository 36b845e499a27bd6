// The whole desk loop, driven the way the front desk works it, from a fresh data folder:
// first-start wizard → users → a complaint typed at the keyboard → accept and assign as the
// supervisor → start, record a site visit and a call, attach a file and respond as the handler →
// close after the follow-up call → the timeline in the window and the rows in the SQLite file
// (and the attachment's file beside it) agree.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openApp, sqlite } from './lib/app.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const ORG = '翠湖花园物业服务中心';
const PASSWORD = 'pass-1234';
const ADMIN = { login: 'zhang', name: '张主管' };
const HANDLER = { login: 'ligong', name: '李工' };
const FOLLOWUP = { login: 'huifang', name: '回访员' };
const COMPLAINT = {
  customer: '王秀英',
  phone: '13800138000',
  subject: '3号楼电梯停运三天无人维修',
  description: '业主反映3号楼2单元电梯自周一起停运，老人上下楼困难，多次打电话无人处理。',
  claimDetail: '尽快修好电梯并说明原因',
  project: '翠湖花园',
  building: '3号楼',
  unit: '2单元1502',
};
const SITE_VISIT = '到3号楼2单元现场查看：电梯停在5层，控制柜主板烧毁，已拍照。';
const CONTACT = '电话告知王女士：备件明天到，预计周四恢复运行，业主表示理解。';
/** A small file with Chinese content and a Chinese name, as a clerk would attach a scan or a memo. */
const ATTACHMENT = { name: '现场说明 3号楼.txt', text: '3号楼2单元电梯控制柜主板烧毁，维保公司已订备件。\n拍照：4张。\n' };

test('a complaint goes from intake to closing through every role, and the database keeps each step', async (t) => {
  const app = await openApp(t.name);
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);

  // 1. First start: property desk, organisation, an administrator who also takes complaints and supervises.
  await app.waitForTestId('setup-page');
  await ui.click('setup-profile-property');
  await (await app.waitForTestId('setup-org-name')).setValue(ORG);
  await app.byTestId('setup-admin-login').setValue(ADMIN.login);
  await app.byTestId('setup-admin-name').setValue(ADMIN.name);
  await app.byTestId('setup-admin-password').setValue(PASSWORD);
  await app.byTestId('setup-admin-password-confirm').setValue(PASSWORD);
  for (const role of ['前台', '主管']) {
    await app.byTestId('setup-extra-roles').$(`label*=${role}`).click();
  }
  await ui.shot('wizard');
  await ui.click('setup-submit');
  await app.waitForTestId('nav-work', WAIT_MS);
  // textContent: WebKit's WebDriver leaves text that may be cut short with an ellipsis out of getText().
  assert.equal(await app.byTestId('org-name').getProperty('textContent'), ORG, 'the header shows the organisation named in the wizard');
  await ui.waitText('current-user', ADMIN.name);
  const adminRoles = await app.byTestId('current-roles').getProperty('textContent');
  for (const role of ['管理员', '前台', '主管']) {
    assert.ok(adminRoles.includes(role), `the administrator also holds the role ${role}: header reads “${adminRoles}”`);
  }

  // 2. Users: a handler and a follow-up clerk, created the way the users page does.
  const handler = await app.invoke('create_user', {
    input: { login: HANDLER.login, display_name: HANDLER.name, roles: ['handler'], department: '工程部', password: PASSWORD },
  });
  const followup = await app.invoke('create_user', {
    input: { login: FOLLOWUP.login, display_name: FOLLOWUP.name, roles: ['followup'], password: PASSWORD },
  });
  await ui.click('nav-users');
  await ui.waitFor(`[data-user-login="${FOLLOWUP.login}"]`);
  assert.match(await app.byTestId('users-page').getText(), /李工[\s\S]*处理人/, 'the users page lists the handler with the role 处理人');

  // 3. Intake, keyboard only: Alt+N, then type, Tab, type … Enter saves.
  await browser.keys(['Alt', 'n']);
  await app.waitForTestId('intake-page');
  const name = await app.waitForTestId('intake-customer_name');
  await browser.waitUntil(() => name.isFocused(), { timeout: WAIT_MS, timeoutMsg: 'the intake form focuses 客户姓名 first' });
  await ui.typeComplaint({ name: COMPLAINT.customer, phone: COMPLAINT.phone, subject: COMPLAINT.subject, description: COMPLAINT.description });
  await ui.pickOption('intake-claim', '纠正整改');
  await ui.tabInto('intake-claim_detail');
  await app.byTestId('intake-claim_detail').addValue(COMPLAINT.claimDetail);
  await ui.pickCascader('intake-category', '电梯');
  await ui.focus('intake-project');
  await app.byTestId('intake-project').addValue(COMPLAINT.project);
  // 项目 sits with the required fields; 楼栋 is further down among the optional ones.
  await ui.focus('intake-building');
  await app.byTestId('intake-building').addValue(COMPLAINT.building);
  await ui.tabInto('intake-unit');
  await app.byTestId('intake-unit').addValue(COMPLAINT.unit);
  await ui.shot('intake-filled');
  await browser.keys(['Enter']);

  const numberEl = await app.waitForTestId('case-number', WAIT_MS);
  const caseNumber = (await numberEl.getText()).trim();
  assert.match(caseNumber, /^TS-\d{4}-\d{6}$/, `a complaint gets a readable TS number, got “${caseNumber}”`);
  await ui.waitText('case-status', '已登记');
  const caseId = Number(await app.byTestId('case-detail').getAttribute('data-case-id'));
  // Every sign-in starts on 我的工作; the next user opens the case from there.
  const openCase = async () => {
    await app.waitForTestId('work-page', WAIT_MS);
    await browser.execute((hash) => {
      window.location.hash = hash;
    }, `#/cases/${caseId}`);
    await ui.waitText('case-number', caseNumber);
  };

  // 4. The list shows it.
  await ui.click('nav-cases');
  const row = await ui.waitFor(`[data-testid="case-list"] [data-case-number="${caseNumber}"]`);
  const rowText = await row.getProperty('textContent');
  for (const part of [COMPLAINT.subject, COMPLAINT.customer, '已登记', '工程维修', '来访']) {
    assert.ok(rowText.includes(part), `the list row shows “${part}”: it reads “${rowText}”`);
  }
  await ui.shot('case-list');

  // 5. Supervisor: accept, then assign to 工程部 / 李工.
  // A table row has no box of its own in WebKit's hit testing: click a cell.
  await row.$('td:nth-child(3)').click();
  await ui.waitText('case-number', caseNumber);
  await app.waitForTestId('action-accept');
  await ui.shot('detail-with-actions');
  await ui.step('accept');
  await ui.waitText('case-status', '已受理');
  await ui.step('assign', async () => {
    await ui.pickOption('step-department', '工程部');
    await ui.pickOption('step-handler_id', HANDLER.name);
  });
  await ui.waitText('case-status', '已分派');

  // 6. The handler: no supervisor buttons, and the backend refuses the supervisor's step too.
  await ui.signIn(HANDLER.login);
  await openCase();
  await app.waitForTestId('action-start', WAIT_MS);
  assert.equal(await app.byTestId('action-accept').isExisting(), false, 'the handler is not offered 受理');
  assert.equal(await app.byTestId('action-assign').isExisting(), false, 'the handler is not offered 分派');
  assert.equal(await app.byTestId('nav-intake').isExisting(), false, 'the handler’s menu has no 登记投诉');
  const seen = await app.invoke('get_case', { id: caseId });
  await assert.rejects(
    app.invoke('move_case', {
      id: caseId,
      input: { action: 'assign', fields: { department: '工程部', handler_id: handler.id }, expected_version: seen.case.version },
    }),
    (error) => {
      assert.equal(error.code, 'role_not_allowed', `a handler assigning is refused as role_not_allowed, got ${error.code}: ${error.message}`);
      return true;
    },
  );

  await ui.step('start');
  await ui.waitText('case-status', '处理中');
  // An internal note for colleagues (the box starts as internal).
  await app.byTestId('note-text').addValue('已联系电梯维保公司，备件明天到。');
  await ui.click('note-submit');
  await ui.waitText('timeline', '已联系电梯维保公司');
  const note = await browser.$('[data-testid="timeline-event"][data-event-kind="note"]');
  assert.ok((await note.getText()).includes('内部'), 'the note is marked 内部 on the timeline');

  // A site visit, through the 记录 panel: the handler may record handling actions on their case.
  await ui.click('note-kind-site_visit');
  await app.byTestId('note-text').addValue(SITE_VISIT);
  await ui.click('note-submit');
  const visit = await ui.waitFor('[data-testid="timeline-event"][data-event-kind="handling"][data-event-action="site_visit"]');
  const visitText = await visit.getProperty('textContent');
  assert.ok(visitText.includes('现场调查'), `the site visit reads 现场调查 on the timeline: “${visitText}”`);
  assert.ok(visitText.includes(SITE_VISIT), 'the site visit shows what was seen');

  // A call to the customer, saved from the keyboard (Ctrl+Enter); a contact is never internal.
  await ui.click('note-kind-contact');
  assert.equal(await app.byTestId('note-internal').isExisting(), false, 'a contact has no 内部备注 box');
  await ui.pickOption('note-contact-method', '电话');
  await ui.focus('note-text');
  await app.byTestId('note-text').addValue(CONTACT);
  await browser.keys(['Control', 'Enter']);
  const contact = await ui.waitFor('[data-testid="timeline-event"][data-event-kind="contact"]');
  const contactText = await contact.getProperty('textContent');
  assert.ok(contactText.includes('联系客户（电话）'), `the contact reads 联系客户（电话）: “${contactText}”`);
  assert.ok(contactText.includes(CONTACT), 'the contact shows what the customer was told');
  assert.ok(!contactText.includes('内部'), 'the contact is not marked 内部');

  // A file, through the real <input type=file> of the attachments card.
  const attachmentFile = path.join(app.dir, ATTACHMENT.name);
  fs.writeFileSync(attachmentFile, ATTACHMENT.text);
  const attachmentBytes = fs.readFileSync(attachmentFile);
  await app.byTestId('attachment-input').addValue(attachmentFile);
  const attachmentRow = await ui.waitFor('[data-testid="attachment-list"] [data-testid="attachment-row"]');
  const rowShown = await attachmentRow.getProperty('textContent');
  assert.ok(rowShown.includes(ATTACHMENT.name), `the attachment list names the file: “${rowShown}”`);
  assert.ok(rowShown.includes(`${attachmentBytes.length} B`), `the attachment list shows its size: “${rowShown}”`);
  assert.ok(rowShown.includes(HANDLER.name), 'the attachment list names who added it');
  await ui.waitText('timeline', `添加附件 ${ATTACHMENT.name}（${attachmentBytes.length} B）`);
  assert.equal((await browser.$$('[data-testid="attachment-row"]')).length, 1, 'one file is attached');
  // The 记录 panel and the attachments card, then the timeline under them, at 1280×800 and 1366×768.
  await ui.noMessages();
  await ui.shot('detail-records-attachment');
  await ui.scrollToTop('attachments');
  await ui.shot('detail-records-timeline');
  await browser.setWindowSize(1366, 768);
  await browser.execute(() => document.querySelector('.desk-content').scrollTo(0, 0));
  await ui.shot('1366-detail-records-attachment');
  await ui.scrollToTop('attachments');
  await ui.shot('1366-detail-records-timeline');
  await browser.setWindowSize(1280, 800);
  await browser.execute(() => document.querySelector('.desk-content').scrollTo(0, 0));
  await ui.step('respond', async () => {
    await app.byTestId('step-facts').addValue('经查，3号楼电梯主板损坏，备件到货延误。');
    await app.byTestId('step-decision_basis').addValue('依据物业服务合同第八条，公共设施故障应在48小时内修复。');
    await app.byTestId('step-outcome').addValue('已更换主板，电梯恢复运行；向业主致歉。');
    await ui.pickOption('step-notice_method', '电话');
  });
  // Responding queues the follow-up automatically.
  await ui.waitText('case-status', '待回访');

  // 7. The follow-up clerk calls back: satisfied (5), solved → closed.
  await ui.signIn(FOLLOWUP.login);
  await openCase();
  await ui.click('action-followup');
  await app.waitForTestId('followup-form', WAIT_MS);
  await ui.waitText('followup-script', COMPLAINT.customer);
  await ui.click('followup-score-5');
  await ui.click('followup-solved-yes');
  const save = await app.waitForTestId('followup-submit');
  await save.click();
  await save.waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: 'the call form closes once the call is saved' });
  await ui.waitText('case-status', '已结案');
  assert.equal(await app.byTestId('case-status').getText(), '已结案', 'the status tag reads 已结案');

  // 8. The timeline names every step and who took it.
  const timeline = await app.byTestId('timeline').getText();
  for (const [what, who] of [
    ['登记', ADMIN.name],
    ['受理', ADMIN.name],
    ['分派', ADMIN.name],
    ['开始处理', HANDLER.name],
    ['答复客户', HANDLER.name],
    ['转入待回访', '系统'],
    ['回访结案', FOLLOWUP.name],
  ]) {
    assert.ok(timeline.includes(what), `the timeline shows the step ${what}`);
    assert.ok(timeline.includes(who), `the timeline names ${who}`);
  }
  const actions = await browser
    .$$('[data-testid="timeline-event"][data-event-kind="transition"]')
    .map((e) => e.getAttribute('data-event-action'));
  assert.deepEqual(
    actions.filter(Boolean),
    ['accept', 'assign', 'start', 'respond', 'await_followup', 'close'],
    'the timeline lists the steps in the order they were taken',
  );
  await ui.shot('closed-detail');
  await browser.execute(() => document.querySelector('[data-testid="timeline"]').scrollIntoView({ block: 'end' }));
  await ui.shot('closed-detail-timeline');

  // 9. The same screens at 1366×768, the other common office screen, as the administrator.
  await ui.signIn(ADMIN.login);
  await openCase();
  await browser.setWindowSize(1366, 768);
  await browser.execute(() => document.querySelector('.desk-content').scrollTo(0, 0));
  await ui.shot('1366-closed-detail');
  await ui.click('nav-cases');
  await ui.waitFor(`[data-testid="case-list"] [data-case-number="${caseNumber}"]`);
  await ui.shot('1366-case-list');
  await ui.click('nav-intake');
  await app.waitForTestId('intake-customer_name');
  await ui.shot('1366-intake');
  await ui.click('nav-work');
  await app.waitForTestId('work-page');
  await ui.shot('1366-work');

  // 10. The database file agrees.
  await app.close();
  const db = path.join(app.dataDir, 'complaintdesk.sqlite3');
  const [stored] = sqlite(db, `select id, status, handler_id, satisfaction, solved from cases where number = '${caseNumber}'`);
  assert.equal(stored?.status, 'closed', 'the case row is stored as closed');
  assert.equal(stored.handler_id, handler.id, 'the stored handler is 李工');
  assert.equal(stored.satisfaction, 5, 'the stored satisfaction is 5');
  assert.equal(stored.solved, 1, 'the case is stored as solved');
  const events = sqlite(db, `select kind, action, actor_role, actor_id from events where case_id = ${stored.id} and kind in ('created', 'transition') order by id`);
  // The administrator holds both roles 受理 allows; the lifecycle lists clerk first.
  assert.deepEqual(
    events.map((e) => [e.kind === 'created' ? 'created' : e.action, e.actor_role]),
    [
      ['created', 'clerk'],
      ['accept', 'clerk'],
      ['assign', 'supervisor'],
      ['start', 'handler'],
      ['respond', 'handler'],
      ['await_followup', 'system'],
      ['close', 'followup'],
    ],
    'the event log holds each step with the role it was taken in',
  );
  assert.equal(events.at(-1).actor_id, followup.id, 'the closing event names the follow-up clerk');
  const notes = sqlite(db, `select actor_role, internal, note from events where case_id = ${stored.id} and kind = 'note'`);
  assert.deepEqual(notes, [{ actor_role: 'handler', internal: 1, note: '已联系电梯维保公司，备件明天到。' }], 'the note is stored as the handler’s internal note');
  const records = sqlite(
    db,
    `select kind, action, actor_role, actor_id, internal, note, json_extract(details_json, '$.contact_method') as contact_method
     from events where case_id = ${stored.id} and kind in ('handling', 'contact') order by id`,
  );
  assert.deepEqual(
    records,
    [
      { kind: 'handling', action: 'site_visit', actor_role: 'handler', actor_id: handler.id, internal: 0, note: SITE_VISIT, contact_method: null },
      { kind: 'contact', action: 'contact', actor_role: 'handler', actor_id: handler.id, internal: 0, note: CONTACT, contact_method: 'phone' },
    ],
    'the site visit and the call are stored as the handler’s handling and contact events, the call by phone',
  );
  const attachments = sqlite(db, `select name, size, sha256, added_by from attachments where case_id = ${stored.id}`);
  assert.equal(attachments.length, 1, 'one attachment row is stored for the case');
  const [attachment] = attachments;
  assert.equal(attachment.name, ATTACHMENT.name, 'the attachment keeps its Chinese file name');
  assert.equal(attachment.size, attachmentBytes.length, 'the attachment row has the file’s size in bytes');
  assert.match(attachment.sha256, /^[0-9a-f]{64}$/, 'the attachment is named by a 64-hex SHA-256');
  assert.equal(attachment.sha256, createHash('sha256').update(attachmentBytes).digest('hex'), 'the SHA-256 is that of the file’s bytes');
  assert.equal(attachment.added_by, handler.id, 'the attachment was added by the handler');
  const [attachedEvent] = sqlite(db, `select actor_role, json_extract(after_json, '$.name') as name from events where case_id = ${stored.id} and kind = 'attachment'`);
  assert.deepEqual(attachedEvent, { actor_role: 'handler', name: ATTACHMENT.name }, 'the timeline keeps an attachment event naming the file');
  const kept = path.join(app.dataDir, 'attachments', attachment.sha256.slice(0, 2), attachment.sha256);
  assert.ok(fs.existsSync(kept), `the attachment's bytes are kept at ${kept}`);
  assert.ok(fs.readFileSync(kept).equals(attachmentBytes), 'the kept file has the same bytes as the file attached');
});

test('an insurance desk: a refused intake keeps what was typed, the English screens, users and work queues', async (t) => {
  const app = await openApp(t.name);
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);

  await app.waitForTestId('setup-page');
  await ui.click('setup-profile-insurance');
  await (await app.waitForTestId('setup-org-name')).setValue('平安路营业部');
  await app.byTestId('setup-admin-login').setValue('chen');
  await app.byTestId('setup-admin-name').setValue('陈经理');
  await app.byTestId('setup-admin-password').setValue(PASSWORD);
  await app.byTestId('setup-admin-password-confirm').setValue(PASSWORD);
  for (const role of ['前台', '主管', '处理人', '回访专员', '消保合规']) {
    await app.byTestId('setup-extra-roles').$(`label*=${role}`).click();
  }
  await ui.click('setup-submit');
  await ui.waitText('profile-tag', '保险');

  // Saving without a description: the backend names the field, the form marks it and keeps the rest.
  await ui.click('nav-intake');
  const name = await app.waitForTestId('intake-customer_name');
  await browser.waitUntil(() => name.isFocused(), { timeout: WAIT_MS, timeoutMsg: 'the intake form focuses 客户姓名 first' });
  await name.addValue('刘建国');
  await ui.tabInto('intake-customer_phone');
  await app.byTestId('intake-customer_phone').addValue('021-6888 1234');
  await ui.focus('intake-subject');
  await app.byTestId('intake-subject').addValue('理赔款三十天未到账');
  await browser.keys(['Enter']);
  const descriptionItem = app.byTestId('intake-description').parentElement();
  await browser.waitUntil(async () => (await browser.$('.ant-form-item-has-error').isExisting()), {
    timeout: WAIT_MS,
    timeoutMsg: 'the refused field is marked',
  });
  const marked = await browser.$('.ant-form-item-has-error');
  assert.ok((await marked.getText()).includes('投诉内容'), 'the field marked in error is 投诉内容');
  assert.ok((await marked.getText()).includes('请填写投诉内容'), 'the error next to it asks for 投诉内容');
  assert.equal(await app.byTestId('intake-customer_name').getValue(), '刘建国', 'the name typed is still there');
  assert.equal(await app.byTestId('intake-subject').getValue(), '理赔款三十天未到账', 'the subject typed is still there');
  assert.ok(await descriptionItem.isExisting());
  await ui.shot('intake-refused');

  // Completing it: insurance fields instead of the property ones.
  assert.equal(await app.byTestId('intake-project').isExisting(), false, 'an insurance desk does not ask for 小区');
  await ui.focus('intake-description');
  await app.byTestId('intake-description').addValue('客户于上月提交住院医疗理赔材料，至今未收到赔款，也无人告知进度。');
  await ui.pickOption('intake-claim', '赔偿');
  await ui.pickCascader('intake-category', '理赔时效');
  await ui.pickOption('intake-business_line', '健康保险');
  await ui.pickOption('intake-cause_reason', '理赔时效');
  await ui.shot('intake-insurance-filled');
  await ui.click('intake-submit');
  await ui.waitText('case-status', '已登记');
  const caseNumber = (await app.byTestId('case-number').getText()).trim();
  const detailText = await app.byTestId('case-detail').getProperty('textContent');
  for (const part of ['保险信息', '健康保险', '理赔时效', '刘建国']) {
    assert.ok(detailText.includes(part), `the case shows “${part}”`);
  }

  // English.
  await app.byTestId('language-switch').$('div*=EN').click();
  await ui.waitText('case-status', 'Registered');
  await ui.waitText('nav-cases', 'Cases');
  await ui.shot('detail-english');
  await app.byTestId('language-switch').$('div*=中文').click();
  await ui.waitText('case-status', '已登记');

  // Escalation is a level on the case, raised with a reason.
  await ui.click('escalate');
  await (await app.waitForTestId('escalate-reason')).addValue('客户称将向金融监管局投诉');
  await ui.click('escalate-submit');
  await ui.waitText('case-escalation', '1 级');
  await ui.waitText('timeline', '客户称将向金融监管局投诉');

  // The same phone again: intake warns that an open case exists, without stopping the clerk.
  await ui.click('nav-intake');
  await (await app.waitForTestId('intake-customer_name')).addValue('刘建国');
  await ui.tabInto('intake-customer_phone');
  await app.byTestId('intake-customer_phone').addValue('021-6888 1234');
  await browser.keys(['Tab']);
  await ui.waitText('intake-open-cases', caseNumber);
  await ui.shot('intake-open-cases');

  // Work queues: the case waits to be accepted; the card opens its list. Leaving the filled
  // intake form asks first (the draft stays).
  await ui.click('nav-work');
  const leave = await browser.$('.ant-modal-confirm-btns .ant-btn-primary');
  await leave.waitForClickable({ timeout: WAIT_MS, timeoutMsg: 'leaving a filled form asks first' });
  await leave.click();
  await ui.click('queue-clerk.to_accept');
  await ui.waitFor('[data-testid="case-list"] [data-case-number]');
  await ui.shot('work-queue');

  // Users: the administrator's page, with the new-user form.
  await ui.click('nav-users');
  await ui.click('user-create');
  await (await app.waitForTestId('user-login')).setValue('xiaoli');
  await app.byTestId('user-display_name').setValue('小李');
  await app.byTestId('user-roles').$('label*=处理人').click();
  await app.byTestId('user-password').setValue('xiaoli-2026');
  await ui.shot('user-create');
  await browser.keys(['Enter']);
  await ui.waitFor('[data-user-login="xiaoli"]');
  await ui.shot('users');
});
