/**
 * The exchange package for the upper-level platform (docs/exchange.schema.json, described in
 * docs/exchange.md): what a subscriber of format `exchange` receives instead of the Standard
 * Webhooks event, signed and retried the same way. Only public catalogue data goes in: an entry
 * is read from the catalogue (never from a form), and a report from its publication.
 * Pure: no framework imports, no database.
 */
import { formatChinaIso } from '../../common/china-time.js';

export const SUBSCRIBER_FORMATS = ['standard', 'exchange'] as const;
export type SubscriberFormat = (typeof SUBSCRIBER_FORMATS)[number];

/** The agency's code at the receiving platform (a unified social credit code, an organisation code, …). */
export const SENDER_CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;

/** The version of docs/exchange.schema.json the packages follow (its `schemaVersion` const). */
export const EXCHANGE_SCHEMA_VERSION = '1.0';

export type ExchangeEvent = 'publication' | 'revocation' | 'annual_report';

/** The delivery log's event type of each package. */
export const exchangeEventType = (event: ExchangeEvent) => `exchange.${event}`;

export interface ExchangeSender {
  code: string;
  name: string;
}

/** A catalogue entry as the exchange repository reads it (public catalogue data only). */
export interface ExchangeEntryRow {
  indexNo: string;
  title: string;
  summary: string | null;
  docType: string;
  category: string | null;
  documentNumber: string | null;
  unitCode: string;
  unitName: string;
  /** 成文日期, a China calendar date: the leader's first sign-off, or the imported one; null when unknown. */
  writtenOn: string | null;
  publishedAt: Date | string;
  revokedAt: Date | string | null;
  interpretsIndexNo: string | null;
  interpretsTitle: string | null;
}

/** The published annual report, as the reports module hands it over for submission. */
export interface ExchangeReportInput {
  year: number;
  template: string;
  /** The report's scope: one unit, or null for the government's own report. */
  unit: { code: string; name: string } | null;
  /** The report's catalogue entry. */
  indexNo: string;
  title: string;
  issuingUnit: { code: string; name: string };
  publishedAt: Date | string;
  /** SHA-256 (hex) of the entry's `body` as the public entry serves it. */
  bodySha256: string;
  /** The tables as published (reports/exchange-tables.ts). */
  tables: object;
}

/** Where the public can read an entry: the web page and the JSON entry of the public catalogue. */
export function entryUrls(baseUrl: string, indexNo: string): { url: string; apiUrl: string } {
  const id = encodeURIComponent(indexNo);
  return { url: `${baseUrl}/catalogue/${id}`, apiUrl: `${baseUrl}/api/v1/catalogue/${id}` };
}

const time = (t: Date | string) => formatChinaIso(new Date(t));
/** An optional text left empty on the form is absent, as the schema says (null, never ""). */
const text = (s: string | null) => (s !== null && s.trim() !== '' ? s : null);

/** The `entry` of a publication or revocation package. */
export function exchangeEntry(row: ExchangeEntryRow, baseUrl: string) {
  return {
    indexNo: row.indexNo,
    title: row.title,
    summary: text(row.summary),
    issuingUnit: { code: row.unitCode, name: row.unitName },
    documentNumber: text(row.documentNumber),
    docType: row.docType,
    category: row.category,
    writtenOn: row.writtenOn,
    publishedAt: time(row.publishedAt),
    revokedAt: row.revokedAt === null ? null : time(row.revokedAt),
    ...entryUrls(baseUrl, row.indexNo),
    interprets: row.interpretsIndexNo ? { indexNo: row.interpretsIndexNo, title: row.interpretsTitle ?? '', ...entryUrls(baseUrl, row.interpretsIndexNo) } : null,
  };
}

/** The `report` of an annual_report package. */
export function exchangeReport(r: ExchangeReportInput, baseUrl: string) {
  return {
    year: r.year,
    template: r.template,
    unit: r.unit ? { code: r.unit.code, name: r.unit.name } : null,
    indexNo: r.indexNo,
    title: r.title,
    issuingUnit: { code: r.issuingUnit.code, name: r.issuingUnit.name },
    publishedAt: time(r.publishedAt),
    ...entryUrls(baseUrl, r.indexNo),
    bodySha256: r.bodySha256,
    tables: r.tables,
  };
}

/**
 * One package. `packageId` is also the delivery's id and its `webhook-id` header: the same
 * across retries, so a receiver drops duplicates by it. `createdAt` is when the package was made
 * (the change's time for a catalogue change); each attempt's time is the `webhook-timestamp` header.
 */
export function exchangePackage(p: {
  packageId: string;
  event: ExchangeEvent;
  createdAt: Date | string;
  sender: ExchangeSender;
  entry?: ReturnType<typeof exchangeEntry>;
  report?: ReturnType<typeof exchangeReport>;
}) {
  return {
    schemaVersion: EXCHANGE_SCHEMA_VERSION,
    packageId: p.packageId,
    event: p.event,
    createdAt: time(p.createdAt),
    sender: { code: p.sender.code, name: p.sender.name },
    ...(p.event === 'annual_report' ? { report: p.report! } : { entry: p.entry! }),
  };
}
