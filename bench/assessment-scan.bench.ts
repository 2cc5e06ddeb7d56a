/**
 * Benchmark: `scanText` over a large mixed Chinese body.
 *
 * Intended run command (compiled with tsc; the bench folder is part of tsconfig.json, not of
 * tsconfig.build.json):
 *
 *   npx tsc -p tsconfig.json && node dist/bench/assessment-scan.bench.js [runs]
 *
 * It builds two deterministic bodies (a seeded generator, so every run scans the same text):
 *   - "1 MiB UTF-8": the largest body the form accepts (MAX_BODY_BYTES, mostly 3-byte Chinese);
 *   - "1 Mi chars":  1,048,576 UTF-16 code units, the harder case (about 3 MB of UTF-8),
 * each a mix of Chinese prose, ASCII, full-width digits, dates, amounts, long digit runs, and
 * scattered personal numbers and markings. Each body is scanned a few times to warm up, then
 * `runs` times (default 20), and the table reports p50 / p95 / max time and the findings count.
 * The target is p95 well under 50 ms for either body.
 */
import { idCheckCharacter, scanText } from '../src/modules/assessment/domain/detectors.js';

const RUNS = Math.max(1, Number(process.argv[2] ?? 20) || 20);
const WARMUP = 3;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROSE = [
  '为进一步加强和规范政府信息公开工作，根据《中华人民共和国政府信息公开条例》，结合本区实际，制定本办法。',
  '各街道办事处、区政府各委办局要高度重视，切实加强组织领导，明确责任分工，确保各项工作落到实处。',
  '加强内部控制和内部审计，完善内部管理制度，提高财政资金使用效益。',
  '本通知自印发之日起施行，请各单位认真贯彻执行。执行中遇到的问题，请及时向区政府办公室反映。',
  '会议听取了区发展改革委关于2024年重大建设项目推进情况的汇报，研究部署下一阶段重点工作。',
  '全年共完成固定资产投资１２３.４５亿元，同比增长6.8%；一般公共预算收入35,520万元。',
  'The district published 35,520 items of information proactively and handled 2,493 applications.',
  '联系地址：北京市朝阳区某某路1号，邮编100020，办公时间：工作日9:00-17:00。',
  '文号：朝政发〔2019〕3号，索引号FGW-2026-000017，统一社会信用代码11110105000012345X。',
  '秘密这个词本身不是密级标志，保密工作、涉密人员管理要按规定执行。',
];

function validId(rand: () => number): string {
  const provinces = [11, 12, 31, 32, 33, 44, 51, 61, 65, 81];
  const p = provinces[Math.floor(rand() * provinces.length)];
  const region = String(Math.floor(rand() * 10000)).padStart(4, '0');
  const year = 1950 + Math.floor(rand() * 60);
  const month = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
  const seq = String(Math.floor(rand() * 1000)).padStart(3, '0');
  const first17 = `${p}${region}${year}${month}${day}${seq}`;
  return first17 + idCheckCharacter(first17);
}

function luhnCard(rand: () => number, length: number): string {
  let body = '62';
  while (body.length < length - 1) body += String(Math.floor(rand() * 10));
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function sensitive(rand: () => number): string {
  switch (Math.floor(rand() * 9)) {
    case 0:
      return `身份证号${validId(rand)}，`;
    case 1:
      return `联系电话13${Math.floor(rand() * 1e9).toString().padStart(9, '0')}。`;
    case 2:
      return `收款账号${luhnCard(rand, 16 + Math.floor(rand() * 4))}；`;
    case 3:
      return `邮箱user${Math.floor(rand() * 1000)}@example.gov.cn。`;
    case 4:
      return '秘密★1年\n';
    case 5:
      return '【内部】';
    case 6:
      return '内部资料，注意保密。';
    case 7:
      return `流水号${Math.floor(rand() * 1e10)}${Math.floor(rand() * 1e10)}，`;
    default:
      return `手机 +86 138-${String(Math.floor(rand() * 1e4)).padStart(4, '0')}-8000，`;
  }
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Appends prose and, about one piece in eight, a sensitive item, until `done(text)` holds. */
function generate(seed: number, done: (parts: string[], units: number, bytes: number) => boolean): string {
  const rand = mulberry32(seed);
  const parts: string[] = [];
  let units = 0;
  let bytes = 0;
  while (!done(parts, units, bytes)) {
    const piece = rand() < 0.125 ? sensitive(rand) : PROSE[Math.floor(rand() * PROSE.length)] + (rand() < 0.2 ? '\n' : '');
    parts.push(piece);
    units += piece.length;
    bytes += utf8Length(piece);
  }
  return parts.join('');
}

const MIB = 1024 * 1024;
const bodies: { name: string; text: string }[] = [
  { name: '1 MiB UTF-8', text: generate(20240601, (_p, _u, bytes) => bytes >= MIB) },
  { name: '1 Mi chars', text: generate(20240602, (_p, units) => units >= MIB) },
];

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const rows: Record<string, string | number>[] = [];
for (const { name, text } of bodies) {
  let findings = 0;
  for (let i = 0; i < WARMUP; i++) findings = scanText(text).length;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    findings = scanText(text).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  rows.push({
    body: name,
    'UTF-16 units': text.length,
    'UTF-8 bytes': utf8Length(text),
    runs: RUNS,
    'p50 ms': Number(percentile(times, 50).toFixed(2)),
    'p95 ms': Number(percentile(times, 95).toFixed(2)),
    'max ms': Number(times[times.length - 1].toFixed(2)),
    findings,
  });
}

console.log(`scanText benchmark (Node ${process.version})`);
console.table(rows);
