/**
 * A unit's disclosure guide (政府信息公开指南, Art. 12), made from its profile and the standard
 * sections every guide carries: its organisation, the scope of proactive disclosure by the
 * categories of Art. 20, the channels (Art. 23, 24, 26), how to apply and what happens then
 * (Arts. 27–33), fees (Art. 42 and 国办函〔2020〕109号), remedies (Art. 51) and contacts.
 * Pure: the profile, the unit and the channels in use are passed in; Chinese or English.
 */
import type { UnitLeader, UnitProfileFields } from './unit-profile.dto.js';

export type GuideLang = 'zh' | 'en';

export interface GuideSectionText {
  key: 'organisation' | 'scope' | 'proactive_channels' | 'application_procedure' | 'fees' | 'remedies' | 'contacts';
  title: string;
  text: string;
}

/** A guide is due for review a year after its last update. */
export const GUIDE_STALE_DAYS = 365;

export function staleAt(updatedAt: Date): Date {
  return new Date(updatedAt.getTime() + GUIDE_STALE_DAYS * 86_400_000);
}

export function isStale(updatedAt: Date, now = new Date()): boolean {
  return now.getTime() > staleAt(updatedAt).getTime();
}

/** Art. 20's fifteen categories, in the Regulations' order (the catalogue's category codes). */
const ART20: Record<GuideLang, string[]> = {
  zh: [
    '行政法规、规章和行政规范性文件',
    '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名',
    '国民经济和社会发展规划、专项规划、区域规划及相关政策',
    '国民经济和社会发展统计信息',
    '办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果',
    '实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定',
    '财政预算、决算信息',
    '行政事业性收费项目及其依据、标准',
    '政府集中采购项目的目录、标准、实施情况',
    '重大建设项目的批准和实施情况',
    '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况',
    '突发公共事件的应急预案、预警信息及应对情况',
    '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况',
    '公务员招考的职位、名额、报考条件等事项以及录用结果',
    '法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息',
  ],
  en: [
    'administrative regulations, rules and administrative normative documents',
    'functions, structure, office address, office hours, contacts and the names of those in charge',
    'plans for economic and social development, special and regional plans and their policies',
    'statistics on economic and social development',
    'the basis, conditions, procedure and results of administrative licensing and other services',
    'the basis, conditions and procedure of administrative penalties and coercion, and penalty decisions of some public impact',
    'budgets and final accounts',
    'administrative fees, their basis and rates',
    'the catalogue, standards and implementation of centralised government procurement',
    'the approval and implementation of major construction projects',
    'policies, measures and their implementation in poverty relief, education, health, social security and employment',
    'emergency plans, warnings and the response to public emergencies',
    'inspections of environmental protection, public health, work safety, food and drugs and product quality',
    'civil service recruitment: positions, numbers, requirements and results',
    'other government information that laws, regulations and rules require to be disclosed proactively',
  ],
};

const ZH_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** What a channel code means, for the guide; an unknown code is shown as it is. */
const CHANNEL_NAMES: Record<GuideLang, Record<string, string>> = {
  zh: { portal: '政府门户网站', wechat: '政务微信公众号', weibo: '政务微博', gazette: '政府公报', app: '政务客户端', newspaper: '报刊', tv: '广播电视' },
  en: { portal: 'the government portal', wechat: 'the government WeChat account', weibo: 'the government Weibo account', gazette: 'the government gazette', app: 'the government app', newspaper: 'newspapers', tv: 'radio and television' },
};

export interface GuideInput {
  unit: { code: string; name: string };
  profile: UnitProfileFields;
  /** The channel codes of the active webhook receivers (portal, wechat, weibo, …). */
  channels: string[];
  /** The service's public address, for the links (e.g. https://gongkai.example.gov.cn). */
  baseUrl: string;
  lang: GuideLang;
}

const leaderLine = (l: UnitLeader, lang: GuideLang) => (lang === 'zh' ? `${l.name}（${l.title}）：${l.duties}` : `${l.name} (${l.title}): ${l.duties}`);

export function guideSections(g: GuideInput): GuideSectionText[] {
  return g.lang === 'zh' ? zhSections(g) : enSections(g);
}

function zhSections({ unit, profile: p, channels, baseUrl }: GuideInput): GuideSectionText[] {
  const catalogue = `${baseUrl}/catalogue?unit=${encodeURIComponent(unit.code)}`;
  const named = channels.map((c) => CHANNEL_NAMES.zh[c] ?? c);
  const contacts = [
    `办公地址：${p.address}`,
    `邮政编码：${p.postcode}`,
    `办公时间：${p.officeHours}`,
    `联系电话：${p.phone}`,
    ...(p.fax ? [`传真：${p.fax}`] : []),
    ...(p.email ? [`电子邮箱：${p.email}`] : []),
    ...(p.website ? [`网址：${p.website}`] : []),
  ];
  return [
    {
      key: 'organisation',
      title: '机构职能和负责人',
      text: [`${unit.name}的主要职责：\n${p.functions}`, p.leaders.length ? `领导分工：\n${p.leaders.map((l) => leaderLine(l, 'zh')).join('\n')}` : ''].filter(Boolean).join('\n\n'),
    },
    {
      key: 'scope',
      title: '主动公开的范围',
      text: [
        `依据《中华人民共和国政府信息公开条例》第十九条、第二十条，${unit.name}主动公开涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息，包括：`,
        ART20.zh.map((c, i) => `（${ZH_NUMERALS[i]}）${c}；`).join('\n'),
        `主动公开的政府信息按上述十五个类别编入政府信息公开目录，每条信息有索引号（${unit.code}-年份-六位序号）、标题、摘要、文号和发布日期；重要政策文件同步发布政策解读。`,
      ].join('\n\n'),
    },
    {
      key: 'proactive_channels',
      title: '主动公开的方式和时限',
      text: [
        `本单位主动公开的政府信息发布在政府信息公开目录：${catalogue}，可检索、查阅和下载，并提供订阅（Atom、RSS、JSON Feed）。`,
        named.length ? `同时通过${named.join('、')}发布（《条例》第二十三条）。` : '同时通过政府公报、政府网站、新闻发布会以及报刊、广播、电视等途径予以公开（《条例》第二十三条）。',
        '属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开（《条例》第二十六条）。',
      ].join('\n'),
    },
    {
      key: 'application_procedure',
      title: '依申请公开',
      text: [
        p.acceptsApplications
          ? `${unit.name}受理向本单位提出的政府信息公开申请。可通过在线申请（${baseUrl}/apply）、信函或当面提交（地址见“联系方式”），当面提交请在办公时间内办理。`
          : `${unit.name}不单独受理政府信息公开申请，申请请通过在线申请（${baseUrl}/apply）向区政府信息公开工作机构提出，由其办理或转办。`,
        '申请应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；获取信息的方式和途径（《条例》第二十九条）。',
        '收到申请的时间：当面提交的，以提交之日为收到申请之日；以邮寄方式提交的，以签收之日为收到申请之日；通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日（《条例》第三十一条）。',
        '申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正，答复期限自收到补正的申请之日起计算（第三十条）；能够当场答复的当场答复，不能当场答复的自收到申请之日起20个工作日内答复，需要延长的经负责人同意并告知申请人，延长不超过20个工作日（第三十三条）；需要征求第三方或者其他机关意见的，所需时间不计算在期限内（第三十二条、第三十四条）。可凭申请回执中的查询码随时查询办理进度。',
      ].join('\n\n'),
    },
    {
      key: 'fees',
      title: '收费',
      text: [
        '提供政府信息不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，可以收取信息处理费（《条例》第四十二条，《政府信息公开信息处理费管理办法》国办函〔2020〕109号）。',
        '按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的不收费；11—30件的部分每件100元；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元。',
        '按量计收：同一政府信息公开申请中，30页以下（含30页）的不收费；31—100页的部分每页10元；101—200页的部分每页20元；200页以上的部分每页40元。',
        '按件计收和按量计收不同时适用。',
      ].join('\n'),
    },
    {
      key: 'remedies',
      title: '监督和救济',
      text: [
        `公民、法人或者其他组织认为${unit.name}在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报（《条例》第五十一条）。`,
        '也可以依法申请行政复议（自知道该行政行为之日起60日内）或者提起行政诉讼（自知道或者应当知道作出行政行为之日起6个月内）。',
      ].join('\n'),
    },
    { key: 'contacts', title: '联系方式', text: [`${unit.name}政府信息公开工作机构`, ...contacts].join('\n') },
  ];
}

function enSections({ unit, profile: p, channels, baseUrl }: GuideInput): GuideSectionText[] {
  const catalogue = `${baseUrl}/catalogue?unit=${encodeURIComponent(unit.code)}`;
  const named = channels.map((c) => CHANNEL_NAMES.en[c] ?? c);
  const contacts = [
    `Address: ${p.address}`,
    `Postcode: ${p.postcode}`,
    `Office hours: ${p.officeHours}`,
    `Telephone: ${p.phone}`,
    ...(p.fax ? [`Fax: ${p.fax}`] : []),
    ...(p.email ? [`E-mail: ${p.email}`] : []),
    ...(p.website ? [`Website: ${p.website}`] : []),
  ];
  return [
    {
      key: 'organisation',
      title: 'Functions and leaders',
      text: [`The functions of ${unit.name}:\n${p.functions}`, p.leaders.length ? `Leaders and their duties:\n${p.leaders.map((l) => leaderLine(l, 'en')).join('\n')}` : ''].filter(Boolean).join('\n\n'),
    },
    {
      key: 'scope',
      title: 'Scope of proactive disclosure',
      text: [
        `Under Articles 19 and 20 of the Regulations on the Openness of Government Information, ${unit.name} discloses proactively the information that adjusts public interests, needs to be widely known or needs public participation, including:`,
        ART20.en.map((c, i) => `(${i + 1}) ${c};`).join('\n'),
        `It is arranged in the disclosure catalogue by these fifteen categories; each entry has an index number (${unit.code}-year-serial), a title, a summary, a document number and its date; important policy documents are published with their interpretations.`,
      ].join('\n\n'),
    },
    {
      key: 'proactive_channels',
      title: 'Channels and time limits of proactive disclosure',
      text: [
        `The information is published in the disclosure catalogue: ${catalogue}, to search, read and download, with feeds (Atom, RSS, JSON Feed).`,
        named.length ? `It also goes out through ${named.join(', ')} (Art. 23).` : 'It also goes out through the gazette, the government website, press conferences, newspapers, radio and television (Art. 23).',
        'Information within the scope is disclosed within 20 working days of being formed or changed (Art. 26).',
      ].join('\n'),
    },
    {
      key: 'application_procedure',
      title: 'Disclosure on application',
      text: [
        p.acceptsApplications
          ? `${unit.name} receives applications for the disclosure of its information: online (${baseUrl}/apply), by letter, or in person at the address below during office hours.`
          : `${unit.name} does not receive applications itself: apply online (${baseUrl}/apply) to the district government's disclosure office, which handles or refers them.`,
        'An application gives the applicant’s name, proof of identity and contact details; a description of the information (its title, document number or other features); and how it is to be provided (Art. 29).',
        'The date of receipt: the day handed in, in person; the day signed for, by post; the day both sides confirm it, online or by fax (Art. 31).',
        'An unclear application is returned for correction once, within 7 working days, and the time limit counts from the corrected application (Art. 30). The reply is given on the spot where possible, otherwise within 20 working days; an extension of at most 20 working days needs the approval of the office’s head and a notice to the applicant (Art. 33). Time taken to consult third parties or other agencies is not counted (Arts. 32, 34). The tracking code on the receipt shows the progress at any time.',
      ].join('\n\n'),
    },
    {
      key: 'fees',
      title: 'Fees',
      text: [
        'Information is provided free of charge. Where the number or frequency of an applicant’s requests clearly exceeds a reasonable range, an information processing fee may be charged (Art. 42; 国办函〔2020〕109号).',
        'Per application: up to 10 applications by one applicant in a calendar month are free; the 11th to 30th cost ¥100 each; from the 31st, each further band of 10 costs ¥100 more per application.',
        'Per volume: up to 30 pages of one application are free; pages 31–100 cost ¥10 each, 101–200 ¥20 each, over 200 ¥40 each.',
        'The two methods are never applied together.',
      ].join('\n'),
    },
    {
      key: 'remedies',
      title: 'Supervision and remedies',
      text: [
        `Anyone who considers that ${unit.name} infringed their lawful rights in its disclosure work may complain or report to the agency one level up or to the department in charge of disclosure (Art. 51).`,
        'They may also apply for administrative reconsideration within 60 days of learning of the act, or bring administrative litigation within 6 months.',
      ].join('\n'),
    },
    { key: 'contacts', title: 'Contacts', text: [`The disclosure office of ${unit.name}`, ...contacts].join('\n') },
  ];
}
