/**
 * The statutory letters of an application (Regulations, Arts. 30–42), as data: what each letter
 * says, built from the facts frozen when it was issued (NoticeFacts, stored with the letter), and
 * its plain-text form. The DOCX and HTML forms (notices/notice-docx.ts, notice-html.ts) lay out
 * the same Letter, so every copy states the same facts.
 *
 * - 受理回执 `receipt` (on acceptance): receipt date (Art. 31), the 20 working days and the due date (Art. 33).
 * - 补正告知书 `correction` (Art. 30): what to correct, in one notice; the period restarts on the corrected application.
 * - 延期答复告知书 `extension` (Art. 33 para. 2): the reason and the new due date.
 * - 第三方意见征询函 `third_party` (Art. 32; Art. 34 for another agency): addressed to the party
 *   consulted, it names neither the applicant nor the tracking code (the applicant's only key).
 * - 收费通知 `fee` (Art. 42; 国办函〔2020〕109号): the amount, how it was computed, the payment date.
 * - 答复书 `reply` (Arts. 36–39): the finding, the decision with its article, the documents provided
 *   (for a partial disclosure: with the withheld parts covered), and the remedies (reconsideration
 *   within 60 days, litigation within 6 months).
 *
 * Pure; no framework imports.
 */
import { chinaDate } from '../../../common/china-time.js';
import { formatDateZh } from './calendar.js';
import { REGULATIONS_TITLE_ZH, outcomeRule, type Outcome, type OutcomeReason } from './outcomes.js';

export const NOTICE_KINDS = ['receipt', 'correction', 'extension', 'third_party', 'fee', 'reply'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_TITLES_ZH: Readonly<Record<NoticeKind, string>> = {
  receipt: '政府信息公开申请受理回执',
  correction: '政府信息公开申请补正告知书',
  extension: '政府信息公开申请延期答复告知书',
  third_party: '政府信息公开第三方意见征询函',
  fee: '政府信息公开信息处理费收费通知',
  reply: '政府信息公开申请答复书',
};

/** The English names, for the UI and file names. */
export const NOTICE_TITLES_EN: Readonly<Record<NoticeKind, string>> = {
  receipt: 'Acknowledgement of receipt',
  correction: 'Notice to correct the application',
  extension: 'Notice of extension',
  third_party: 'Letter consulting a third party',
  fee: 'Fee notice',
  reply: 'Reply',
};

export const FEE_RULES_ZH = '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';
export const REMEDIES_ZH =
  '如对本答复不服，您可以自收到本答复之日起六十日内依法申请行政复议，或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。';
/** Where the seal goes on the printed letter. */
export const SEAL_PLACEHOLDER_ZH = '（盖章）';

export interface FeeFacts {
  method: 'per_application' | 'per_volume';
  pages: number | null;
  amountYuan: number;
  breakdown: { band: string; count: number; unitYuan: number; subtotal: number }[];
  payBy: string;
}

export interface NoticeDocument {
  title: string;
  documentNumber: string | null;
  /** Parts of it were covered (■) because they are withheld. */
  redacted: boolean;
}

/** What a letter states, frozen when it is issued. Instants are ISO strings. */
export interface NoticeFacts {
  kind: NoticeKind;
  /** 〔2026〕第12号; null for a reply letter of an application replied before letters were numbered. */
  number: string | null;
  agencyName: string;
  applicantName: string;
  trackingCode: string;
  receivedAt: string;
  /** The information requested, personal numbers masked. */
  description: string;
  issuedAt: string;
  /** receipt, extension: the due date of the reply; fee: none. */
  dueAt?: string | null;
  /** correction: what to correct; extension: why; reply: the explanation. Masked. */
  comment?: string | null;
  consultee?: 'third_party' | 'other_agency';
  fee?: FeeFacts;
  outcome?: Outcome;
  reason?: OutcomeReason | null;
  documents?: NoticeDocument[];
}

export interface Letter {
  kind: NoticeKind;
  agencyName: string;
  title: string;
  number: string | null;
  /** 查询码：…, or null when the letter goes to someone other than the applicant. */
  reference: string | null;
  addressee: string;
  paragraphs: string[];
  attachments: string[];
  /** The provisions the letter rests on, e.g. 《中华人民共和国政府信息公开条例》第三十条. */
  article: string;
  /** The date of the letter, e.g. 2026年11月20日. */
  date: string;
  seal: string;
}

/** 〔2026〕第12号: the letter's number, per issuing agency and year. */
export function noticeNumber(year: number, serial: number): string {
  if (!Number.isInteger(year) || !Number.isInteger(serial) || serial < 1) throw new RangeError(`noticeNumber: invalid ${year}/${serial}`);
  return `〔${year}〕第${serial}号`;
}

const day = (iso: string) => formatDateZh(chinaDate(new Date(iso)));

function sentence(s: string): string {
  return /[。：！？]$/.test(s) ? s : `${s}。`;
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new RangeError(`noticeLetter: ${what} is required`);
  return value.trim();
}

function requireInstant(value: unknown, what: string): string {
  if (typeof value !== 'string' || !Number.isFinite(new Date(value).getTime())) throw new RangeError(`noticeLetter: ${what} must be an ISO instant`);
  return value;
}

const cite = (...articles: string[]) => `${REGULATIONS_TITLE_ZH}${articles.join('、')}`;

/** The letter a notice's facts make. Throws RangeError for facts that do not make one. */
export function noticeLetter(f: NoticeFacts): Letter {
  const agencyName = requireText(f.agencyName, 'agencyName');
  const applicantName = requireText(f.applicantName, 'applicantName');
  const trackingCode = requireText(f.trackingCode, 'trackingCode');
  const description = requireText(f.description, 'description');
  const received = day(requireInstant(f.receivedAt, 'receivedAt'));
  const issued = requireInstant(f.issuedAt, 'issuedAt');
  const comment = f.comment && f.comment.trim() !== '' ? f.comment.trim() : null;
  const opening = `本机关于${received}收到您提出的政府信息公开申请，您申请获取：“${description}”。`;
  const base = {
    kind: f.kind,
    agencyName,
    title: NOTICE_TITLES_ZH[f.kind],
    number: f.number,
    reference: `查询码：${trackingCode}`,
    addressee: `${applicantName}：`,
    attachments: [] as string[],
    date: day(issued),
    seal: SEAL_PLACEHOLDER_ZH,
  };
  switch (f.kind) {
    case 'receipt': {
      const due = f.dueAt ? `，答复期限至${day(f.dueAt)}` : '';
      return {
        ...base,
        article: cite('第三十一条', '第三十三条'),
        paragraphs: [
          opening,
          `根据${cite('第三十一条')}的规定，本机关收到申请的日期为${received}。根据${cite('第三十三条')}的规定，本机关已受理您的申请，将自收到申请之日起20个工作日内予以答复（收到申请当日不计入）${due}。需要延长答复期限的，本机关将另行书面告知，延长的期限最长不超过20个工作日。`,
          `您可以凭查询码查询办理进度，并下载本机关就该申请出具的告知书和答复书。`,
          '特此回执。',
        ],
      };
    }
    case 'correction':
      if (!comment) throw new RangeError('noticeLetter: a correction notice states what to correct (comment)');
      return {
        ...base,
        article: cite('第三十条'),
        paragraphs: [
          opening,
          `经审查，您的申请内容不明确。根据${cite('第三十条')}的规定，现一次性告知您对申请作出补正，需要补正的事项如下：`,
          sentence(comment),
          '请您在合理期限内向本机关提交补正后的申请。答复期限自本机关收到补正后的申请之日起重新计算。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。',
        ],
      };
    case 'extension': {
      if (!comment) throw new RangeError('noticeLetter: an extension notice states its reason (comment)');
      const due = f.dueAt ? `，延长后的答复期限至${day(f.dueAt)}` : '';
      return {
        ...base,
        article: cite('第三十三条第二款'),
        paragraphs: [
          opening,
          '本机关不能在规定的期限内作出答复，理由如下：',
          sentence(comment),
          `根据${cite('第三十三条第二款')}的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日${due}。`,
          '特此告知。',
        ],
      };
    }
    case 'third_party': {
      const agency = f.consultee === 'other_agency';
      return {
        ...base,
        // Addressed to the party consulted: neither the applicant nor the tracking code.
        reference: null,
        addressee: agency ? '有关机关：' : '相关第三方：',
        article: cite(agency ? '第三十四条' : '第三十二条'),
        paragraphs: agency
          ? [
              `本机关收到一件政府信息公开申请，申请获取：“${description}”。经审查，该政府信息涉及贵机关。根据${cite('第三十四条')}的规定，现书面征求贵机关的意见。`,
              '请贵机关自收到本函之日起15个工作日内提出意见；逾期未提出意见的，视为同意公开。征求意见所需时间不计算在答复期限内。',
              '特此函询。',
            ]
          : [
              `本机关收到一件政府信息公开申请，申请获取：“${description}”。经审查，公开该政府信息可能损害第三方的合法权益。根据${cite('第三十二条')}的规定，现书面征求您的意见。`,
              '请您自收到本函之日起15个工作日内提出意见；逾期未提出意见的，由本机关依照条例的规定决定是否公开。第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。征求意见所需时间不计算在答复期限内。',
              '特此函询。',
            ],
      };
    }
    case 'fee': {
      const fee = f.fee;
      if (!fee) throw new RangeError('noticeLetter: a fee notice needs the fee');
      const how = fee.method === 'per_volume' ? `按量计收（共${fee.pages}页）` : '按件计收（您本月申请的件数超过10件）';
      const bands = fee.breakdown.map((b) => `${b.band}${fee.method === 'per_volume' ? '页' : '件'}：${b.count}×${b.unitYuan}元＝${b.subtotal}元`).join('；');
      return {
        ...base,
        article: `${cite('第四十二条')}、${FEE_RULES_ZH}`,
        paragraphs: [
          opening,
          `您申请获取政府信息的数量、频次明显超过合理范围。根据${cite('第四十二条')}和${FEE_RULES_ZH}的规定，本机关${how}信息处理费，金额为人民币${fee.amountYuan}元${bands ? `（${bands}）` : ''}。`,
          `请您于${day(fee.payBy)}前缴纳。自本机关发出收费通知之日起至您缴纳费用之日止的期间，不计算在答复期限内。您逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
          '特此通知。',
        ],
      };
    }
    case 'reply':
      return replyLetterOf(f, base, opening, comment);
  }
}

function replyLetterOf(f: NoticeFacts, base: Omit<Letter, 'article' | 'paragraphs'>, opening: string, comment: string | null): Letter {
  const rule = f.outcome ? outcomeRule(f.outcome, f.reason ?? null) : undefined;
  if (!rule) throw new RangeError(`noticeLetter: invalid outcome/reason pair ${f.outcome ?? '(none)'}/${f.reason ?? '(none)'}`);
  if (rule.commentRequired && !comment) throw new RangeError(`noticeLetter: a comment is required for ${rule.outcome}/${rule.reason ?? '(none)'}`);
  const paragraphs = [opening];
  let body = '';
  if (rule.findingZh) body += sentence(rule.findingZh.startsWith('经') ? rule.findingZh : `经审查，${rule.findingZh}`);
  if (rule.article) {
    const decision = rule.decisionZh.endsWith('如下') ? `${rule.decisionZh}：` : sentence(rule.decisionZh);
    body += `根据${cite(rule.article, ...rule.alsoCites)}的规定，${decision}`;
  } else {
    // other/other rests on no single item of Art. 36: the reply is given under Art. 36 itself, its reasons in the comment.
    body += `根据${cite('第三十六条')}的规定，本机关答复如下：`;
  }
  if (comment && body.endsWith('：')) {
    paragraphs.push(`${body}\n${sentence(comment)}`);
  } else {
    if (body) paragraphs.push(body);
    if (comment) paragraphs.push(sentence(comment));
  }
  const documents = f.documents ?? [];
  if (documents.length > 0) {
    paragraphs.push(
      documents.some((d) => d.redacted)
        ? '本机关提供的政府信息见附件，其中不予公开的内容已作遮盖处理（以■标示）。'
        : '本机关提供的政府信息见附件。',
    );
  }
  paragraphs.push(REMEDIES_ZH, '特此答复。');
  return {
    ...base,
    article: rule.article ? cite(rule.article, ...rule.alsoCites) : cite('第三十六条'),
    paragraphs,
    attachments: documents.map((d, i) => `${i + 1}. 《${d.title}》${d.documentNumber ? `（${d.documentNumber}）` : ''}${d.redacted ? '（部分公开，已遮盖不予公开的内容）' : ''}`),
    date: base.date,
  };
}

/** The letter as plain text: heading, number, addressee, paragraphs (indented), attachments, signature and date. */
export function letterText(l: Letter): string {
  const lines = [l.agencyName, l.title];
  if (l.number) lines.push(l.number);
  if (l.reference) lines.push(l.reference);
  lines.push('', l.addressee, '', ...l.paragraphs.map((p) => `　　${p.replace(/\n/g, '\n　　')}`));
  if (l.attachments.length) lines.push('', '附件：', ...l.attachments.map((a) => `　　${a}`));
  lines.push('', l.agencyName, l.date, '');
  return lines.join('\n');
}
