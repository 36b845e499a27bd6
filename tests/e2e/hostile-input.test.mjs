// Hostile input in the real window (issue 7 §6): complaints whose subject and description carry
// markup and script are shown as text in the case list, on the case page and in the customer's
// summary PDF, and nothing of them runs. The Content-Security-Policy refuses an injected inline
// script and a request to another host, and the app holds no network connection of its own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { APP_BINARY, openApp } from './lib/app.mjs';
import { cli, setUpPropertyDesk } from './lib/cli.mjs';
import { WAIT_MS, helpers } from './lib/ui.mjs';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';
const TEXTAREA = '</textarea><img src=x onerror="window.__pwned=3">';
const HOSTILE = [
  { subject: `电梯 ${IMG}`, description: `${SCRIPT}\n电梯停运三天，${TEXTAREA}` },
  { subject: `</textarea>${SCRIPT}`, description: `"><svg onload="window.__pwned=4"> 门禁坏了 ${IMG}` },
];

function complaint({ subject, description }, phone) {
  return {
    customer_name: '陈女士',
    customer_phone: phone,
    channel: 'walk_in',
    subject,
    description,
    claim: 'correction',
    category: 'repair',
    project: '翠湖花园',
  };
}

/** Whether some element's whole text is exactly `text` (text shown as text, not parsed). */
async function shownAsText(browser, text, within = 'body') {
  return browser.execute(
    (t, sel) => {
      const root = document.querySelector(sel);
      return !!root && [...root.querySelectorAll('*')].some((e) => e.textContent === t);
    },
    text,
    within,
  );
}

/** What the page would show if any of the markup had become markup. */
async function injected(browser) {
  return browser.execute(() => ({
    pwned: window.__pwned ?? null,
    imgX: document.querySelectorAll('img[src="x"]').length,
    svgOnload: document.querySelectorAll('svg[onload]').length,
    scriptsInBody: [...document.querySelectorAll('body script')].length,
  }));
}

test('script-bearing complaints are shown as text in the list, the case page and the PDF, and nothing runs', async (t) => {
  const created = [];
  const app = await openApp(t.name, {
    signIn: 'zhang',
    prepare: (dataDir) => {
      setUpPropertyDesk(dataDir);
      HOSTILE.forEach((h, i) => created.push(cli(dataDir, ['case', 'create', '--as', 'zhang'], complaint(h, `1380013800${i}`))));
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  await app.waitForTestId('work-page');
  const clean = { pwned: null, imgX: 0, svgOnload: 0, scriptsInBody: 0 };

  // The case list.
  await ui.click('nav-cases');
  for (const c of created) {
    await ui.waitFor(`[data-testid="case-list"] [data-case-number="${c.case.number}"]`);
    const row = `[data-testid="case-list"] [data-case-number="${c.case.number}"]`;
    assert.ok(await shownAsText(browser, c.case.subject, row), `the list row of ${c.case.number} shows the subject “${c.case.subject}” as text`);
  }
  assert.deepEqual(await injected(browser), clean, 'on the case list no markup of a complaint became an element and no script ran');
  await ui.shot('case-list');

  // Each case page.
  for (const c of created) {
    await browser.execute((hash) => {
      window.location.hash = hash;
    }, `#/cases/${c.case.id}`);
    await ui.waitText('case-number', c.case.number);
    const detail = '[data-testid="case-detail"]';
    assert.ok(await shownAsText(browser, c.case.subject, detail), `the case page shows the subject “${c.case.subject}” as text`);
    assert.ok(
      await shownAsText(browser, c.case.description, detail),
      `the case page shows the description “${c.case.description}” as text, line break included`,
    );
    assert.deepEqual(await injected(browser), clean, `on the page of ${c.case.number} no markup became an element and no script ran`);
  }
  await ui.shot('case-detail');

  // The customer's summary PDF, from the last case page.
  const last = created.at(-1).case;
  await ui.click('documents-menu');
  await ui.click('document-save-summary');
  const file = path.join(app.saveDir, `${last.number}-案件摘要.pdf`);
  await browser.waitUntil(() => fs.existsSync(file) && fs.statSync(file).size > 0, {
    timeout: WAIT_MS,
    timeoutMsg: `the summary should be saved as ${file}`,
  });
  const pdf = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  const squeeze = (s) => s.replace(/\s+/g, '');
  for (const part of [last.subject, last.description]) {
    assert.ok(squeeze(pdf).includes(squeeze(part)), `the summary PDF has “${part}” as literal text; it reads:\n${pdf}`);
  }
  assert.deepEqual(await injected(browser), clean, 'issuing the PDF ran nothing');
});

test('the Content-Security-Policy refuses injected inline script and other hosts, and the app opens no network connection', async (t) => {
  const app = await openApp(t.name, {
    signIn: 'zhang',
    prepare: (dataDir) => {
      cli(dataDir, ['setup'], {
        profile: 'insurance',
        org_name: '平安街支公司',
        admin_login: 'zhang',
        admin_display_name: '张主管',
        extra_roles: ['clerk', 'supervisor'],
      });
    },
  });
  t.after(() => app.close());
  const { browser } = app;
  const ui = helpers(app);
  await app.waitForTestId('work-page');
  // A few screens first: the list, the intake form, the dashboard (charts).
  for (const nav of ['nav-cases', 'nav-intake', 'nav-dashboard']) {
    if (await app.byTestId(nav).isExisting()) await ui.click(nav);
  }
  await ui.shot('after-visits');

  // The refusals are reported asynchronously: wait until each expected one has come in.
  await browser.execute(function () {
    const probe = { violations: [], fetched: null };
    window.__cspProbe = probe;
    document.addEventListener('securitypolicyviolation', (e) => probe.violations.push(e.effectiveDirective || e.violatedDirective));
    const s = document.createElement('script');
    s.textContent = 'window.__cspInline = 1';
    document.head.appendChild(s);
    const img = document.createElement('img');
    img.src = 'https://example.com/tracker.png';
    document.body.appendChild(img);
    fetch('https://example.com/')
      .then(() => 'fetched')
      .catch((e) => `refused: ${e}`)
      .then((fetched) => {
        img.remove();
        probe.fetched = fetched;
      });
  });
  const expected = ['script-src', 'connect-src', 'img-src'];
  let outcome;
  await browser
    .waitUntil(
      async () => {
        outcome = await browser.execute(() => ({ ...window.__cspProbe, inline: window.__cspInline ?? null }));
        return outcome.fetched !== null && expected.every((d) => outcome.violations.some((v) => v.startsWith(d)));
      },
      { timeout: WAIT_MS, interval: 100 },
    )
    .catch(() => {}); // the assertions below say what is missing
  assert.equal(outcome.inline, null, 'an inline script injected into the page does not run');
  assert.match(outcome.fetched, /^refused/, 'a request to another host is refused');
  for (const directive of expected) {
    assert.ok(outcome.violations.some((v) => v.startsWith(directive)), `the CSP's ${directive} refused it (violations: ${outcome.violations.join(', ')})`);
  }

  // Every socket of the app's processes.
  const sockets = appSockets(app.dataDir);
  assert.ok(sockets.pids.length > 0, 'the app process was found by its data folder');
  t.diagnostic(`app processes ${sockets.pids.join(', ')}; sockets ${JSON.stringify(sockets.inet.map(({ proto, state, peer }) => ({ proto, state, peer })))}`);
  const outside = sockets.inet.filter((s) => !s.loopback);
  assert.deepEqual(outside, [], `the app has no socket to or on a non-loopback address (${JSON.stringify(sockets.inet)})`);
  const strangers = sockets.inet.filter((s) => s.state !== 'LISTEN' && s.peer && !s.peerInApp && !/WebKitWebDriver|tauri-driver/.test(s.peer));
  assert.deepEqual(strangers, [], 'its only loopback connections are the WebDriver’s automation session');
});

/** TCP and UDP sockets of the app started for `dataDir` and of its child processes (WebKit's). */
function appSockets(dataDir) {
  const procs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const read = (file) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const app = procs.filter((pid) => {
    const cmd = read(`/proc/${pid}/cmdline`).split('\0')[0];
    return path.resolve(cmd || '/') === APP_BINARY && read(`/proc/${pid}/environ`).split('\0').includes(`COMPLAINTDESK_DATA_DIR=${dataDir}`);
  });
  const parent = (pid) => Number(read(`/proc/${pid}/stat`).replace(/^.*\) /s, '').split(' ')[1]);
  const tree = new Set(app);
  for (let grew = true; grew; ) {
    grew = false;
    for (const pid of procs) {
      if (!tree.has(pid) && tree.has(String(parent(pid)))) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const inodesOf = (pid) => {
    try {
      return fs
        .readdirSync(`/proc/${pid}/fd`)
        .map((fd) => {
          try {
            return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
          } catch {
            return undefined;
          }
        })
        .filter(Boolean);
    } catch {
      return [];
    }
  };
  const owner = new Map();
  for (const pid of procs) for (const inode of inodesOf(pid)) if (!owner.has(inode)) owner.set(inode, pid);
  const mine = new Set([...tree].flatMap(inodesOf));
  const STATES = { '01': 'ESTABLISHED', '02': 'SYN_SENT', '06': 'TIME_WAIT', '07': 'CLOSE', '0A': 'LISTEN' };
  const rows = [];
  for (const proto of ['tcp', 'tcp6', 'udp', 'udp6']) {
    for (const line of read(`/proc/self/net/${proto}`).split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      rows.push({ proto, local: f[1], remote: f[2], state: STATES[f[3]] ?? f[3], inode: f[9] });
    }
  }
  const isLoopback = (hexAddr) => {
    const [ip] = hexAddr.split(':');
    if (/^0+$/.test(ip)) return null; // unbound / any: judged by the local side
    if (ip.length === 8) return ip.endsWith('7F'); // 127.x.x.x, little-endian
    return ip === '00000000000000000000000001000000' || ip.endsWith('0100007F'); // ::1, ::ffff:127.x
  };
  const inet = rows
    .filter((r) => mine.has(r.inode))
    .map((r) => {
      const local = isLoopback(r.local);
      const remote = isLoopback(r.remote);
      const peerRow = rows.find((o) => o.local === r.remote && o.remote === r.local);
      const peerPid = peerRow && owner.get(peerRow.inode);
      return {
        ...r,
        loopback: local !== false && remote !== false && !(local === null && r.state === 'LISTEN'),
        peer: peerPid ? read(`/proc/${peerPid}/comm`).trim() : undefined,
        peerInApp: peerPid !== undefined && tree.has(peerPid),
      };
    });
  return { pids: app, inet };
}
