import { formatLsn, parseLsn, replayTarget } from './wal-position.js';

describe('WAL positions', () => {
  it('reads and writes pg_lsn', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(formatLsn(parseLsn('16/B374D848'))).toBe('16/B374D848');
    expect(() => parseLsn('nope')).toThrow(/WAL position/);
  });

  const page = 8192;
  const segment = 16 * 1024 * 1024;
  it('a replica must reach the insert position, or the page start when that is right after a page header', () => {
    expect(replayTarget(BigInt(5 * page + 1000), page, segment)).toBe(BigInt(5 * page + 1000));
    // After a short header (any page but a segment's first): the last record ended at the boundary.
    expect(replayTarget(BigInt(5 * page + 24), page, segment)).toBe(BigInt(5 * page));
    // A segment's first page has a long header; 24 bytes in is inside it, 40 right after it.
    expect(replayTarget(BigInt(3 * segment + 40), page, segment)).toBe(BigInt(3 * segment));
    // 40 bytes into another page is a record's end (a continuation of 16 bytes): kept.
    expect(replayTarget(BigInt(5 * page + 40), page, segment)).toBe(BigInt(5 * page + 40));
  });
});
