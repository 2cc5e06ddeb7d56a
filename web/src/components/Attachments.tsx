/**
 * The files of a document: everyone who may read it sees the list and downloads them; the drafter,
 * while the document may be edited (CASL `update`), uploads one file at a time and removes files.
 * Each upload or removal is a new version of the document, so the document is reloaded afterwards
 * and the next action sends the right If-Match.
 */
import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Popconfirm, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, api, downloadFile, getToken, ifMatch, newIdempotencyKey, unwrap, type DocumentResponse, type Schemas } from '../api/client';
import { isStatus } from '../api/errors';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useNarrow } from '../lib/responsive';
import { ErrorAlert, Loading } from './common';

type Attachment = Schemas['AttachmentResponse'];

/** What the upload control accepts (the server decides from the content and says 415 otherwise). */
const ACCEPT = '.pdf,.ofd,.docx,.xlsx,.png,.jpg,.jpeg';

export function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/ofd': 'OFD',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

const typeLabel = (mediaType: string) => TYPE_LABELS[mediaType] ?? mediaType;

async function readError(res: Response): Promise<ApiError> {
  return new ApiError(res.status, await res.json().catch(() => null));
}

interface Props {
  doc: DocumentResponse;
  canEdit: boolean;
  /** Reloads the document (and its history): after a change, or after a 412. */
  reload(): Promise<void>;
}

export function DocumentAttachments({ doc, canEdit, reload }: Props) {
  const { t, formatDate } = useI18n();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);
  const narrow = useNarrow();
  const list = useQuery({
    queryKey: ['attachments', doc.id],
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}/attachments', { params: { path: { id: doc.id }, query: { limit: 100 } } })),
  });

  const afterChange = async () => {
    await Promise.all([list.refetch(), reload()]);
  };

  const onFailure = async (e: unknown) => {
    setError(e);
    if (isStatus(e, 412)) await afterChange();
  };

  const upload = async (file: File) => {
    setUploading(true);
    setError(null);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const res = await fetch(`/api/v1/documents/${encodeURIComponent(doc.id)}/attachments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${getToken() ?? ''}`, 'If-Match': ifMatch(doc.version), 'Idempotency-Key': newIdempotencyKey() },
        body,
      });
      if (!res.ok) throw await readError(res);
      void message.success(t('attachments.uploaded', { name: file.name }));
      await afterChange();
    } catch (e) {
      await onFailure(e);
    } finally {
      setUploading(false);
    }
  };

  const remove = async (a: Attachment) => {
    setBusyId(a.id);
    setError(null);
    try {
      await unwrap(
        api.DELETE('/api/v1/documents/{id}/attachments/{attachmentId}', {
          params: { path: { id: doc.id, attachmentId: a.id }, header: { 'If-Match': ifMatch(doc.version) } },
        }),
      );
      void message.success(t('attachments.removed', { name: a.fileName }));
      await afterChange();
    } catch (e) {
      await onFailure(e);
    } finally {
      setBusyId(null);
    }
  };

  const download = async (a: Attachment) => {
    setBusyId(a.id);
    setError(null);
    try {
      await downloadFile(a.url, a.fileName);
    } catch (e) {
      setError(e);
    } finally {
      setBusyId(null);
    }
  };

  const linkOf = (a: Attachment) => (
    <Button
      type="link"
      className="gk-attachment-link"
      icon={<DownloadOutlined aria-hidden />}
      onClick={() => void download(a)}
      loading={busyId === a.id}
      title={`${t('attachments.download')}: ${a.fileName} (${formatDate(a.createdAt)})`}
    >
      {a.fileName}
    </Button>
  );
  const removeOf = (a: Attachment) => (
    <Popconfirm
      title={t('attachments.confirmRemove', { name: a.fileName })}
      okText={t('attachments.remove')}
      cancelText={t('common.cancel')}
      onConfirm={() => remove(a)}
    >
      <Button danger size="small" icon={<DeleteOutlined aria-hidden />} disabled={busyId !== null || uploading} aria-label={`${t('attachments.remove')}: ${a.fileName}`}>
        {t('attachments.remove')}
      </Button>
    </Popconfirm>
  );

  const items = list.data?.items ?? [];
  return (
    <section className="gk-panel gk-attachments" aria-labelledby="attachments-title" data-testid="attachments">
      <h2 id="attachments-title" className="gk-panel-title">
        {t('attachments.title')}
      </h2>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : items.length === 0 ? (
        <p className="gk-muted">{t('attachments.empty')}</p>
      ) : narrow ? (
        <ul className="gk-attachments-list">
          {items.map((a) => (
            <li key={a.id} data-testid="attachment">
              {linkOf(a)}
              <div className="gk-attachments-meta gk-muted">
                <span>{typeLabel(a.mediaType)}</span>
                <span>{sizeOf(a.size)}</span>
                <span>{t(`attachments.textStatus.${a.textStatus}` as MessageKey)}</span>
              </div>
              {canEdit ? removeOf(a) : null}
            </li>
          ))}
        </ul>
      ) : (
        <table className="gk-attachments-table">
          <thead>
            <tr>
              <th scope="col">{t('attachments.name')}</th>
              <th scope="col">{t('attachments.type')}</th>
              <th scope="col">{t('attachments.size')}</th>
              <th scope="col">{t('attachments.text')}</th>
              {canEdit ? (
                <th scope="col">
                  <span className="gk-visually-hidden">{t('attachments.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id} data-testid="attachment">
                <td>
                  {linkOf(a)}
                </td>
                <td>{typeLabel(a.mediaType)}</td>
                <td>{sizeOf(a.size)}</td>
                <td>{t(`attachments.textStatus.${a.textStatus}` as MessageKey)}</td>
                {canEdit ? (
                  <td>
                    {removeOf(a)}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit ? (
        <div className="gk-attachments-upload">
          <Upload
            accept={ACCEPT}
            multiple={false}
            maxCount={1}
            showUploadList={false}
            disabled={uploading}
            beforeUpload={(file) => {
              void upload(file);
              return Upload.LIST_IGNORE;
            }}
          >
            <Button icon={<UploadOutlined aria-hidden />} loading={uploading} data-testid="attachment-upload">
              {t('attachments.upload')}
            </Button>
          </Upload>
          <div className="gk-muted gk-attachments-hint">{t('attachments.hint')}</div>
        </div>
      ) : null}
    </section>
  );
}
