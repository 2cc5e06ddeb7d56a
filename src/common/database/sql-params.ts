/**
 * Positional parameters for a statement built piece by piece: `p(value)` appends the value and
 * returns its placeholder (`$1`, `$2` …), numbered after `initial`.
 */
export function sqlParams(initial: unknown[] = []): { params: unknown[]; p: (v: unknown) => string } {
  const params = [...initial];
  return {
    params,
    p: (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    },
  };
}
