/**
 * WAL positions (PostgreSQL's pg_lsn, written `X/Y`) as numbers, and the position a replica must
 * have replayed before it shows every transaction committed on the primary so far. Pure.
 */

/** `16/B374D848` → its byte position. */
export function parseLsn(text: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  if (!m) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** The sizes of WAL page headers on 64-bit builds: every page has a short one, the first page of a segment a long one. */
const SHORT_PAGE_HEADER = 24n;
const LONG_PAGE_HEADER = 40n;

/**
 * The position a replica must have replayed (`pg_last_wal_replay_lsn()`, the end of the last
 * record it applied) to show every transaction whose commit ended before `insertLsn`
 * (`pg_current_wal_insert_lsn()` on the primary, read after those commits). The insert position
 * is where the next record goes: when the last record ended exactly at a page boundary, it points
 * past the next page's header, where no record has ended yet; a replica that has replayed
 * everything stops at the boundary. So a position right after a page header counts as the page's
 * start: nothing can end inside a header (a record that crosses a page continues after it).
 */
export function replayTarget(insertLsn: bigint, walBlockSize: number, walSegmentSize: number): bigint {
  const inPage = insertLsn % BigInt(walBlockSize);
  const header = insertLsn % BigInt(walSegmentSize) < BigInt(walBlockSize) ? LONG_PAGE_HEADER : SHORT_PAGE_HEADER;
  return inPage === header ? insertLsn - inPage : insertLsn;
}
