/**
 * The admin's view of one user's sessions (from the user list): the live sessions, end one or
 * all (effective at once: GET/DELETE /api/v1/users/:id/sessions), and reset a lost second factor
 * (DELETE /api/v1/users/:id/totp).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Modal, Space } from 'antd';
import { useState } from 'react';
import { ApiError, api, unwrap, type UserResponse } from '../../api/client';
import { ErrorAlert, ListState } from '../../components/common';
import { SessionList, type SessionItem } from '../../components/SessionList';
import { useI18n } from '../../i18n/i18n';

export function UserSessionsButton({ user }: { user: UserResponse }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} aria-label={`${t('sessions.manage')}${t('common.colon')}${user.username}`} data-testid="user-sessions">
        {t('sessions.manage')}
      </Button>
      {open ? <UserSessionsDialog user={user} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function UserSessionsDialog({ user, onClose }: { user: UserResponse; onClose(): void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const key = ['users', user.id, 'sessions'];
  const sessions = useQuery({
    queryKey: key,
    queryFn: async () => (await unwrap(api.GET('/api/v1/users/{id}/sessions', { params: { path: { id: user.id }, query: { limit: 100 } } }))).items,
  });
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (id: string, work: () => Promise<void>) => {
    setBusyId(id);
    setError(null);
    try {
      await work();
      await queryClient.invalidateQueries({ queryKey: key });
    } catch (e) {
      setError(e);
    } finally {
      setBusyId(null);
    }
  };

  const endOne = (s: SessionItem) =>
    run(s.id, async () => {
      await unwrap(api.DELETE('/api/v1/users/{id}/sessions/{sessionId}', { params: { path: { id: user.id, sessionId: s.id } } }));
      message.success(t('sessions.ended'));
    });

  const endAll = () =>
    modal.confirm({
      title: t('sessions.confirmEndAll'),
      okText: t('sessions.endAll'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        run('all', async () => {
          const r = await unwrap(api.DELETE('/api/v1/users/{id}/sessions', { params: { path: { id: user.id } } }));
          message.success(t('sessions.endedAll', { n: r.ended }));
        }),
    });

  const resetTotp = () =>
    modal.confirm({
      title: t('sessions.confirmResetTotp'),
      okText: t('sessions.resetTotp'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        run('totp', async () => {
          try {
            await unwrap(api.DELETE('/api/v1/users/{id}/totp', { params: { path: { id: user.id } } }));
            message.success(t('sessions.totpReset'));
          } catch (e) {
            if (e instanceof ApiError && e.status === 404) message.info(t('sessions.noTotp'));
            else throw e;
          }
        }),
    });

  return (
    <Modal open title={t('sessions.userTitle', { name: user.displayName })} onCancel={onClose} footer={null} width={640} destroyOnHidden>
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <ListState q={sessions} empty={(sessions.data?.length ?? 0) === 0} emptyText={t('sessions.none')}>
        <SessionList items={sessions.data ?? []} onEnd={(s) => void endOne(s)} busyId={busyId} headingLevel={3} />
      </ListState>
      <Space wrap className="gk-sign-in-actions">
        <Button danger onClick={endAll} loading={busyId === 'all'} disabled={(sessions.data?.length ?? 0) === 0} data-testid="sessions-end-all">
          {t('sessions.endAll')}
        </Button>
        <Button onClick={resetTotp} loading={busyId === 'totp'} data-testid="totp-reset">
          {t('sessions.resetTotp')}
        </Button>
      </Space>
    </Modal>
  );
}
