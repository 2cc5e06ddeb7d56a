/**
 * Where the service's CPU time goes: a .cpuprofile (node --cpu-prof) summed by package / source
 * file and by function (self time). Also usable alone: node dist/bench/lib/profile.js file.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  busyMs: number;
  byGroup: { group: string; ms: number; pctOfBusy: number }[];
  byFunction: { fn: string; ms: number; pctOfBusy: number }[];
}

function groupOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : `native: ${fn || '(anonymous)'}`;
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = url.indexOf('/dist/');
  return src >= 0 ? `gongkai: ${url.slice(src + 6)}` : url;
}

export function summariseProfile(file: string, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  const groups = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    total += ms;
    if (n.callFrame.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    const g = groupOf(n.callFrame.url, n.callFrame.functionName);
    groups.set(g, (groups.get(g) ?? 0) + ms);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${groupOf(n.callFrame.url, '')}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
    fns.set(f, (fns.get(f) ?? 0) + ms);
  }
  const busy = total - idle;
  const sort = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: Math.round(total),
    busyMs: Math.round(busy),
    byGroup: sort(groups).map(([group, ms]) => ({ group, ms: Math.round(ms), pctOfBusy: Number(((100 * ms) / busy).toFixed(1)) })),
    byFunction: sort(fns).map(([fn, ms]) => ({ fn, ms: Math.round(ms), pctOfBusy: Number(((100 * ms) / busy).toFixed(1)) })),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const s = summariseProfile(process.argv[2], Number(process.argv[3] ?? 30));
  console.log(`total ${s.totalMs} ms, busy ${s.busyMs} ms`);
  console.table(s.byGroup);
  console.table(s.byFunction);
}
