import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Table } from 'antd';
import { useState } from 'react';
import { api, unwrap, type UnitResponse } from '../../api/client';
import { CardList } from '../../components/CardList';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { clearDraft, loadDraft, saveDraft } from '../../lib/draft-storage';
import { useNarrow } from '../../lib/responsive';
import { useUnits } from '../../lib/units';

interface UnitForm {
  code: string;
  name: string;
}

export function UnitsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const units = useUnits();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UnitForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const narrow = useNarrow();

  const onFinish = async (v: UnitForm) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/units', { body: { code: v.code.trim(), name: v.name.trim() } }));
      clearDraft('unit.new');
      form.resetFields();
      message.success(t('admin.units.created'));
      await queryClient.invalidateQueries({ queryKey: ['units'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageTitle>{t('admin.units.title')}</PageTitle>
      <section className="gk-panel" aria-labelledby="new-unit-title">
        <h2 id="new-unit-title" className="gk-panel-title">
          {t('admin.units.create')}
        </h2>
        {error ? (
          <div className="gk-gap">
            <ErrorAlert error={error} onClose={() => setError(null)} />
          </div>
        ) : null}
        <Form<UnitForm>
          form={form}
          name="unit"
          layout={narrow ? 'vertical' : 'inline'}
          initialValues={loadDraft<UnitForm>('unit.new') ?? undefined}
          onValuesChange={(_, all) => saveDraft('unit.new', all)}
          onFinish={onFinish}
          className="gk-inline-form"
        >
          <Form.Item
            label={t('admin.units.code')}
            name="code"
            extra={t('admin.units.codeHint')}
            normalize={(v: string) => (v ?? '').toUpperCase()}
            rules={[{ required: true, pattern: /^[A-Z0-9-]{2,20}$/, message: t('admin.units.codeHint') }]}
          >
            <Input maxLength={20} style={narrow ? undefined : { width: 160 }} />
          </Form.Item>
          <Form.Item label={t('admin.units.name')} name="name" rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input maxLength={100} style={narrow ? undefined : { width: 280 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} icon={<PlusOutlined aria-hidden />}>
              {t('common.create')}
            </Button>
          </Form.Item>
        </Form>
      </section>
      {units.isPending ? (
        <Loading />
      ) : units.isError ? (
        <ErrorAlert error={units.error} />
      ) : narrow ? (
        <CardList<UnitResponse>
          items={units.data}
          rowKey={(u) => u.id}
          testId="unit-cards"
          label={t('admin.units.title')}
          title={(u) => u.name}
          fields={(u) => [{ key: 'code', label: t('admin.units.code'), value: <code>{u.code}</code> }]}
        />
      ) : (
        <Table<UnitResponse>
          rowKey="id"
          className="gk-table"
          dataSource={units.data}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('admin.units.code'), dataIndex: 'code', width: 180 },
            { title: t('admin.units.name'), dataIndex: 'name' },
          ]}
        />
      )}
    </div>
  );
}
