/**
 * The shape of the code, checked on its text: every state change takes one road (controller →
 * use case owning its transaction → repositories), SQL lives in repositories, files stay small.
 * A failure names the file and the rule it breaks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const sources = files(SRC).filter((f) => !f.endsWith('.spec.ts'));
const rel = (f: string) => relative(ROOT, f);
const text = (f: string) => readFileSync(f, 'utf8');
const controllers = sources.filter((f) => f.endsWith('.controller.ts'));
const useCases = sources.filter((f) => f.endsWith('.use-case.ts'));

/** The constructor's parameter list of the file's (first) class. */
function constructorParams(src: string): string {
  const m = /constructor\(([\s\S]*?)\)\s*\{/.exec(src);
  return m ? m[1] : '';
}

/** Each route handler of a controller: its HTTP method decorator and its body. */
function handlers(src: string): { verb: string; name: string; body: string }[] {
  const out: { verb: string; name: string; body: string }[] = [];
  const re = /@(Get|Post|Put|Patch|Delete)\(([^)]*)\)[\s\S]*?\n {2}(?:async )?(\w+)\(/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const start = re.lastIndex;
    const next = src.slice(start).search(/\n {2}@(Get|Post|Put|Patch|Delete)\(/);
    out.push({ verb: m[1], name: m[3], body: src.slice(start, next < 0 ? undefined : start + next) });
  }
  return out;
}

/** Write routes that change nothing (checks that store nothing). */
const NOT_A_WRITE = new Set(['assessment.controller.ts#assessForm']);

describe('one road for every write', () => {
  it('finds the controllers and use cases it checks', () => {
    expect(controllers.length).toBeGreaterThan(10);
    expect(useCases.length).toBeGreaterThan(20);
  });

  it.each(controllers.map((f) => [rel(f)]))('%s injects no DataSource, repository or transaction host, opens no transaction, writes no audit row', (file) => {
    const src = text(join(ROOT, file));
    const params = constructorParams(src);
    expect(params).not.toMatch(/DataSource|Repository\b|TransactionHost|EntityManager/);
    expect(src).not.toMatch(/InjectDataSource|\.transaction\(|audit\.append|\.query\(/);
  });

  it.each(controllers.map((f) => [rel(f)]))('%s: every POST, PUT, PATCH and DELETE route runs a use case', (file) => {
    const src = text(join(ROOT, file));
    const base = file.split('/').pop()!;
    for (const h of handlers(src)) {
      if (h.verb === 'Get' || NOT_A_WRITE.has(`${base}#${h.name}`)) continue;
      expect({ route: `${h.verb} ${h.name}`, runsUseCase: /\.execute\(/.test(h.body) }).toEqual({ route: `${h.verb} ${h.name}`, runsUseCase: true });
    }
  });

  it.each(useCases.map((f) => [rel(f)]))('%s owns its transaction (@Transactional, or says why not)', (file) => {
    const src = text(join(ROOT, file));
    expect(src).toMatch(/@Transactional\(\)|no @Transactional/);
    expect(src).toMatch(/export class \w+UseCase/);
    expect(src).toMatch(/async execute\(/);
    // The manager comes from the transaction host, never as a parameter.
    expect(src).not.toMatch(/m: EntityManager|InjectDataSource/);
  });

  it('no method outside the transaction host takes an EntityManager parameter (repositories read the host)', () => {
    const offenders = sources
      .filter((f) => !rel(f).startsWith('src/common/database/'))
      .filter((f) => /\(\s*m\??: EntityManager|,\s*m\??: EntityManager/.test(text(f)))
      .map(rel);
    expect(offenders).toEqual([]);
  });
});

describe('SQL lives in repositories', () => {
  // Infrastructure that speaks to PostgreSQL itself: the transaction host, migrations and the embedded server, the
  // prepared-statement helper, the replicas' router (their replay positions), pg-boss's statements through the
  // use case's transaction, the catalogue cache's and the notification hub's LISTEN connections, the import's savepoints.
  const INFRASTRUCTURE = new Set([
    'src/common/database/transaction-host.ts',
    'src/common/database/replica-reads.ts',
    'src/common/database/embedded-postgres.ts',
    'src/common/database/migrate.ts',
    'src/common/database/prepared-query.ts',
    'src/modules/delivery/job-queue.service.ts',
    'src/modules/catalogue/catalogue-cache.ts',
    'src/modules/notifications/notification-hub.ts',
    'src/modules/catalogue-import/catalogue-importer.ts',
  ]);

  it('only repositories and storage adapters send queries', () => {
    const offenders = sources
      .filter((f) => !/\.repository\.ts$|\.storage\.ts$/.test(f) && !INFRASTRUCTURE.has(rel(f)))
      .filter((f) => /\.query\(|\.query<|InjectDataSource/.test(text(f)))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it('nothing reaches into TypeORM’s private driver pool', () => {
    expect(sources.filter((f) => /driver\s*as\s*unknown|\.master\b/.test(text(f))).map(rel)).toEqual([]);
  });
});

describe('small files', () => {
  // Pure rule tables and rule modules, long because the rules are many, not because they mix jobs.
  const RULE_TABLES = new Set([
    'src/modules/reports/domain/annual-report.ts',
    'src/modules/reports/domain/exports.ts',
    'src/modules/applications/domain/clock.ts',
    'src/modules/assessment/domain/detectors.ts',
  ]);

  it('no file in src/ is over 400 lines except pure rule tables', () => {
    const long = sources
      .filter((f) => !RULE_TABLES.has(rel(f)))
      .map((f) => ({ file: rel(f), lines: text(f).split('\n').length }))
      .filter((x) => x.lines > 400);
    expect(long).toEqual([]);
  });
});
