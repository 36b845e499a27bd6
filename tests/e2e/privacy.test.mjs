// Personal data in the real window: the case page shows phone and ID number masked, an allowed
// role asks for them with 查看完整信息, the full values appear in place and the viewing is on the
// timeline; the case list's phone follows the admin's per-role setting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './lib/app.mjs';
import { cli, setUpPropertyDesk } from './lib/cli.mjs';
import { helpers } from './lib/ui.mjs';

const PHONE = '13812348000';
const ID = '110101199001011234';

test('the case page reveals personal data on request and records it; lists mask as set', async (t) => {
  let created;
  const app = await openApp(t.name, {
    signIn: 'zhang',
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      created = cli(dataDir, ['case', 'create', '--as', 'zhang'], {
        customer_name: '钱女士',
        customer_phone: PHONE,
        customer_id_number: ID,
        channel: 'walk_in',
        subject: '车库积水',
        description: '地下车库B区连续三天积水。',
        claim: 'correction',
        category: 'repair',
        subcategory: 'repair.water_power',
        project: '翠湖花园',
      });
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  await app.waitForTestId('work-page');

  const listed = async () => (await app.invoke('list_cases', { query: {} })).rows[0].customer_phone;
  assert.equal(await listed(), PHONE, 'a clerk and supervisor sees the full phone in the list by default');

  await browser.execute((hash) => {
    window.location.hash = hash;
  }, `#/cases/${created.case.id}`);
  await ui.waitText('case-number', created.case.number);
  await ui.waitText('pii-phone', '138****8000');
  await ui.waitText('pii-id-number', '110***********1234');
  await ui.click('reveal-pii');
  await ui.waitText('pii-phone', PHONE);
  await ui.waitText('pii-id-number', ID);
  await ui.waitText('timeline', '查看完整个人信息');
  await ui.shot('personal-data-revealed');

  // The admin masks phones in lists for every role: the list follows at once.
  const settings = await app.invoke('get_privacy_settings');
  await app.invoke('set_privacy_settings', { settings: { ...settings, lists: { ...settings.lists, phone: [] } } });
  assert.equal(await listed(), '138****8000', 'with nobody allowed, the list shows the phone masked');
});
