/**
 * Deterministic generator of government text: unit names, catalogue titles, summaries and bodies
 * built from word lists of administrative vocabulary, with some English. Everything comes from one
 * seeded PRNG, so the same seed gives the same dataset byte for byte.
 *
 * Words are drawn with Zipf-like weights (the first words of a list are much more frequent than
 * the last), which gives search terms of very different frequencies, as in a real catalogue.
 * Nothing generated here is a personal number, a phone number, an e-mail address or a secrecy or
 * internal marking: the assessment gate would refuse to publish such a text.
 */

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Picks with weight 1/(rank+offset)^s: a few words are everywhere, most are rare. */
export class Zipf<T> {
  private readonly cdf: Float64Array;
  constructor(
    readonly items: readonly T[],
    s = 1,
    offset = 1,
  ) {
    this.cdf = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      sum += 1 / Math.pow(i + offset, s);
      this.cdf[i] = sum;
    }
    for (let i = 0; i < items.length; i++) this.cdf[i] /= sum;
  }
  pick(r: Rng): T {
    const u = r();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo];
  }
  /** Index of a picked item (same distribution as pick). */
  index(r: Rng): number {
    return this.items.indexOf(this.pick(r));
  }
}

// ---------------------------------------------------------------------------------------------
// Word lists

export const PROVINCES = [
  ['北京市', 'BJ'], ['天津市', 'TJ'], ['河北省', 'HE'], ['山西省', 'SX'], ['内蒙古自治区', 'NM'], ['辽宁省', 'LN'],
  ['吉林省', 'JL'], ['黑龙江省', 'HL'], ['上海市', 'SH'], ['江苏省', 'JS'], ['浙江省', 'ZJ'], ['安徽省', 'AH'],
  ['福建省', 'FJ'], ['江西省', 'JX'], ['山东省', 'SD'], ['河南省', 'HA'], ['湖北省', 'HB'], ['湖南省', 'HN'],
  ['广东省', 'GD'], ['广西壮族自治区', 'GX'], ['海南省', 'HI'], ['重庆市', 'CQ'], ['四川省', 'SC'], ['贵州省', 'GZ'],
  ['云南省', 'YN'], ['西藏自治区', 'XZ'], ['陕西省', 'SN'], ['甘肃省', 'GS'], ['青海省', 'QH'], ['宁夏回族自治区', 'NX'],
  ['新疆维吾尔自治区', 'XJ'],
] as const;

const PLACE_FIRST = ['东', '西', '南', '北', '中', '新', '长', '安', '永', '平', '和', '兴', '华', '宁', '广', '丰', '清', '江', '山', '河', '临', '明', '金', '云', '阳'];
const PLACE_SECOND = ['城', '湖', '山', '川', '宁', '安', '平', '阳', '江', '州', '海', '溪', '源', '丰', '台', '林', '泉', '桥', '沙', '原'];
const PLACE_SUFFIX = ['区', '县', '市', '区', '区'];

/** Departments of a local government, with the abbreviation used in index numbers. */
export const DEPARTMENTS = [
  ['人民政府办公室', 'ZFB'], ['发展和改革委员会', 'FGW'], ['教育局', 'JYJ'], ['科学技术局', 'KJJ'], ['工业和信息化局', 'GXJ'],
  ['公安局', 'GAJ'], ['民政局', 'MZJ'], ['司法局', 'SFJ'], ['财政局', 'CZJ'], ['人力资源和社会保障局', 'RSJ'],
  ['自然资源局', 'ZRJ'], ['生态环境局', 'STJ'], ['住房和城乡建设局', 'ZJJ'], ['交通运输局', 'JTJ'], ['水务局', 'SWJ'],
  ['农业农村局', 'NYJ'], ['商务局', 'SWU'], ['文化和旅游局', 'WLJ'], ['卫生健康委员会', 'WJW'], ['退役军人事务局', 'TJJ'],
  ['应急管理局', 'YJJ'], ['审计局', 'SJJ'], ['市场监督管理局', 'SCJ'], ['统计局', 'TJU'], ['医疗保障局', 'YBJ'],
  ['城市管理局', 'CGJ'], ['体育局', 'TYJ'], ['信访局', 'XFJ'], ['政务服务管理局', 'ZWJ'], ['林业局', 'LYJ'],
] as const;

/** Topics, most frequent first. Some words of the search mix are planted at known frequencies. */
export const TOPICS = [
  '政府信息公开', '安全生产', '优化营商环境', '乡村振兴', '生态环境保护', '城市更新', '义务教育', '医疗保障', '养老服务',
  '就业创业', '数字政府', '财政预算', '政务服务', '食品安全', '市场监管', '住房保障', '交通运输', '防汛抗旱', '行政许可',
  '行政处罚', '政府采购', '重大项目', '基础设施建设', '老旧小区改造', '社会救助', '耕地保护', '水资源管理', '大气污染防治',
  '垃圾分类', '消防安全', '燃气安全', '价格监测', '统计调查', '审计整改', '一网通办', '知识产权保护', '文化旅游',
  '全民健身', '退役军人服务', '残疾人保障', '森林防火', '公共数据开放', '招商引资', '专项债券', '住房公积金', '高标准农田',
  '河湖长制', '新能源汽车', '示范区建设', '双随机一公开', '校外培训治理', '电动自行车管理', '冬季供暖', '地质灾害防治',
] as const;

const DOC_KINDS = ['管理办法', '实施细则', '工作方案', '实施意见', '暂行规定', '行动计划', '考核办法', '专项规划', '操作规程', '指导意见'] as const;
const NOTICE_VERBS = ['做好', '加强', '进一步规范', '深入推进', '开展', '组织实施', '切实做好', '全面推进'] as const;
const RESULT_NOUNS = ['名单', '结果', '情况', '评审结果', '考核结果', '检查结果', '公示名单'] as const;
const MEETINGS = ['区政府常务会议', '主任办公会议', '专题会议', '联席会议', '党组会议'] as const;

const OPENINGS = [
  '各街道办事处，区政府各委、办、局，各有关单位：',
  '各乡镇人民政府，县直各部门：',
  '各有关单位：',
  '区属各部门、各街道：',
] as const;

/**
 * Sentence templates; {t} the document's topic (now and then another one), {u} a department,
 * {y} a year, {n}/{m} numbers, {p} a percentage. Topic-specific sentences are used only in
 * documents on that topic, so a word's document frequency follows its topic's frequency.
 */
const SENTENCES = [
  '为深入贯彻落实{t}工作部署，根据有关法律法规和上级文件精神，结合本地实际，制定本方案。',
  '各单位要高度重视{t}工作，切实加强组织领导，明确责任分工，确保各项任务落到实处。',
  '{y}年，全区共完成{t}相关项目{n}个，累计投入资金{m}万元，同比增长{p}%。',
  '{u}牵头负责{t}工作的统筹协调，各相关部门按照职责分工抓好落实。',
  '建立健全{t}工作长效机制，完善监督检查制度，定期通报工作进展情况。',
  '加强{t}领域风险隐患排查，对发现的问题建立台账，限期整改到位。',
  '充分运用信息化手段，推动{t}数据共享和业务协同，提升服务效能。',
  '坚持问题导向和目标导向，聚焦群众急难愁盼问题，扎实推进{t}各项工作。',
  '本办法自印发之日起施行，有效期五年。执行中遇到的问题，请及时向{u}反映。',
  '截至{y}年底，累计受理{t}相关事项{n}件，办结率达到{p}%。',
  '进一步加大{t}政策宣传力度，通过政府网站、政务新媒体等渠道及时发布相关情况。',
  '对工作中成绩突出的单位和个人给予通报表扬，对工作不力的予以约谈。',
  '会议听取了{u}关于{t}工作情况的汇报，研究部署下一阶段重点任务。',
  '会议指出，要把{t}作为重要任务，压实属地责任、部门监管责任和主体责任。',
  '各单位要于每季度末前报送工作进展情况，逾期未报的予以通报。',
  '要加强统筹协调，形成工作合力，确保按期完成各项目标任务。',
  '各有关部门要结合职责，细化工作措施，抓好贯彻落实。',
] as const;

const TOPIC_SENTENCES: Record<string, readonly string[]> = {
  政府信息公开: ['本年度政府信息公开工作总体情况良好，主动公开政府信息{m}条，受理政府信息公开申请{n}件。', '依申请公开工作严格按照法定程序办理，答复期限均在法定期限内。'],
  财政预算: ['一般公共预算收入{m}万元，一般公共预算支出{m}万元，收支平衡。', '严格执行预算管理制度，加强预算绩效管理。'],
  重大项目: ['项目总投资约{m}万元，建设内容主要包括道路、管网、绿化及配套设施。'],
  基础设施建设: ['项目总投资约{m}万元，建设内容主要包括道路、管网、绿化及配套设施。'],
  老旧小区改造: ['本年度计划改造老旧小区{n}个，涉及居民{m}户。'],
  森林防火: ['严格落实森林防火责任制，加强野外火源管控，坚决防范重特大火灾发生。'],
  防汛抗旱: ['加强防汛抗旱物资储备和队伍建设，汛期严格执行二十四小时值班制度。'],
  乡村振兴: ['统筹推进乡村振兴各项重点任务，巩固拓展脱贫攻坚成果。', '乡村振兴衔接资金{m}万元已全部下达。'],
  优化营商环境: ['持续优化营商环境，推行告知承诺制，压缩审批时限，提高办事效率。'],
  住房公积金: ['完善住房公积金缴存、提取和贷款政策，更好满足职工住房需求。'],
  示范区建设: ['示范区建设要突出特色、注重实效，形成可复制可推广的经验做法。'],
  燃气安全: ['燃气安全专项整治要覆盖餐饮场所、老旧管网和瓶装液化石油气供应环节。'],
  双随机一公开: ['按照“双随机一公开”要求，全年共开展联合检查{n}次，检查各类主体{m}家。'],
  安全生产: ['深入开展安全生产大检查，全年共检查生产经营单位{m}家，整改隐患{n}处。'],
  冬季供暖: ['做好冬季供暖保障工作，确保居民室内温度达标。'],
  地质灾害防治: ['汛期加强地质灾害隐患点巡查，落实群测群防措施。'],
  新能源汽车: ['加快新能源汽车充电基础设施建设，全年新建充电桩{n}个。'],
};

/** Named local projects: each place-and-project pair is very rare (a few documents per million). */
const PROJECTS = ['体育公园', '水库除险加固工程', '污水处理厂提标改造', '地下综合管廊', '人才公寓', '智慧停车场', '滨河绿道', '中医医院迁建'] as const;

const ENGLISH = [
  'The district government published {n} items of information proactively in {y}.',
  'Budget transparency and open data remain priorities for the coming year.',
  'Public consultation on the draft plan runs for thirty days.',
  'Procurement notices are published on the government portal.',
  'The inspection covered {n} enterprises and found {m} issues, all of which were rectified.',
  'Flood prevention drills were held in every township before the rainy season.',
  'The annual report on government information disclosure is available in Chinese and English.',
  'Subsidies for elderly care services were paid to {n} households.',
  'Infrastructure investment reached {m} thousand yuan, mainly for roads and drainage.',
  'Emergency response plans were revised after the public safety review.',
] as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '平', '建国', '晓东'];

export const CATEGORY_OF_TOPIC: Record<string, string> = {};
const CATEGORY_RULES: [RegExp, string][] = [
  [/预算|债券|财政/, 'budgets_and_accounts'],
  [/采购/, 'procurement'],
  [/项目|基础设施|示范区|更新|改造/, 'major_projects'],
  [/许可|政务服务|一网通办/, 'licensing_and_services'],
  [/处罚|监管|双随机/, 'penalties_and_coercion'],
  [/统计/, 'statistics'],
  [/防汛|森林防火|地质灾害|消防|燃气|安全生产/, 'emergencies'],
  [/救助|养老|残疾人|就业|医疗|教育|住房|退役军人/, 'social_programmes'],
];
for (const t of TOPICS) CATEGORY_OF_TOPIC[t] = CATEGORY_RULES.find(([re]) => re.test(t))?.[1] ?? 'plans_and_policies';

const topicZipf = new Zipf(TOPICS, 0.9, 2);
const sentenceZipf = new Zipf(SENTENCES, 0.6, 3);

// ---------------------------------------------------------------------------------------------

export interface UnitSpec {
  code: string;
  name: string;
  /** Short prefix for document numbers, e.g. 东发改. */
  short: string;
}

/** `n` units of governments across the country: <province><place><department>. */
export function makeUnits(n: number, seed: number): UnitSpec[] {
  const out: UnitSpec[] = [];
  const perGov = DEPARTMENTS.length;
  for (let i = 0; i < n; i++) {
    const gov = Math.floor(i / perGov);
    const [prov, pc] = PROVINCES[gov % PROVINCES.length];
    const placeR = mulberry32(seed * 31 + gov);
    const place = pick(placeR, PLACE_FIRST) + pick(placeR, PLACE_SECOND) + pick(placeR, PLACE_SUFFIX);
    const [dept, dc] = DEPARTMENTS[i % perGov];
    out.push({
      code: `${pc}${String(gov).padStart(3, '0')}-${dc}`,
      name: `${prov}${place}${dept}`.slice(0, 100),
      short: place.slice(0, 1) + dept.slice(0, 2),
    });
  }
  return out;
}

const fill = (r: Rng, s: string, unitName: string, year: number, topic: string) =>
  s
    .replace(/\{t\}/g, () => (r() < 0.95 ? topic : topicZipf.pick(r)))
    .replace(/\{u\}/g, () => unitName)
    .replace(/\{y\}/g, () => String(year - int(r, 0, 1)))
    .replace(/\{n\}/g, () => String(int(r, 2, 980)))
    .replace(/\{m\}/g, () => (r() * 90000 + 100).toFixed(r() < 0.5 ? 0 : 2))
    .replace(/\{p\}/g, () => (r() * 30 + 0.5).toFixed(1));

export interface GeneratedText {
  title: string;
  summary: string | null;
  body: string;
  docType: string;
  category: string;
  documentNumber: string | null;
}

/** Body length in characters: log-uniform between 200 and 3,000 (median about 780, mean about 1,030). */
function bodyLength(r: Rng): number {
  return Math.round(Math.exp(Math.log(200) + r() * (Math.log(3000) - Math.log(200))));
}

export function generateText(r: Rng, unit: UnitSpec, year: number): GeneratedText {
  const topic = topicZipf.pick(r);
  const kind = r();
  let title: string;
  let docType: string;
  let category = CATEGORY_OF_TOPIC[topic];
  if (kind < 0.22) {
    title = `关于印发《${topic}${pick(r, DOC_KINDS)}》的通知`;
    docType = 'normative_document';
    category = r() < 0.6 ? 'rules_and_normative_documents' : category;
  } else if (kind < 0.45) {
    title = `关于${pick(r, NOTICE_VERBS)}${year}年${topic}工作的通知`;
    docType = 'notice';
  } else if (kind < 0.58) {
    title = `${unit.name}${year}年${topic}工作${r() < 0.5 ? '总结' : '要点'}`;
    docType = r() < 0.5 ? 'report' : 'plan';
  } else if (kind < 0.68) {
    title = `关于公布${year}年${topic}${pick(r, RESULT_NOUNS)}的公告`;
    docType = 'other';
  } else if (kind < 0.76) {
    title = `关于${topic}有关事项的批复`;
    docType = 'reply';
  } else if (kind < 0.83) {
    title = `${year}年第${int(r, 1, 40)}次${pick(r, MEETINGS)}纪要`;
    docType = 'minutes';
  } else if (kind < 0.9) {
    title = `${unit.name}${year}年度部门${r() < 0.5 ? '预算' : '决算'}公开说明`;
    docType = 'report';
    category = 'budgets_and_accounts';
  } else if (kind < 0.95) {
    title = `${year}年政府信息公开工作年度报告`;
    docType = 'report';
    category = 'other';
  } else {
    title = `关于${topic}领域${pick(r, ['专项检查', '随机抽查', '执法检查'])}情况的通报`;
    docType = 'notice';
    category = 'inspections';
  }
  title = title.slice(0, 300);

  const target = bodyLength(r);
  const parts: string[] = [pick(r, OPENINGS), '\n'];
  let len = parts[0].length;
  const english = r() < 0.15;
  let para = 0;
  while (len < target) {
    let s: string;
    const own = TOPIC_SENTENCES[topic];
    if (r() < 0.003) s = `${pick(r, PLACE_FIRST)}${pick(r, PLACE_SECOND)}${pick(r, PROJECTS)}项目已完成年度投资计划的${int(r, 60, 100)}%。`;
    else if (english && r() < 0.12) s = fill(r, pick(r, ENGLISH), unit.name, year, topic) + ' ';
    else if (own && r() < 0.15) s = fill(r, pick(r, own), unit.name, year, topic);
    else s = fill(r, sentenceZipf.pick(r), unit.name, year, topic);
    parts.push(s);
    len += s.length;
    if (++para % int(r, 3, 6) === 0) {
      parts.push('\n');
      len++;
    }
  }
  parts.push(`\n${unit.name}\n${year}年${int(r, 1, 12)}月${int(r, 1, 28)}日`);
  const body = parts.join('');
  const summary = r() < 0.8 ? fill(r, sentenceZipf.pick(r), unit.name, year, topic).slice(0, 200) : null;
  const documentNumber = docType === 'normative_document' || docType === 'notice' ? `${unit.short}〔${year}〕${int(r, 1, 200)}号` : null;
  return { title, summary, body, docType, category, documentNumber };
}

export function personName(r: Rng): string {
  return pick(r, SURNAMES) + pick(r, GIVEN);
}

export function randomTopic(r: Rng): string {
  return topicZipf.pick(r);
}
