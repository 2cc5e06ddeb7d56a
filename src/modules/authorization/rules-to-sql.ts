/**
 * CASL rules → SQL, so list routes filter in the database from the same rules the instance checks
 * use. CASL 7 ships rulesToAST (no TypeORM adapter exists); this walks that AST for the operators
 * the ability factory uses and refuses any other, so a new rule shape cannot silently widen a list.
 */
import { rulesToAST } from '@casl/ability/extra';
import type { Condition } from '@ucast/mongo2js';
import type { AppAbility, AppAction, SubjectName } from './ability.factory.js';

export interface FieldMap {
  [field: string]: { column: string; array?: boolean; cast?: string };
}

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

export class UnsupportedRuleError extends Error {}

/**
 * Returns a boolean SQL expression (with $n placeholders starting after `offset`) that is true
 * exactly for the rows the ability allows `action` on. No rule at all gives `false`.
 */
export function rulesToSql(
  ability: AppAbility,
  action: AppAction,
  subject: Exclude<SubjectName, 'all'>,
  fields: FieldMap,
  offset = 0,
): SqlFragment {
  const ast = rulesToAST(ability, action, subject as never) as Condition | null;
  const params: unknown[] = [];
  if (ast === null) return { sql: 'false', params };
  const p = (v: unknown) => {
    params.push(v);
    return `$${offset + params.length}`;
  };
  const walk = (node: Condition): string => {
    const n = node as unknown as { operator: string; field?: string; value: unknown };
    switch (n.operator) {
      case 'and':
      case 'or': {
        const parts = (n.value as Condition[]).map(walk);
        if (parts.length === 0) return n.operator === 'and' ? 'true' : 'false';
        return `(${parts.join(n.operator === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'not':
        return `NOT (${walk((n.value as Condition[])[0] ?? (n.value as unknown as Condition))})`;
      case 'eq':
      case 'ne':
      case 'in':
      case 'nin': {
        const f = fields[n.field!];
        if (!f) throw new UnsupportedRuleError(`rule field "${n.field}" has no column mapping`);
        const col = f.column;
        const cast = f.cast ? `::${f.cast}` : '';
        if (f.array) {
          // Mongo semantics on an array field: eq = contains, ne = does not contain.
          if (n.operator === 'eq') return `(${p(n.value)}${cast} = ANY(${col}))`;
          if (n.operator === 'ne') return `NOT (${p(n.value)}${cast} = ANY(${col}))`;
          // nin: no element of the array is one of the values.
          if (n.operator === 'nin') return `NOT (${col} && ${p(n.value)}${cast ? `::${f.cast}[]` : ''})`;
          throw new UnsupportedRuleError(`operator ${n.operator} on array field ${n.field}`);
        }
        if (n.operator === 'eq') return n.value === null ? `(${col} IS NULL)` : `(${col} = ${p(n.value)}${cast})`;
        if (n.operator === 'ne') return n.value === null ? `(${col} IS NOT NULL)` : `(${col} IS DISTINCT FROM ${p(n.value)}${cast})`;
        const arrCast = f.cast ? `::${f.cast}[]` : '';
        if (n.operator === 'in') return `(${col} = ANY(${p(n.value)}${arrCast}))`;
        return `(${col} IS NULL OR NOT (${col} = ANY(${p(n.value)}${arrCast})))`;
      }
      default:
        throw new UnsupportedRuleError(`operator "${n.operator}" is not supported in SQL filters`);
    }
  };
  return { sql: walk(ast), params };
}

/** Columns of the documents table (alias d) that document rules may test. */
export const DOCUMENT_FIELDS: FieldMap = {
  id: { column: 'd.id', cast: 'uuid' },
  unitId: { column: 'd.unit_id', cast: 'uuid' },
  drafterId: { column: 'd.drafter_id', cast: 'uuid' },
  state: { column: 'd.state', cast: 'text' },
  secrecyApproverIds: { column: 'd.secrecy_approver_ids', array: true, cast: 'uuid' },
  officeApproverIds: { column: 'd.office_approver_ids', array: true, cast: 'uuid' },
  leaderApproverIds: { column: 'd.leader_approver_ids', array: true, cast: 'uuid' },
  consultedUnitIds: { column: `COALESCE((SELECT array_agg(k.unit_id) FROM consultations k WHERE k.document_id = d.id), '{}')`, array: true, cast: 'uuid' },
};

/** Columns of the consultations table (alias c) that consultation rules may test. */
export const CONSULTATION_FIELDS: FieldMap = {
  id: { column: 'c.id', cast: 'uuid' },
  unitId: { column: 'c.unit_id', cast: 'uuid' },
  documentId: { column: 'c.document_id', cast: 'uuid' },
  state: { column: 'c.state', cast: 'text' },
};

/** Columns of the complaints table (alias k) that complaint rules may test. */
export const COMPLAINT_FIELDS: FieldMap = {
  id: { column: 'k.id', cast: 'uuid' },
  unitId: { column: 'k.unit_id', cast: 'uuid' },
  rectificationUnitId: { column: 'k.rectification_unit_id', cast: 'uuid' },
  state: { column: 'k.state', cast: 'text' },
};

/** Columns of the referrals table (alias r) that referral rules may test. */
export const REFERRAL_FIELDS: FieldMap = {
  id: { column: 'r.id', cast: 'uuid' },
  unitId: { column: 'r.unit_id', cast: 'uuid' },
  applicationId: { column: 'r.application_id', cast: 'uuid' },
  state: { column: 'r.state', cast: 'text' },
};
