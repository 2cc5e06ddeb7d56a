import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, unwrap, type CreateUserRequest, type Role, type UpdateUserRequest, type UserResponse } from '../../api/client';
import { useSession } from '../../auth/session';
import { CardList } from '../../components/CardList';
import { ErrorAlert, Field, Loading, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { ROLES } from '../../lib/domain';
import { clearDraft, loadDraft, saveDraft } from '../../lib/draft-storage';
import { useNarrow } from '../../lib/responsive';
import { unitLabel, useUnits } from '../../lib/units';
import { UserSessionsButton } from './UserSessions';

function useUsers() {
  return useQuery({
    queryKey: ['users', 'all'],
    queryFn: async () => {
      const all: UserResponse[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 100; i++) {
        const page = await unwrap(api.GET('/api/v1/users', { params: { query: { limit: 100, cursor } } }));
        all.push(...page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return all;
    },
  });
}

type Dialog = { kind: 'create' } | { kind: 'roles'; user: UserResponse } | { kind: 'password'; user: UserResponse } | null;

export function UsersPage() {
  const { t, tv } = useI18n();
  const { message, modal } = App.useApp();
  const { user: me } = useSession();
  const users = useUsers();
  const units = useUnits();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<unknown>(null);
  const narrow = useNarrow();

  const patch = async (u: UserResponse, body: UpdateUserRequest) => {
    setError(null);
    try {
      await unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body }));
      message.success(t('admin.users.saved'));
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };

  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }));
  const rolesOf = (u: UserResponse) => (
    <>
      {u.roles.map((r) => (
        <Tag key={r}>{tv('role', r)}</Tag>
      ))}
      {u.leadsUnitIds.length > 0 ? (
        <div className="gk-muted">
          {t('admin.users.leads')}{t('common.colon')}{u.leadsUnitIds.map((id) => unitLabel(units.data, id)).join('、')}
        </div>
      ) : null}
    </>
  );
  const actionsOf = (u: UserResponse) => (
    <Space wrap size={4}>
      <Button size="small" onClick={() => setDialog({ kind: 'roles', user: u })} aria-label={`${t('admin.users.changeRoles')}${t('common.colon')}${u.username}`}>
        {t('admin.users.changeRoles')}
      </Button>
      <Button size="small" onClick={() => setDialog({ kind: 'password', user: u })} aria-label={`${t('admin.users.resetPassword')}${t('common.colon')}${u.username}`}>
        {t('admin.users.resetPassword')}
      </Button>
      <UserSessionsButton user={u} />
      {u.active ? (
        <Button
          size="small"
          danger
          disabled={u.id === me?.id}
          aria-label={`${t('admin.users.deactivate')}${t('common.colon')}${u.username}`}
          onClick={() =>
            modal.confirm({
              title: t('admin.users.confirmDeactivate'),
              okText: t('admin.users.deactivate'),
              okButtonProps: { danger: true },
              cancelText: t('common.cancel'),
              onOk: () => patch(u, { active: false }),
            })
          }
        >
          {t('admin.users.deactivate')}
        </Button>
      ) : (
        <Button size="small" onClick={() => void patch(u, { active: true })} aria-label={`${t('admin.users.activate')}${t('common.colon')}${u.username}`}>
          {t('admin.users.activate')}
        </Button>
      )}
    </Space>
  );

  return (
    <div>
      <PageTitle
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
            {t('admin.users.create')}
          </Button>
        }
      >
        {t('admin.users.title')}
      </PageTitle>
      {error && !dialog ? (
        <div className="gk-gap">
          <ErrorAlert error={error} onClose={() => setError(null)} />
        </div>
      ) : null}
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorAlert error={users.error} />
      ) : narrow ? (
        <CardList<UserResponse>
          items={users.data}
          rowKey={(u) => u.id}
          testId="user-cards"
          label={t('admin.users.title')}
          title={(u) => (
            <>
              {u.displayName} <span className="gk-muted gk-card-subtitle">{u.username}</span>
            </>
          )}
          fields={(u) => [
            { key: 'unit', label: t('admin.users.unit'), value: unitLabel(units.data, u.unitId) || t('admin.users.noUnit') },
            { key: 'roles', label: t('admin.users.roles'), value: rolesOf(u) },
            { key: 'active', label: t('admin.users.active'), value: u.active ? t('admin.users.isActive') : <strong>{t('admin.users.isInactive')}</strong> },
          ]}
          actions={actionsOf}
        />
      ) : (
        <Table<UserResponse>
          rowKey="id"
          className="gk-table"
          dataSource={users.data}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('admin.users.username'), dataIndex: 'username', width: 160 },
            { title: t('admin.users.displayName'), dataIndex: 'displayName' },
            { title: t('admin.users.unit'), dataIndex: 'unitId', render: (v: string | null) => unitLabel(units.data, v) || t('admin.users.noUnit') },
            {
              title: t('admin.users.roles'),
              dataIndex: 'roles',
              render: (_: Role[], u) => rolesOf(u),
            },
            {
              title: t('admin.users.active'),
              dataIndex: 'active',
              width: 100,
              render: (a: boolean) => (a ? t('admin.users.isActive') : <strong>{t('admin.users.isInactive')}</strong>),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 300,
              render: (_, u) => actionsOf(u),
            },
          ]}
        />
      )}
      {dialog?.kind === 'create' ? (
        <CreateUserDialog
          unitOptions={unitOptions}
          onClose={() => setDialog(null)}
          onCreated={async () => {
            setDialog(null);
            message.success(t('admin.users.created'));
            await queryClient.invalidateQueries({ queryKey: ['users'] });
          }}
        />
      ) : null}
      {dialog?.kind === 'roles' ? <RolesDialog user={dialog.user} unitOptions={unitOptions} onClose={() => setDialog(null)} onSave={(b) => patch(dialog.user, b)} error={error} /> : null}
      {dialog?.kind === 'password' ? <PasswordDialog user={dialog.user} onClose={() => setDialog(null)} onSave={(b) => patch(dialog.user, b)} error={error} /> : null}
    </div>
  );
}

interface CreateForm {
  username: string;
  password: string;
  displayName: string;
  unitId?: string | null;
  roles: Role[];
  leadsUnitIds?: string[];
  email?: string;
}

function CreateUserDialog({ unitOptions, onClose, onCreated }: { unitOptions: { value: string; label: string }[]; onClose(): void; onCreated(): Promise<void> }) {
  const { t, tv } = useI18n();
  const [form] = Form.useForm<CreateForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const roles = Form.useWatch('roles', form) ?? [];
  // The password is not kept in storage.
  const stored = loadDraft<Omit<CreateForm, 'password'>>('user.new');

  const submit = async () => {
    let v: CreateForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: CreateUserRequest = {
        username: v.username.trim(),
        password: v.password,
        displayName: v.displayName.trim(),
        unitId: v.unitId ?? null,
        roles: v.roles ?? [],
        leadsUnitIds: (v.roles ?? []).includes('leader') ? (v.leadsUnitIds ?? []) : [],
      };
      if (v.email?.trim()) body.email = v.email.trim();
      await unwrap(api.POST('/api/v1/users', { body }));
      clearDraft('user.new');
      await onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('admin.users.create')} onCancel={onClose} onOk={() => void submit()} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={busy} width={600} destroyOnHidden>
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Form<CreateForm>
        form={form}
        name="newUser"
        layout="vertical"
        initialValues={{ roles: [], leadsUnitIds: [], ...(stored ?? {}) }}
        onValuesChange={(_, all) => {
          const { password: _pw, ...rest } = all;
          saveDraft('user.new', rest);
        }}
      >
        <Form.Item label={t('admin.users.username')} name="username" extra={t('admin.users.usernameHint')} normalize={(v: string) => (v ?? '').toLowerCase()} rules={[{ required: true, pattern: /^[a-z0-9._-]{2,50}$/, message: t('admin.users.usernameHint') }]}>
          <Input autoComplete="off" maxLength={50} />
        </Form.Item>
        <Form.Item label={t('admin.users.displayName')} name="displayName" rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('admin.users.password')} name="password" extra={t('admin.users.passwordHint')} rules={[{ required: true, min: 10, max: 200, message: t('admin.users.passwordHint') }]}>
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
        <Form.Item label={t('admin.users.email')} name="email" extra={t('admin.users.emailHint')} rules={[{ type: 'email', max: 254, message: t('admin.users.emailInvalid') }]}>
          <Input type="email" autoComplete="off" maxLength={254} />
        </Form.Item>
        <Form.Item label={t('admin.users.unit')} name="unitId">
          <Select allowClear options={unitOptions} placeholder={t('form.placeholder.select')} />
        </Form.Item>
        <Form.Item label={t('admin.users.roles')} name="roles">
          <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: tv('role', r) }))} />
        </Form.Item>
        <Form.Item label={t('admin.users.leads')} name="leadsUnitIds" extra={t('admin.users.leadsOnlyLeader')}>
          <Select mode="multiple" allowClear disabled={!roles.includes('leader')} options={unitOptions} placeholder={t('form.placeholder.select')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RolesDialog({ user, unitOptions, onClose, onSave, error }: { user: UserResponse; unitOptions: { value: string; label: string }[]; onClose(): void; onSave(b: UpdateUserRequest): Promise<boolean>; error: unknown }) {
  const { t, tv } = useI18n();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [leads, setLeads] = useState<string[]>(user.leadsUnitIds);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={`${t('admin.users.changeRoles')}${t('common.colon')}${user.displayName}（${user.username}）`}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={async () => {
        setBusy(true);
        const ok = await onSave({ roles, leadsUnitIds: roles.includes('leader') ? leads : [] });
        setBusy(false);
        if (ok) onClose();
      }}
    >
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <fieldset className="gk-fieldset">
        <legend>{t('admin.users.roles')}</legend>
        <Checkbox.Group value={roles} onChange={(v) => setRoles(v as Role[])} options={ROLES.map((r) => ({ value: r, label: tv('role', r) }))} />
      </fieldset>
      <Field id="roles-leads" label={t('admin.users.leads')}>
        <Select id="roles-leads" mode="multiple" style={{ width: '100%' }} allowClear disabled={!roles.includes('leader')} value={leads} onChange={setLeads} options={unitOptions} />
      </Field>
    </Modal>
  );
}

function PasswordDialog({ user, onClose, onSave, error }: { user: UserResponse; onClose(): void; onSave(b: UpdateUserRequest): Promise<boolean>; error: unknown }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const tooShort = password.length > 0 && password.length < 10;
  return (
    <Modal
      open
      title={`${t('admin.users.resetPassword')}${t('common.colon')}${user.displayName}（${user.username}）`}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: password.length < 10 }}
      confirmLoading={busy}
      onOk={async () => {
        setBusy(true);
        const ok = await onSave({ password });
        setBusy(false);
        if (ok) onClose();
      }}
    >
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Field id="reset-password" label={t('admin.users.newPassword')}>
        <Input.Password id="reset-password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} maxLength={200} status={tooShort ? 'error' : undefined} aria-describedby="reset-password-hint" />
        <div id="reset-password-hint" className="gk-hint">
          {t('admin.users.passwordHint')}
        </div>
      </Field>
    </Modal>
  );
}
