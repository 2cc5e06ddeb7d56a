import { publishedTimes } from './published-time.js';

// Expected values as PostgreSQL formats the same instants (to_char(… AT TIME ZONE 'UTC',
// 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') and the timestamptz read back from the cursor).
describe('publishedTimes', () => {
  it.each([
    ['1630516759.255820', '2021-09-01T17:19:19.255Z', '2021-09-01T17:19:19.255820Z'],
    ['1630516759.000000', '2021-09-01T17:19:19.000Z', '2021-09-01T17:19:19.000000Z'],
    ['1795770000.000999', '2026-11-27T09:00:00.000Z', '2026-11-27T09:00:00.000999Z'],
    ['946656000.100000', '1999-12-31T16:00:00.100Z', '1999-12-31T16:00:00.100000Z'],
    ['946656000', '1999-12-31T16:00:00.000Z', '1999-12-31T16:00:00.000000Z'],
    ['-1.000500', '1969-12-31T23:59:58.999Z', '1969-12-31T23:59:58.999500Z'],
    ['-0.500000', '1969-12-31T23:59:59.500Z', '1969-12-31T23:59:59.500000Z'],
    ['-0.000500', '1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999500Z'],
  ])('%s → %s', (epoch, publishedAt, cursorTs) => {
    expect(publishedTimes(epoch)).toEqual({ publishedAt, cursorTs });
  });

  it('writes the same time as Date.prototype.toISOString, millisecond by millisecond, across days and years', () => {
    const starts = [Date.UTC(2026, 11, 31, 23, 59, 58), Date.UTC(2024, 1, 29, 0, 0, 0), Date.UTC(1999, 11, 31, 23, 59, 59), 0, -1500];
    for (const start of starts) {
      for (let ms = start; ms < start + 3000; ms += 7) {
        const micros = ms * 1000 + 123;
        const epoch = `${micros < 0 ? '-' : ''}${Math.floor(Math.abs(micros) / 1e6)}.${String(Math.abs(micros) % 1e6).padStart(6, '0')}`;
        expect(publishedTimes(epoch).publishedAt).toBe(new Date(Math.floor(micros / 1000)).toISOString());
      }
    }
    // Years toISOString writes with six digits fall back to it.
    expect(publishedTimes('253402300800.000000').publishedAt).toBe('+010000-01-01T00:00:00.000Z');
  });
});
