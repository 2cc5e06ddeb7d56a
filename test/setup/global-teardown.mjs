export default async function globalTeardown() {
  const pg = globalThis.__GONGKAI_PG__;
  if (pg) await pg.stop();
}
