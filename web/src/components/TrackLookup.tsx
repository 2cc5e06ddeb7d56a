/**
 * What the public tracking pages share (an application's /track, a complaint's /complain/track):
 * the code kept in `?code=`, the lookup form, and the loading, not-found and error states.
 * An unknown and a malformed code get the same "not found"; `children` draws the answer.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input } from 'antd';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isStatus } from '../api/errors';
import { ErrorAlert, Loading, PageTitle } from './common';

export interface TrackLookupProps<T> {
  title: string;
  label: string;
  submit: string;
  notFound: string;
  /** The form's input id (the label points at it). */
  inputId: string;
  /** The react-query key's first part. */
  queryKey: string;
  lookup(code: string): Promise<T>;
  children(answer: T): ReactNode;
}

export function TrackLookup<T>({ title, label, submit, notFound, inputId, queryKey, lookup, children }: TrackLookupProps<T>) {
  const [params, setParams] = useSearchParams();
  const code = (params.get('code') ?? '').trim();
  const [text, setText] = useState(code);
  const q = useQuery({ queryKey: [queryKey, code], enabled: code.length > 0, retry: false, queryFn: () => lookup(code) });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const v = text.trim().toUpperCase();
    setText(v);
    setParams(v ? { code: v } : {}, { replace: true });
  };
  return (
    <div className="gk-narrow">
      <PageTitle>{title}</PageTitle>
      <form className="gk-panel gk-track-form" onSubmit={onSubmit} role="search">
        <label htmlFor={inputId} className="gk-field-label">
          {label}
        </label>
        <div className="gk-track-row">
          <Input id={inputId} name="code" value={text} onChange={(e) => setText(e.target.value)} maxLength={100} autoComplete="off" spellCheck={false} />
          <Button type="primary" htmlType="submit">
            {submit}
          </Button>
        </div>
      </form>
      {!code ? null : q.isPending ? (
        <Loading />
      ) : q.isError ? (
        isStatus(q.error, 404) || isStatus(q.error, 400) ? (
          <Alert type="error" showIcon role="alert" title={notFound} />
        ) : (
          <ErrorAlert error={q.error} />
        )
      ) : (
        children(q.data)
      )}
    </div>
  );
}
