import type { Translate } from '../i18n/i18n';
import { zh, type MessageKey } from '../i18n/messages';
import { ApiError } from './client';

export interface Described {
  message: string;
  detail: string | null;
}

/** The user's-language message for a failed call, with the server's own message as the detail. */
export function describeError(err: unknown, t: Translate): Described {
  if (err instanceof ApiError) {
    const detail = err.status === 0 ? null : err.message && !/^HTTP \d+$/.test(err.message) ? t('error.serverSaid', { message: err.message }) : null;
    let key: MessageKey;
    if (err.status === 0) key = 'error.network';
    else if (err.status === 409 && err.code === 'duplicate') key = 'error.409.duplicate';
    else if (err.status === 409 && Array.isArray(err.body?.details?.findings)) {
      const kinds = [...new Set((err.body.details.findings as { kind?: string }[]).map((f) => String(f.kind)))];
      const list = kinds.map((k) => (`assessment.kind.${k}` as MessageKey) in zh ? t(`assessment.kind.${k}` as MessageKey) : k).join('、');
      return { message: t('error.409.findings', { list }), detail };
    }
    else if ([400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429].includes(err.status)) key = `error.${err.status}` as MessageKey;
    else if (err.status >= 400 && err.status < 500) key = 'error.4xx';
    else key = 'error.500';
    return { message: t(key), detail };
  }
  return { message: t('error.500'), detail: err instanceof Error ? err.message : null };
}

export const isStatus = (err: unknown, status: number) => err instanceof ApiError && err.status === status;
