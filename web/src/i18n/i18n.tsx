/**
 * A small dictionary-based i18n: Chinese by default, English on `?lang=en` or from the language
 * menu; the choice is remembered in localStorage.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, zh, type MessageKey } from './messages';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'gk.lang';
const DICTS: Record<Lang, Record<MessageKey, string>> = { zh, en };

function isLang(v: unknown): v is Lang {
  return v === 'zh' || v === 'en';
}

/** `?lang=` wins (and is remembered), then the remembered choice, then Chinese. */
export function initialLang(): Lang {
  const url = new URL(window.location.href);
  const fromQuery = url.searchParams.get('lang');
  if (isLang(fromQuery)) {
    try {
      localStorage.setItem(STORAGE_KEY, fromQuery);
    } catch {
      /* storage may be disabled */
    }
    return fromQuery;
  }
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    /* ignore */
  }
  return 'zh';
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** Translates `${prefix}.${value}` when the key exists, else shows the raw value. */
  tv(prefix: string, value: string | null | undefined): string;
  formatDate(iso: string | null | undefined, withTime?: boolean): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* ignore */
    }
    // A lang parameter left in the address would override the choice on the next reload.
    const url = new URL(window.location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.delete('lang');
      window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const value = useMemo<I18n>(() => {
    const dict = DICTS[lang];
    const t: Translate = (key, vars) => {
      let s = dict[key] ?? zh[key] ?? key;
      if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
      return s;
    };
    const tv = (prefix: string, v: string | null | undefined) => {
      if (v === null || v === undefined || v === '') return '';
      const key = `${prefix}.${v}` as MessageKey;
      return key in dict ? dict[key] : v;
    };
    const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
    const formatDate = (iso: string | null | undefined, withTime = true) => {
      if (!iso) return '';
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      return d.toLocaleString(locale, {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
      });
    };
    return { lang, setLang, t, tv, formatDate };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
