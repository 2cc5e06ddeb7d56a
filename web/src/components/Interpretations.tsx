/**
 * Policy interpretations (政策解读) on the signing-and-approval form: an interpretation names the
 * document it interprets (and waits for it when signed off first); a document lists the
 * interpretations its reader may see and offers "add an interpretation" to a drafter (三同步:
 * prepared, signed off and published together).
 */
import '../pages/units/units.css';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap, type DocumentResponse } from '../api/client';
import { useAbility } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { StateTag } from './common';

export function InterpretationsPanel({ doc }: { doc: DocumentResponse }) {
  const { t, tv } = useI18n();
  const ability = useAbility();
  const navigate = useNavigate();
  const isInterpretation = doc.docType === 'interpretation' && !!doc.interprets;
  const main = useQuery({
    queryKey: ['document', doc.interprets],
    enabled: isInterpretation,
    retry: false,
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id: doc.interprets! } } })),
  });
  const list = useQuery({
    queryKey: ['documents', 'interpretations', doc.id],
    enabled: !isInterpretation,
    queryFn: () => unwrap(api.GET('/api/v1/documents', { params: { query: { interprets: doc.id, limit: 100 } } })),
  });
  const canAdd = !isInterpretation && ability.can('create', 'Document') && doc.state !== 'withdrawn' && doc.state !== 'revoked';
  return (
    <section className="gk-panel gk-interpretations" aria-labelledby="interpretations-title" data-testid="interpretations">
      <h2 id="interpretations-title" className="gk-panel-title">
        {isInterpretation ? t('interp.of') : t('interp.panel')}
      </h2>
      {isInterpretation ? (
        <>
          <p data-testid="interprets">
            {main.data ? <Link to={`/documents/${main.data.id}`}>{main.data.title}</Link> : <span className="gk-muted">{doc.interprets}</span>}
            {main.data ? (
              <>
                {' '}
                <StateTag state={main.data.state} />
              </>
            ) : null}
          </p>
          <p>
            {t('interp.form')}
            {t('common.colon')}
            {doc.interpretationForm ? tv('interp.form', doc.interpretationForm) : ''}
          </p>
          {doc.state === 'awaiting_main' ? <Alert type="info" showIcon title={t('interp.awaiting')} /> : null}
        </>
      ) : (
        <>
          {list.data && list.data.items.length > 0 ? (
            <ul className="gk-interpretation-list">
              {list.data.items.map((i) => (
                <li key={i.id}>
                  <Link to={`/documents/${i.id}`}>{i.title}</Link> <StateTag state={i.state} />
                </li>
              ))}
            </ul>
          ) : list.isSuccess ? (
            <p className="gk-muted">{t('interp.none')}</p>
          ) : null}
          {canAdd ? (
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => navigate(`/documents/new?interprets=${encodeURIComponent(doc.id)}`)} data-testid="add-interpretation">
              {t('interp.add')}
            </Button>
          ) : null}
        </>
      )}
    </section>
  );
}
