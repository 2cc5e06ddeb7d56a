import { withWrites } from './statements.js';

describe('withWrites', () => {
  it('puts the writes in front of the last statement, their placeholders after its parameters', () => {
    const s = withWrites(
      [
        { sql: 'INSERT INTO a (x, y) VALUES ($1, $2)', params: ['x', 'y'] },
        { sql: 'INSERT INTO b (z) VALUES ($1)', params: ['z'] },
      ],
      { sql: 'INSERT INTO c (p, q) VALUES ($1, $2) RETURNING id', params: [1, 2] },
    );
    expect(s.sql.replace(/\s+/g, ' ')).toBe('WITH gk_write_0 AS (INSERT INTO a (x, y) VALUES ($3, $4)), gk_write_1 AS (INSERT INTO b (z) VALUES ($5)) INSERT INTO c (p, q) VALUES ($1, $2) RETURNING id');
    expect(s.params).toEqual([1, 2, 'x', 'y', 'z']);
  });

  it('joins a last statement that has a WITH of its own, and renumbers $10 as a whole', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    const s = withWrites([{ sql: 'INSERT INTO a VALUES ($10, $1)', params: ten }], { sql: '\n  with defaults as (SELECT $1 AS d) INSERT INTO c SELECT d FROM defaults', params: ['d'] });
    expect(s.sql.replace(/\s+/g, ' ')).toBe('WITH gk_write_0 AS (INSERT INTO a VALUES ($11, $2)), defaults as (SELECT $1 AS d) INSERT INTO c SELECT d FROM defaults');
    expect(s.params).toEqual(['d', ...ten]);
  });

  it('is the last statement itself without writes, and refuses parts it cannot compose', () => {
    const last = { sql: 'SELECT 1', params: [] };
    expect(withWrites([], last)).toBe(last);
    expect(() => withWrites([{ sql: 'WITH x AS (SELECT 1) INSERT INTO a SELECT * FROM x', params: [] }], last)).toThrow(/WITH of its own/);
    expect(() => withWrites([{ sql: 'INSERT INTO a VALUES ($2)', params: [1] }], last)).toThrow(/\$2 has no parameter/);
  });
});
