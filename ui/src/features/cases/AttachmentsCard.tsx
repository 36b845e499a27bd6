import { DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Typography } from 'antd';
import { useRef, useState, type ChangeEvent } from 'react';
import { formatDateTime, formatFileSize } from '../../lib/format';
import type { Attachment } from '../../lib/ipc/bindings/Attachment';
import type { CaseDetail } from '../../lib/ipc/bindings/CaseDetail';
import { addAttachment, saveAttachment } from '../../lib/ipc/commands';
import { useErrorMessage, useT, ERROR_SECONDS } from '../../locales/i18n';

/**
 * The files kept with a case: name, size, who added them and when, each with a 保存 button (a
 * native save dialog). Users who may attach get an 添加附件 button; several files may be
 * picked at once, and are added one after another.
 */
export function AttachmentsCard({ detail, onChanged }: { detail: CaseDetail; onChanged: (detail: CaseDetail) => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState<number | null>(null);

  const add = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    // Picking the same file again must fire `change` again.
    e.target.value = '';
    if (!files.length) return;
    setAdding(true);
    try {
      for (const file of files) {
        try {
          const next = await addAttachment(detail.case.id, file);
          message.success(t('detail.attachments.added', { name: file.name }));
          onChanged(next);
        } catch (error) {
          message.error(t('detail.attachments.failed', { name: file.name, message: say(error) }), ERROR_SECONDS);
        }
      }
    } finally {
      setAdding(false);
    }
  };

  const save = async (attachment: Attachment) => {
    setSaving(attachment.id);
    try {
      const path = await saveAttachment(attachment.id);
      if (path) message.success(t('detail.attachments.saved', { path }));
    } catch (error) {
      message.error(say(error), ERROR_SECONDS);
    } finally {
      setSaving(null);
    }
  };

  const count = detail.attachments.length;
  return (
    <Card
      size="small"
      className="desk-card"
      data-testid="attachments"
      title={count ? t('detail.attachments.titleCount', { count }) : t('detail.attachments.title')}
      extra={
        detail.can_attach && (
          <>
            <input
              ref={input}
              type="file"
              multiple
              className="desk-file-input"
              data-testid="attachment-input"
              aria-label={t('detail.attachments.add')}
              tabIndex={-1}
              onChange={(e) => void add(e)}
            />
            <Button
              size="small"
              icon={<UploadOutlined />}
              loading={adding}
              data-testid="attachment-add"
              title={t('detail.attachments.limit')}
              onClick={() => input.current?.click()}
            >
              {t('detail.attachments.add')}
            </Button>
          </>
        )
      }
    >
      {count === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.attachments.empty')} className="desk-attachments-empty" />
      ) : (
        <ul className="desk-attachments" data-testid="attachment-list">
          {detail.attachments.map((a) => (
            <li key={a.id} className="desk-attachment" data-testid="attachment-row" data-attachment-id={a.id}>
              <PaperClipOutlined className="desk-attachment-icon" />
              <div className="desk-attachment-body">
                <div className="desk-attachment-line">
                  <Typography.Text className="desk-attachment-name" ellipsis={{ tooltip: a.name }} data-testid="attachment-name">
                    {a.name}
                  </Typography.Text>
                  <Typography.Text type="secondary" className="desk-attachment-size">
                    {formatFileSize(a.size)}
                  </Typography.Text>
                </div>
                <Typography.Text type="secondary" className="desk-attachment-meta">
                  {a.added_by_name ?? '—'} · {formatDateTime(a.added_at)}
                </Typography.Text>
              </div>
              <Button
                size="small"
                type="link"
                icon={<DownloadOutlined />}
                loading={saving === a.id}
                data-testid="attachment-save"
                aria-label={t('detail.attachments.saveAs', { name: a.name })}
                onClick={() => void save(a)}
              >
                {t('detail.attachments.save')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
