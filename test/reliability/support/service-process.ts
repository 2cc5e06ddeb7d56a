/** The built service as a child process (`node dist/src/main.js`), killed and restarted by the tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { MAIN_JS, ROOT } from './build.js';

const live = new Set<ServiceProcess>();
process.once('exit', () => {
  for (const s of live) s.killSync();
});

interface Exit {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  expected: boolean;
  at: number;
}

export class ServiceProcess {
  private proc: ChildProcess | null = null;
  private killing = false;
  readonly exits: Exit[] = [];
  /** Everything the process wrote (stdout and stderr), in order. */
  readonly output: string[] = [];
  outputBytes = 0;
  starts = 0;
  lastStartAt = 0;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly maxOutputBytes = 64 * 1024 * 1024,
  ) {
    live.add(this);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | null {
    return this.proc?.pid ?? null;
  }

  get alive(): boolean {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get unexpectedExits(): Exit[] {
    return this.exits.filter((e) => !e.expected);
  }

  tail(chars = 4000): string {
    return this.output.join('').slice(-chars);
  }

  /** Starts the process and waits until GET /health answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.alive) throw new Error('already running');
    const proc = spawn(process.execPath, [MAIN_JS], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: String(this.port), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    this.killing = false;
    const capture = (c: Buffer) => {
      if (this.outputBytes < this.maxOutputBytes) {
        this.output.push(c.toString('utf8'));
        this.outputBytes += c.length;
      }
    };
    proc.stdout!.on('data', capture);
    proc.stderr!.on('data', capture);
    proc.once('exit', (code, signal) => {
      this.exits.push({ pid: proc.pid!, code, signal, expected: this.killing, at: Date.now() });
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the service exited at start (${proc.exitCode ?? proc.signalCode}):\n${this.tail()}`);
      try {
        const res = await fetch(`${this.base}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`the service did not answer /health within ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    this.starts++;
    this.lastStartAt = Date.now();
  }

  private waitExit(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
    return new Promise((r) => p.once('exit', () => r()));
  }

  /** kill -9: no shutdown hooks, no graceful close. */
  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.killing = true;
    const exited = this.waitExit();
    this.proc!.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.killing = true;
    const exited = this.waitExit();
    this.proc!.kill('SIGTERM');
    const timer = setTimeout(() => this.proc?.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    live.delete(this);
  }

  killSync(): void {
    if (this.alive) this.proc!.kill('SIGKILL');
  }
}
