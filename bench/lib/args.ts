/** Command-line flags of `npm run bench` / `npm run bench:data`. */
export interface BenchArgs {
  units: number;
  entries: number;
  applications: number;
  seed: number;
  /** Keep the embedded PostgreSQL here (load once, measure again); default: a temporary folder. */
  pgDir?: string;
  /** Load the dataset and stop. */
  dataOnly: boolean;
  /** Load (or reuse) the dataset and write bench/explain/*.txt only. */
  explainOnly: boolean;
  /** Seconds of each throughput measurement. */
  seconds: number;
  /** Concurrent clients of the workflow load. */
  clients: number;
  /** Service LOG_LEVEL (default: the service's default, info). */
  logLevel: string;
  /** Profile the service with --cpu-prof during the loads (profiles in bench/results/). */
  cpuProf: boolean;
  /** Write bench/RESULTS.md's figures block from this run. */
  writeResults: boolean;
  /** Run only these phases (default all): workflow, reads, search, changes, report, scale, notifications, replica. */
  only: Set<string> | null;
  /** Extra NODE_OPTIONS for the service processes (experiments, e.g. --max-old-space-size=160). */
  serviceNodeOptions: string;
  /** Extra environment for the service processes (experiments, e.g. DB_PREPARED_STATEMENTS=false). */
  serviceEnv: Record<string, string>;
  /** Reads: the server under test on a core of its own (lib/affinity.ts); --no-pin turns it off. */
  pin: boolean;
  /** Give the last full year's catalogue entries their documents through the review chain, once (lib/assessment-documents.ts). */
  assessmentDocuments: boolean;
}

export const PHASES = ['workflow', 'reads', 'search', 'changes', 'report', 'scale', 'notifications', 'replica'] as const;

const HELP = `npm run bench [-- flags]

  --entries N        published catalogue entries (default 200000; the full run: 1000000)
  --units N          units (default 1000)
  --applications N   applications (default 100000)
  --seed N           generator seed (default 20260501)
  --pg-dir DIR       keep the embedded PostgreSQL in DIR and reuse a dataset loaded there
  --seconds N        length of each throughput measurement (default 8)
  --clients N        concurrent clients of the workflow load (default 32)
  --log-level L      the service's LOG_LEVEL (default: the service's default, info)
  --cpu-prof         run the service under node --cpu-prof (profiles in bench/results/)
  --data-only        load the dataset and stop (npm run bench:data)
  --explain          write bench/explain/*.txt (EXPLAIN ANALYZE of the hot queries) and stop
  --write-results    also rewrite the figures block of bench/RESULTS.md
  --only LIST        run only these phases: workflow,reads,search,changes,report,scale,notifications,replica
  --service-node-options "…"   NODE_OPTIONS for the service processes (experiments)
  --service-env "K=V …"        more environment for the service processes (experiments)
  --no-pin           reads: do not give the server under test a core of its own (bench/lib/affinity.ts)
  --assessment-documents   give the last full year's entries their documents through the review chain,
                     complaints and guides, once, for the assessment's figures (use a --pg-dir of its own)

BENCH_DATABASE_URL=postgres://…  use that (empty, or previously loaded) database instead of an embedded one.`;

export function parseArgs(argv: string[]): BenchArgs {
  const a: BenchArgs = {
    units: 1000,
    entries: 200_000,
    applications: 100_000,
    seed: 20260501,
    dataOnly: false,
    explainOnly: false,
    seconds: 8,
    clients: 32,
    logLevel: 'info',
    cpuProf: false,
    writeResults: false,
    only: null,
    serviceNodeOptions: '',
    serviceEnv: {},
    pin: true,
    assessmentDocuments: false,
  };
  const num = (v: string | undefined, name: string) => {
    const n = Number(String(v ?? '').replace(/_/g, ''));
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} needs a number, got ${v}`);
    return Math.floor(n);
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const next = () => argv[++i];
    switch (f) {
      case '--entries':
        a.entries = num(next(), f);
        break;
      case '--units':
        a.units = Math.max(1, num(next(), f));
        break;
      case '--applications':
        a.applications = num(next(), f);
        break;
      case '--seed':
        a.seed = num(next(), f);
        break;
      case '--pg-dir':
        a.pgDir = next();
        break;
      case '--seconds':
        a.seconds = Math.max(1, num(next(), f));
        break;
      case '--clients':
        a.clients = Math.max(1, num(next(), f));
        break;
      case '--log-level':
        a.logLevel = next();
        break;
      case '--cpu-prof':
        a.cpuProf = true;
        break;
      case '--data-only':
        a.dataOnly = true;
        break;
      case '--explain':
        a.explainOnly = true;
        break;
      case '--write-results':
        a.writeResults = true;
        break;
      case '--only': {
        const list = String(next() ?? '').split(',').map((x) => x.trim()).filter(Boolean);
        const bad = list.filter((x) => !(PHASES as readonly string[]).includes(x));
        if (bad.length) throw new Error(`--only: unknown phase(s) ${bad.join(', ')}; phases: ${PHASES.join(', ')}`);
        a.only = new Set(list);
        break;
      }
      case '--no-pin':
        a.pin = false;
        break;
      case '--assessment-documents':
        a.assessmentDocuments = true;
        break;
      case '--service-node-options':
        a.serviceNodeOptions = String(next() ?? '');
        break;
      case '--service-env':
        for (const kv of String(next() ?? '').split(/\s+/).filter(Boolean)) {
          const i = kv.indexOf('=');
          if (i < 1) throw new Error(`--service-env: ${kv} is not K=V`);
          a.serviceEnv[kv.slice(0, i)] = kv.slice(i + 1);
        }
        break;
      case '-h':
      case '--help':
        console.log(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown flag ${f}\n\n${HELP}`);
    }
  }
  return a;
}
