// Small waits and widget drivers on top of the harness (lib/app.mjs), shared by the specs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** How long a step may take to show in the window. */
export const WAIT_MS = 15_000;

/** Small waits and widget drivers on top of the harness; no fixed sleeps. */
export function helpers(app) {
  const { browser } = app;
  const sel = (id) => `[data-testid="${id}"]`;

  const ui = {
    /** A screenshot once the window has painted what the DOM now holds. */
    async shot(name) {
      await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
      const file = await app.screenshot(name);
      if (process.env.E2E_TRACE) console.log(new Date().toISOString(), 'shot', file);
      return file;
    },

    /** Waits until the toasts (已记录, 已添加附件 …) are gone, for a screenshot without them. */
    async noMessages() {
      await browser.waitUntil(async () => (await browser.$$('.ant-message-notice').length) === 0, {
        timeout: WAIT_MS,
        timeoutMsg: 'the messages should go away by themselves',
      });
    },

    /** Scrolls the page so that the element starts at the top of the view, and waits until it does. */
    async scrollToTop(id) {
      await browser.waitUntil(
        () =>
          browser.execute((selector) => {
            const el = document.querySelector(selector);
            el.scrollIntoView({ block: 'start' });
            return el.getBoundingClientRect().top < 120;
          }, sel(id)),
        { timeout: WAIT_MS, timeoutMsg: `${id} should scroll to the top of the view` },
      );
    },

    async waitFor(selector, timeout = WAIT_MS) {
      const el = browser.$(selector);
      await el.waitForDisplayed({ timeout, timeoutMsg: `${selector} not shown after ${timeout} ms` });
      return el;
    },

    async click(id) {
      if (process.env.E2E_TRACE) console.log(new Date().toISOString(), 'click', id);
      const el = await app.waitForTestId(id, WAIT_MS);
      await el.waitForClickable({ timeout: WAIT_MS });
      await el.click();
    },

    /** Waits until the element's text contains `text` (textContent: see the org name above). */
    async waitText(id, text) {
      let last = '';
      await browser.waitUntil(
        async () => {
          const el = browser.$(sel(id));
          last = (await el.isExisting()) ? await el.getProperty('textContent') : '';
          return last.includes(text);
        },
        { timeout: WAIT_MS, timeoutMsg: `data-testid="${id}" should read “${text}”, it reads “${last}”` },
      );
    },

    /** Presses Tab and checks that the keyboard focus lands on the given field. */
    async tabInto(id) {
      await browser.keys(['Tab']);
      const el = browser.$(sel(id));
      try {
        await browser.waitUntil(() => el.isFocused(), { timeout: WAIT_MS });
      } catch {
        const focused = await browser.execute(() => {
          const a = document.activeElement;
          return a ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}[data-testid=${a.getAttribute('data-testid') ?? ''}] in ${a.closest('[data-testid]')?.getAttribute('data-testid') ?? '—'}` : 'nothing';
        });
        throw new Error(`Tab should move the focus to ${id}; the focus is on ${focused}`);
      }
    },

    /**
     * Replaces what a field holds, as a person does: select all, delete, then type (Ant Design
     * keeps the value in React state, so setting it from outside would not reach the form).
     */
    async retype(id, value) {
      const el = app.byTestId(id);
      await el.click();
      await browser.keys(['Control', 'a']);
      await browser.keys(['Backspace']);
      await browser.waitUntil(async () => (await el.getValue()) === '', { timeout: WAIT_MS, timeoutMsg: `${id} should empty` });
      await el.addValue(value);
    },

    async focus(id) {
      if (process.env.E2E_TRACE) console.log(new Date().toISOString(), 'focus', id);
      const el = await app.waitForTestId(id, WAIT_MS);
      await el.click();
      await browser.waitUntil(() => el.isFocused(), { timeout: WAIT_MS, timeoutMsg: `${id} should take the focus` });
    },

    /**
     * Types a complaint's customer and text into the intake form the way a clerk does: name,
     * Tab to the phone, the subject, Tab to the description (each Tab checked to land there).
     */
    async typeComplaint({ name, phone, subject, description }) {
      await (await app.waitForTestId('intake-customer_name', WAIT_MS)).addValue(name);
      await ui.tabInto('intake-customer_phone');
      await app.byTestId('intake-customer_phone').addValue(phone);
      await ui.focus('intake-subject');
      await app.byTestId('intake-subject').addValue(subject);
      await ui.tabInto('intake-description');
      await app.byTestId('intake-description').addValue(description);
    },

    /** An Ant Design Select: open it, click the option whose label is `label` in the open list. */
    async pickOption(id, label) {
      if (process.env.E2E_TRACE) console.log(new Date().toISOString(), 'pick', id, label);
      const select = await app.waitForTestId(id, WAIT_MS);
      await select.scrollIntoView({ block: 'center' });
      await select.click();
      const option = await ui.waitFor(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title*="${label}"]`);
      await option.click();
      await browser.waitUntil(async () => (await select.getText()).includes(label), {
        timeout: WAIT_MS,
        timeoutMsg: `${id} should show “${label}” once picked`,
      });
      // While the list is still open, Tab picks the active option instead of moving on.
      await browser.waitUntil(async () => !(await select.getAttribute('class')).includes('ant-select-open'), {
        timeout: WAIT_MS,
        timeoutMsg: `${id} should close its list once an option is picked`,
      });
    },

    /** An Ant Design Cascader with search: type part of a label, take the first match (↓ Enter). */
    async pickCascader(id, text) {
      if (process.env.E2E_TRACE) console.log(new Date().toISOString(), 'cascader', id, text);
      const cascader = await app.waitForTestId(id, WAIT_MS);
      // WebDriver scrolls a target to the bottom edge, under the form's sticky save bar.
      await cascader.scrollIntoView({ block: 'center' });
      await cascader.click();
      await browser.keys(text.split(''));
      await ui.waitFor('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-cascader-menu-item');
      await browser.keys(['ArrowDown', 'Enter']);
      await browser.waitUntil(async () => (await cascader.getText()).includes(text), {
        timeout: WAIT_MS,
        timeoutMsg: `${id} should show a choice containing “${text}”`,
      });
    },

    /** Clicks the action button, fills the modal form with `fill`, submits, waits for it to close. */
    async step(action, fill) {
      await ui.click(`action-${action}`);
      const submit = await app.waitForTestId('step-submit', WAIT_MS);
      if (fill) await fill();
      await submit.click();
      await submit.waitForExist({ reverse: true, timeout: WAIT_MS, timeoutMsg: `the ${action} form should close once saved` });
    },

    /**
     * Ticks an Ant Design checkbox or picks a radio button by the test id of its input: the
     * input itself is invisible, so the click goes to its label; waits until it is checked.
     */
    async check(id) {
      const label = await ui.waitFor(`//label[.//input[@data-testid="${id}"]]`);
      const checked = () => browser.execute((s) => document.querySelector(s)?.checked === true, sel(id));
      if (!(await checked())) await label.click();
      await browser.waitUntil(checked, { timeout: WAIT_MS, timeoutMsg: `${id} should be checked` });
    },

    /** Ticks a case's row in the case list (the input is invisible: the click goes to its label). */
    async tickCase(number) {
      const label = await ui.waitFor(`//label[.//input[@aria-label="选择案件 ${number}"]]`);
      await label.click();
      await browser.waitUntil(
        () => browser.execute((n) => document.querySelector(`input[aria-label="选择案件 ${n}"]`)?.checked === true, number),
        { timeout: WAIT_MS, timeoutMsg: `${number} should be ticked` },
      );
    },

    /**
     * Issues the monthly report from the dashboard and returns its text as pdftotext reads it,
     * with every space and line break taken out (cells wrap where they like).
     */
    async monthlyReportText() {
      await ui.click('nav-dashboard');
      await ui.click('dashboard-monthly-report');
      await browser.waitUntil(() => fs.readdirSync(app.saveDir).some((f) => f.endsWith('.pdf')), { timeout: WAIT_MS, timeoutMsg: 'the monthly report is saved' });
      const pdf = fs.readdirSync(app.saveDir).find((f) => f.endsWith('.pdf'));
      return execFileSync('pdftotext', [path.join(app.saveDir, pdf), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    },

    /**
     * Fills the open 开立整改事项 form: cause 设施设备, the action, the owner by name, and the due
     * day typed into the date field; Enter then takes the date and sends the form.
     */
    async fillImprovement({ action, owner, due }) {
      await ui.pickOption('improvement-cause', '设施设备');
      await app.byTestId('improvement-action').addValue(action);
      await ui.pickOption('improvement-owner', owner);
      const picker = await app.byTestId('improvement-due');
      const field = (await picker.getTagName()) === 'input' ? picker : picker.$('input');
      await field.click();
      await field.addValue(due);
    },

    /**
     * Starts noting, inside the page, each change of what `selector` shows: the first matching
     * element's textContent (null while there is none), or with `has` whether any match contains
     * that text. A MutationObserver notes each change with the machine's time (Date.now(), one
     * clock for every window of the run), so a test can say when a window showed something
     * without polling it, and compare two windows. The notes live in the page: a reload of the
     * window loses them, and `log()` then fails saying so.
     *
     *   const row = await ui.watch('row', '[data-case-number]', { has: subject });
     *   … const at = await row.firstAt((shown) => shown);   // ms, or undefined if never
     */
    async watch(key, selector, { has } = {}) {
      await browser.execute(
        (k, s, text) => {
          const watches = (window.__e2eWatches = window.__e2eWatches || {});
          if (watches[k]) watches[k].observer.disconnect();
          const read = () => {
            if (text !== null) return [...document.querySelectorAll(s)].some((el) => el.textContent.includes(text));
            const el = document.querySelector(s);
            return el ? el.textContent : null;
          };
          const entry = { log: [] };
          const note = () => {
            const value = read();
            const last = entry.log[entry.log.length - 1];
            if (!last || last.value !== value) entry.log.push({ value, at: Date.now() });
          };
          note();
          entry.observer = new MutationObserver(note);
          entry.observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
          watches[k] = entry;
        },
        key,
        selector,
        has ?? null,
      );
      const log = async () => {
        const entries = await browser.execute((k) => (window.__e2eWatches && window.__e2eWatches[k] ? window.__e2eWatches[k].log : null), key);
        if (entries === null) throw new Error(`the window was reloaded: the notes of “${key}” (${selector}) are gone`);
        return entries;
      };
      return {
        /** Every value shown since watching began, with when: [{ value, at }], the first as it was then. */
        log,
        /** The values alone, in order. */
        async values() {
          return (await log()).map((e) => e.value);
        },
        /** When the page first showed a value `test` accepts (Date.now() ms), or undefined. */
        async firstAt(test) {
          return (await log()).find((e) => test(e.value))?.at;
        },
      };
    },

    /** Signs out with the header's 退出, then signs `login` in through the sign-in screen. */
    async signIn(login, password = 'pass-1234') {
      if (await app.byTestId('signout-button').isExisting()) await ui.click('signout-button');
      await app.waitForTestId('signin-page', WAIT_MS);
      await app.byTestId('signin-login').setValue(login);
      await app.byTestId('signin-password').setValue(password);
      await ui.click('signin-submit');
      await app.waitForTestId('nav-work', WAIT_MS);
    },
  };
  return ui;
}
