import { App, Button, Checkbox, Flex, Input } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { addNote } from '../../lib/ipc/commands';
import { useErrorMessage, useT } from '../../locales/i18n';

/** Adds a note to the timeline; internal by default, since most notes are for colleagues. */
export function NoteBox({ caseId, onSaved }: { caseId: number; onSaved: (detail: CaseDetail) => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(true);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    try {
      const next = await addNote(caseId, { text, internal });
      setText('');
      message.success(t('detail.note.saved'));
      onSaved(next);
    } catch (error) {
      message.error(say(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={8}>
      <Input.TextArea
        data-testid="note-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('detail.note.placeholder')}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={20000}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <Flex justify="space-between" align="center">
        <Checkbox data-testid="note-internal" checked={internal} onChange={(e) => setInternal(e.target.checked)}>
          {t('detail.note.internal')}
        </Checkbox>
        <Button data-testid="note-submit" onClick={() => void save()} loading={saving} disabled={text.trim() === ''}>
          {t('detail.note.submit')}
        </Button>
      </Flex>
    </Flex>
  );
}
