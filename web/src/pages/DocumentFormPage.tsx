/**
 * Create and edit the signing-and-approval form. What the user types is kept in the form and in
 * sessionStorage until the server accepts it, whatever goes wrong in between.
 */
import { subject } from '@casl/ability';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Radio, Select, Space, type FormInstance } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  api,
  ifMatch,
  newIdempotencyKey,
  unwrap,
  type Category,
  type CreateDocumentRequest,
  type DocType,
  type DocumentResponse,
  type FormAssessment as FormAssessmentResult,
  type NonDisclosureReason,
  type PublicAttribute,
  type UpdateDocumentRequest,
} from '../api/client';
import { isStatus } from '../api/errors';
import { useAbility, useSession } from '../auth/session';
import { AssessmentSummary } from '../components/Assessment';
import { ErrorAlert, Loading, NotFound, PageTitle } from '../components/common';
import { Paper, PaperPair, PaperRow } from '../components/Paper';
import { useI18n } from '../i18n/i18n';
import { BODY_MAX_BYTES, CATEGORIES, DOC_TYPES, INTERPRETATION_FORMS, NON_DISCLOSURE_REASONS, PUBLIC_ATTRIBUTES, utf8Bytes } from '../lib/domain';
import { clearDraft, loadDraft, saveDraft } from '../lib/draft-storage';
import { unitLabel, useUnits } from '../lib/units';


export interface FormValues {
  title: string;
  docType?: DocType;
  documentNumber?: string;
  publicAttribute?: PublicAttribute;
  nonDisclosureReason?: NonDisclosureReason | null;
  attributeRationale?: string;
  category?: Category | null;
  summary?: string;
  body: string;
  /** docType interpretation: the document it interprets, and the interpretation's form. */
  interprets?: string;
  interpretationForm?: (typeof INTERPRETATION_FORMS)[number];
}

interface StoredDraft {
  values: FormValues;
  /** The version the edits were made on (edit only). */
  baseVersion?: number;
}

const FORM_NAME = 'doc';
const fid = (field: keyof FormValues) => `${FORM_NAME}_${field}`;

function fromDocument(d: DocumentResponse): FormValues {
  return {
    title: d.title,
    docType: d.docType,
    documentNumber: d.documentNumber ?? '',
    publicAttribute: d.publicAttribute,
    nonDisclosureReason: d.nonDisclosureReason,
    attributeRationale: d.attributeRationale ?? '',
    category: d.category,
    summary: d.summary ?? '',
    body: d.body,
    interprets: d.interprets ?? undefined,
    interpretationForm: d.interpretationForm ?? undefined,
  };
}

function clean(v: FormValues): CreateDocumentRequest {
  const opt = (s: string | undefined | null) => (s && s.trim() !== '' ? s : undefined);
  return {
    title: v.title.trim(),
    docType: v.docType as DocType,
    body: v.body,
    summary: opt(v.summary),
    category: v.category ?? undefined,
    documentNumber: opt(v.documentNumber),
    publicAttribute: v.publicAttribute as PublicAttribute,
    nonDisclosureReason: v.publicAttribute === 'not_public' ? (v.nonDisclosureReason ?? undefined) : undefined,
    attributeRationale: opt(v.attributeRationale),
    ...(v.docType === 'interpretation' ? { interprets: v.interprets, interpretationForm: v.interpretationForm ?? 'text' } : {}),
  };
}

export function DocumentFormPage() {
  const { id } = useParams();
  const editing = !!id;
  const { t } = useI18n();
  const doc = useQuery({
    queryKey: ['document', id],
    enabled: editing,
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id: id! } } })),
  });
  if (editing && doc.isPending) return <Loading />;
  if (editing && doc.isError) return isStatus(doc.error, 404) || isStatus(doc.error, 400) ? <NotFound message={t('doc.notFound')} /> : <ErrorAlert error={doc.error} />;
  return editing ? <DocumentForm key={id} document={doc.data} /> : <NewDocumentForm />;
}

/** A new form; "add an interpretation" on a document opens it as an interpretation of that document (?interprets=). */
function NewDocumentForm() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const interprets = params.get('interprets');
  const main = useQuery({
    queryKey: ['document', interprets],
    enabled: !!interprets,
    retry: false,
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id: interprets! } } })),
  });
  if (interprets && main.isPending) return <Loading />;
  const prefill: FormValues | undefined = main.data
    ? {
        title: t('interp.titleFor', { title: main.data.title.replace(/^关于印发|的通知$/g, '').replace(/^《|》$/g, '') }),
        docType: 'interpretation',
        interprets: main.data.id,
        interpretationForm: 'text',
        publicAttribute: main.data.publicAttribute,
        category: main.data.category,
        body: '',
      }
    : undefined;
  return <DocumentForm key={`new-${interprets ?? ''}`} prefill={prefill} />;
}

function DocumentForm({ document, prefill }: { document?: DocumentResponse; prefill?: FormValues }) {
  const { t, tv } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const ability = useAbility();
  const units = useUnits();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const draftKey = document ? `doc.${document.id}` : prefill?.interprets ? `doc.new.${prefill.interprets}` : 'doc.new';

  const stored = useMemo(() => loadDraft<StoredDraft>(draftKey), [draftKey]);
  const [restored, setRestored] = useState(!!stored);
  const [baseVersion, setBaseVersion] = useState<number | undefined>(stored?.baseVersion ?? document?.version);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());

  const initial: FormValues = useMemo(
    () => stored?.values ?? (document ? fromDocument(document) : (prefill ?? { title: '', body: '', publicAttribute: undefined, docType: undefined })),
    // Only on first render: later server data must not overwrite what the user typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const attribute = Form.useWatch('publicAttribute', form);
  const docType = Form.useWatch('docType', form) ?? initial.docType;

  useEffect(() => {
    if (attribute !== 'not_public' && form.getFieldValue('nonDisclosureReason')) form.setFieldValue('nonDisclosureReason', null);
  }, [attribute, form]);

  if (document && !ability.can('update', subject('Document', { ...document }))) {
    return (
      <div>
        <PageTitle>{t('form.editTitle')}</PageTitle>
        <Alert type="warning" showIcon title={t('form.notEditable')} action={<Link to={`/documents/${document.id}`}>{t('common.back')}</Link>} />
      </div>
    );
  }

  const persist = () => saveDraft(draftKey, { values: form.getFieldsValue(true), baseVersion } satisfies StoredDraft);

  const onFinish = async (values: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      if (!document) {
        const created = await unwrap(
          api.POST('/api/v1/documents', {
            params: { header: { 'Idempotency-Key': idempotencyKey.current } },
            body: clean(values),
          }),
        );
        clearDraft(draftKey);
        queryClient.setQueryData(['document', created.id], created);
        void queryClient.invalidateQueries({ queryKey: ['documents'] });
        void queryClient.invalidateQueries({ queryKey: ['tasks'] });
        // The document it interprets no longer lacks an interpretation (its assessment's warning).
        if (created.interprets) void queryClient.invalidateQueries({ queryKey: ['assessment', created.interprets] });
        message.success(t('form.created'));
        navigate(`/documents/${created.id}`);
      } else {
        const c = clean(values);
        const body: UpdateDocumentRequest = {
          ...c,
          summary: c.summary ?? '',
          documentNumber: c.documentNumber ?? '',
          attributeRationale: c.attributeRationale ?? '',
          // The server clears the ground itself when the attribute is no longer not_public, and
          // takes null as "no category" (the schema does not say nullable yet).
          category: (c.category ?? null) as UpdateDocumentRequest['category'],
        };
        const updated = await unwrap(
          api.PATCH('/api/v1/documents/{id}', {
            params: { path: { id: document.id }, header: { 'If-Match': ifMatch(baseVersion ?? document.version) } },
            body,
          }),
        );
        clearDraft(draftKey);
        queryClient.setQueryData(['document', updated.id], updated);
        void queryClient.invalidateQueries({ queryKey: ['history', updated.id] });
        void queryClient.invalidateQueries({ queryKey: ['documents'] });
        message.success(t('form.saved'));
        navigate(`/documents/${updated.id}`);
      }
    } catch (e) {
      persist();
      setError(e);
      if (document && isStatus(e, 412)) {
        // Someone else saved meanwhile: load their version number, keep what this user typed.
        const latest = await queryClient.fetchQuery({
          queryKey: ['document', document.id],
          staleTime: 0,
          queryFn: () => unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id: document.id } } })),
        }).catch(() => null);
        if (latest) {
          setBaseVersion(latest.version);
          saveDraft(draftKey, { values: form.getFieldsValue(true), baseVersion: latest.version } satisfies StoredDraft);
        }
        setConflict(true);
      }
    } finally {
      setBusy(false);
    }
  };

  const loadTheirs = () => {
    const latest = queryClient.getQueryData<DocumentResponse>(['document', document!.id]);
    if (latest) {
      form.setFieldsValue(fromDocument(latest));
      setBaseVersion(latest.version);
    }
    clearDraft(draftKey);
    setConflict(false);
    setError(null);
  };

  const discardRestored = () => {
    clearDraft(draftKey);
    form.resetFields();
    form.setFieldsValue(document ? fromDocument(document) : { title: '', body: '', docType: undefined, publicAttribute: undefined });
    setBaseVersion(document?.version);
    setRestored(false);
  };

  const unitName = unitLabel(units.data, document?.unitId ?? user?.unitId);
  const drafterName = !document || document.drafterId === user?.id ? (user?.displayName ?? '') : '';
  const selectPlaceholder = t('form.placeholder.select');

  return (
    <div>
      <PageTitle>{document ? t('form.editTitle') : t('form.newTitle')}</PageTitle>
      {restored ? (
        <Alert
          className="gk-gap"
          type="info"
          showIcon
          title={t('form.restored')}
          action={
            <Button size="small" onClick={discardRestored}>
              {t('form.discardRestored')}
            </Button>
          }
        />
      ) : null}
      {error ? (
        <div className="gk-gap" data-testid="form-error">
          <ErrorAlert error={error} onClose={() => setError(null)} />
        </div>
      ) : null}
      {conflict ? (
        <Alert
          className="gk-gap"
          type="warning"
          showIcon
          title={t('form.conflictKeep')}
          action={
            <Button size="small" onClick={loadTheirs}>
              {t('form.loadTheirs')}
            </Button>
          }
        />
      ) : null}
      <Form<FormValues>
        form={form}
        name={FORM_NAME}
        initialValues={initial}
        onFinish={onFinish}
        onFinishFailed={persist}
        onValuesChange={persist}
        scrollToFirstError
        className="gk-paper-form"
      >
        <Paper
          title={t('form.paperTitle')}
          subtitle={document?.indexNo ? `${t('form.indexNo')}${t('common.colon')}${document.indexNo}` : undefined}
        >
          <PaperRow label={t('form.title')} htmlFor={fid('title')} required>
            <Form.Item name="title" rules={[{ required: true, whitespace: true, message: t('form.required.title') }, { max: 300, message: t('form.tooLong', { max: 300 }) }]}>
              <Input placeholder={t('form.placeholder.title')} maxLength={300} aria-required />
            </Form.Item>
          </PaperRow>
          <PaperPair
            left={{
              label: t('form.docType'),
              htmlFor: fid('docType'),
              required: true,
              children: (
                <Form.Item name="docType" rules={[{ required: true, message: t('form.required.docType') }]}>
                  <Select<DocType> placeholder={selectPlaceholder} options={DOC_TYPES.map((v) => ({ value: v, label: tv('docType', v) }))} aria-required />
                </Form.Item>
              ),
            }}
            right={{
              label: t('form.documentNumber'),
              htmlFor: fid('documentNumber'),
              children: (
                <Form.Item name="documentNumber" rules={[{ max: 100, message: t('form.tooLong', { max: 100 }) }]}>
                  <Input placeholder={t('form.placeholder.documentNumber')} maxLength={100} />
                </Form.Item>
              ),
            }}
          />
          {docType === 'interpretation' ? <InterpretationFields current={initial.interprets} /> : null}
          <PaperPair
            left={{ label: t('form.unit'), children: <span className="gk-paper-static">{unitName}</span> }}
            right={{ label: t('form.drafter'), children: <span className="gk-paper-static">{drafterName}</span> }}
          />
          <PaperPair
            left={{
              label: t('form.publicAttribute'),
              labelId: 'label-publicAttribute',
              required: true,
              children: (
                <Form.Item name="publicAttribute" rules={[{ required: true, message: t('form.required.publicAttribute') }]}>
                  <Radio.Group aria-labelledby="label-publicAttribute" role="radiogroup" aria-required>
                    {PUBLIC_ATTRIBUTES.map((v) => (
                      <Radio key={v} value={v}>
                        {tv('attr', v)}
                      </Radio>
                    ))}
                  </Radio.Group>
                </Form.Item>
              ),
            }}
            right={{
              label: t('form.category'),
              htmlFor: fid('category'),
              children: (
                <Form.Item name="category">
                  <Select<Category> allowClear placeholder={selectPlaceholder} options={CATEGORIES.map((v) => ({ value: v, label: tv('category', v) }))} />
                </Form.Item>
              ),
            }}
          />
          <PaperRow label={t('form.nonDisclosureReason')} htmlFor={fid('nonDisclosureReason')} required={attribute === 'not_public'}>
            <Form.Item
              name="nonDisclosureReason"
              rules={[{ required: attribute === 'not_public', message: t('form.required.reason') }]}
              extra={attribute === 'not_public' ? undefined : t('form.reasonOnlyNotPublic')}
            >
              <Select<NonDisclosureReason>
                allowClear
                disabled={attribute !== 'not_public'}
                placeholder={selectPlaceholder}
                options={NON_DISCLOSURE_REASONS.map((v) => ({ value: v, label: tv('reason', v) }))}
              />
            </Form.Item>
          </PaperRow>
          <PaperRow label={t('form.attributeRationale')} htmlFor={fid('attributeRationale')}>
            <Form.Item name="attributeRationale" rules={[{ max: 2000, message: t('form.tooLong', { max: 2000 }) }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('form.placeholder.rationale')} maxLength={2000} />
            </Form.Item>
          </PaperRow>
          <PaperRow label={t('form.summary')} htmlFor={fid('summary')}>
            <Form.Item name="summary" rules={[{ max: 2000, message: t('form.tooLong', { max: 2000 }) }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
            </Form.Item>
          </PaperRow>
          <PaperRow label={t('form.body')} htmlFor={fid('body')} required className="gk-paper-body-row">
            <Form.Item
              name="body"
              rules={[
                { required: true, whitespace: true, message: t('form.required.body') },
                { validator: (_, v: string) => (v && utf8Bytes(v) > BODY_MAX_BYTES ? Promise.reject(new Error(t('form.bodyTooLarge'))) : Promise.resolve()) },
              ]}
            >
              <Input.TextArea autoSize={{ minRows: 12, maxRows: 40 }} className="gk-paper-body-input" aria-required />
            </Form.Item>
          </PaperRow>
        </Paper>
        <FormAssessment
          form={form}
          onUse={(a) => {
            form.setFieldsValue({ publicAttribute: a.suggestedAttribute, nonDisclosureReason: a.suggestedAttribute === 'not_public' ? a.nonDisclosureReason : null });
            persist();
          }}
        />
        <Space className="gk-form-buttons">
          <Button type="primary" htmlType="submit" loading={busy} data-testid="save-document">
            {document ? t('form.saveAndOpen') : t('form.save')}
          </Button>
          <Button
            onClick={() => {
              clearDraft(draftKey);
              navigate(document ? `/documents/${document.id}` : '/documents');
            }}
          >
            {t('common.cancel')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}

/** The drafter checks the attribute while writing (POST /api/v1/assessment; nothing is stored). */
function FormAssessment({ form, onUse }: { form: FormInstance<FormValues>; onUse(a: FormAssessmentResult): void }) {
  const { t } = useI18n();
  const [result, setResult] = useState<FormAssessmentResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const check = async () => {
    const v = form.getFieldsValue(true) as FormValues;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await unwrap(
          api.POST('/api/v1/assessment', {
            body: { title: v.title ?? '', docType: v.docType ?? 'other', body: v.body ?? '', summary: v.summary || undefined, category: v.category ?? undefined },
          }),
        ),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="gk-panel gk-form-assessment" aria-labelledby="form-assessment-title">
      <div className="gk-form-assessment-head">
        <h2 id="form-assessment-title" className="gk-panel-title">
          {t('assessment.title')}
        </h2>
        <Button onClick={() => void check()} loading={busy} data-testid="check-attribute">
          {t('assessment.check')}
        </Button>
      </div>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {result ? <AssessmentSummary assessment={result} onUse={onUse} /> : null}
    </section>
  );
}

/** docType interpretation: the document it interprets (one the drafter may read, not an interpretation) and its form. */
function InterpretationFields({ current }: { current?: string }) {
  const { t, tv } = useI18n();
  const docs = useQuery({
    queryKey: ['documents', 'interpretable'],
    queryFn: () => unwrap(api.GET('/api/v1/documents', { params: { query: { limit: 100 } } })),
  });
  const chosen = useQuery({
    queryKey: ['document', current],
    enabled: !!current,
    retry: false,
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id: current! } } })),
  });
  const options = new Map<string, string>();
  if (chosen.data) options.set(chosen.data.id, chosen.data.title);
  for (const d of docs.data?.items ?? []) if (d.docType !== 'interpretation' && d.state !== 'withdrawn' && d.state !== 'revoked') options.set(d.id, d.title);
  return (
    <PaperPair
      left={{
        label: t('interp.interprets'),
        htmlFor: fid('interprets'),
        required: true,
        children: (
          <Form.Item name="interprets" rules={[{ required: true, message: t('interp.required') }]}>
            <Select<string>
              showSearch
              optionFilterProp="label"
              placeholder={t('interp.pickDocument')}
              loading={docs.isPending}
              options={[...options].map(([value, label]) => ({ value, label }))}
              aria-required
            />
          </Form.Item>
        ),
      }}
      right={{
        label: t('interp.form'),
        htmlFor: fid('interpretationForm'),
        children: (
          <Form.Item name="interpretationForm">
            <Select options={INTERPRETATION_FORMS.map((v) => ({ value: v, label: tv('interp.form', v) }))} />
          </Form.Item>
        ),
      }}
    />
  );
}
