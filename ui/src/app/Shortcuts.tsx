import { Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { navigate } from '../lib/router';
import { SEARCH_BOX_ID } from '../lib/shortcuts';
import { useT } from '../locales/i18n';
import type { MessageKey } from '../locales/index';


/** The keys the desk answers to, as the F1 list shows them (key names are the same in every language). */
const KEYS: { keys: string; what: MessageKey; register?: true }[] = [
  { keys: 'Alt+N', what: 'shortcuts.newCase', register: true },
  { keys: 'Enter', what: 'shortcuts.enter' },
  { keys: 'Ctrl+S', what: 'shortcuts.save' },
  { keys: 'Ctrl+Enter', what: 'shortcuts.saveAndPrint', register: true },
  { keys: 'Alt+1/2/3', what: 'shortcuts.pickSuggestion', register: true },
  { keys: 'Ctrl+F', what: 'shortcuts.search' },
  { keys: 'Alt+←', what: 'shortcuts.back' },
  { keys: 'Esc', what: 'shortcuts.close' },
  { keys: 'F1', what: 'shortcuts.help' },
];

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

function editable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA';
}

/**
 * The form Ctrl+S saves: the one the focus is in; else the topmost open dialog's; else the page's
 * own when it has exactly one. Enter would save the same form, so Ctrl+S saves what Enter would,
 * from a text area too.
 */
function formToSave(): HTMLFormElement | null {
  const active = document.activeElement;
  const own = active instanceof HTMLElement ? active.closest('form') : null;
  if (own) return own;
  const dialogs = [...document.querySelectorAll<HTMLElement>('.ant-modal-wrap')].filter((w) => w.style.display !== 'none');
  const dialog = dialogs.at(-1)?.querySelector('form');
  if (dialog) return dialog;
  const page = document.querySelectorAll<HTMLFormElement>('[data-testid="app-content"] form');
  return page.length === 1 ? page[0]! : null;
}

function focusSearch(): boolean {
  const box = document.getElementById(SEARCH_BOX_ID);
  if (!(box instanceof HTMLInputElement)) return false;
  box.focus();
  box.select();
  return true;
}

/**
 * The desk's keyboard: Alt+N a new complaint (for those who may register one), Ctrl+S saves,
 * Ctrl+F the case search box, Alt+← back, F1 the list of keys. Nothing answers while `enabled` is
 * false (the window is locked).
 */
export function Shortcuts({ enabled, canRegister }: { enabled: boolean; canRegister: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  // Ctrl+F away from the case list: the box is focused once the list has drawn it.
  const [searchWanted, setSearchWanted] = useState(0);

  const latest = useRef({ enabled, canRegister });
  useEffect(() => {
    latest.current = { enabled, canRegister };
  });
  useEffect(() => {
    if (!enabled) setOpen(false);
  }, [enabled]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!latest.current.enabled || e.defaultPrevented) return;
      const ctrl = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (ctrl && !e.altKey && (key === 's' || e.code === 'KeyS')) {
        // Never the browser's "save page", even where there is nothing to save.
        e.preventDefault();
        formToSave()?.requestSubmit();
      } else if (ctrl && !e.altKey && (key === 'f' || e.code === 'KeyF')) {
        e.preventDefault();
        if (!focusSearch()) {
          navigate(['cases']);
          setSearchWanted((n) => n + 1);
        }
      } else if (e.altKey && !ctrl && !e.shiftKey && e.key === 'ArrowLeft') {
        // On a Mac, ⌥← moves by a word in a text field: leave it to the field there.
        if (isMac() && editable(e.target)) return;
        e.preventDefault();
        window.history.back();
      } else if (e.key === 'F1' && !ctrl && !e.altKey) {
        e.preventDefault();
        setOpen(true);
      } else if (e.altKey && !ctrl && (e.code === 'KeyN' || key === 'n') && latest.current.canRegister) {
        e.preventDefault();
        navigate(['intake']);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (searchWanted > 0 && focusSearch()) setSearchWanted(0);
  });

  return (
    <Modal
      open={open}
      title={t('shortcuts.title')}
      footer={null}
      onCancel={() => setOpen(false)}
      destroyOnHidden
      width={440}
    >
      <table className="desk-shortcuts" data-testid="shortcuts-dialog">
        <tbody>
          {KEYS.filter((k) => canRegister || !k.register).map((k) => (
            <tr key={k.keys}>
              <th>
                <Typography.Text keyboard>{k.keys}</Typography.Text>
              </th>
              <td>{t(k.what)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
