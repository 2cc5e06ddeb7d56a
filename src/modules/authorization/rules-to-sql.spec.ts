import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import type { Actor } from '../identity/user.types.js';
import { AbilityFactory, type AppAbility } from './ability.factory.js';
import { DOCUMENT_FIELDS, rulesToSql, UnsupportedRuleError, type FieldMap } from './rules-to-sql.js';

const abilityOf = (define: (b: AbilityBuilder<AppAbility>) => void): AppAbility => {
  const b = new AbilityBuilder<AppAbility>(createMongoAbility);
  define(b);
  return b.build();
};
/** Conditions the Document type does not admit (for the refusals and edge cases). */
const loose = (c: Record<string, unknown>) => c as never;
const read = (ability: AppAbility, offset?: number, fields: FieldMap = DOCUMENT_FIELDS) => rulesToSql(ability, 'read', 'Document', fields, offset);

const ME = '00000000-0000-4000-8000-000000000001';
const UNIT = '00000000-0000-4000-8000-0000000000a1';
const UNIT2 = '00000000-0000-4000-8000-0000000000a2';

describe('rules → SQL', () => {
  it('no rule for the action is FALSE; a rule without conditions is TRUE', () => {
    expect(read(abilityOf(() => undefined))).toEqual({ sql: 'false', params: [] });
    expect(read(abilityOf(({ can }) => can('read', 'Unit')))).toEqual({ sql: 'false', params: [] });
    expect(read(abilityOf(({ can }) => can('update', 'Document', { drafterId: ME })))).toEqual({ sql: 'false', params: [] });
    expect(read(abilityOf(({ can }) => can('read', 'Document')))).toEqual({ sql: 'true', params: [] });
  });

  it('equality, explicit $eq and null', () => {
    expect(read(abilityOf(({ can }) => can('read', 'Document', { unitId: UNIT })))).toEqual({ sql: '(d.unit_id = $1::uuid)', params: [UNIT] });
    expect(read(abilityOf(({ can }) => can('read', 'Document', { state: { $eq: 'published' } })))).toEqual({ sql: '(d.state = $1::text)', params: ['published'] });
    expect(read(abilityOf(({ can }) => can('read', 'Document', loose({ drafterId: null }))))).toEqual({ sql: '(d.drafter_id IS NULL)', params: [] });
  });

  it('$ne is null-safe (IS DISTINCT FROM); $ne null is IS NOT NULL', () => {
    expect(read(abilityOf(({ can }) => can('read', 'Document', { state: { $ne: 'draft' } })))).toEqual({ sql: '(d.state IS DISTINCT FROM $1::text)', params: ['draft'] });
    expect(read(abilityOf(({ can }) => can('read', 'Document', loose({ drafterId: { $ne: null } }))))).toEqual({ sql: '(d.drafter_id IS NOT NULL)', params: [] });
  });

  it('$in and $nin take the list as one array parameter; $nin also lets NULL through, as Mongo does', () => {
    expect(read(abilityOf(({ can }) => can('read', 'Document', { unitId: { $in: [UNIT, UNIT2] } })))).toEqual({ sql: '(d.unit_id = ANY($1::uuid[]))', params: [[UNIT, UNIT2]] });
    expect(read(abilityOf(({ can }) => can('read', 'Document', { state: { $nin: ['draft', 'withdrawn'] } })))).toEqual({
      sql: '(d.state IS NULL OR NOT (d.state = ANY($1::text[])))',
      params: [['draft', 'withdrawn']],
    });
  });

  it('array fields: a value means "contains", $ne "does not contain"; $in on an array is refused', () => {
    expect(read(abilityOf(({ can }) => can('read', 'Document', loose({ secrecyApproverIds: ME }))))).toEqual({
      sql: '($1::uuid = ANY(d.secrecy_approver_ids))',
      params: [ME],
    });
    expect(read(abilityOf(({ can }) => can('read', 'Document', loose({ officeApproverIds: { $ne: ME } }))))).toEqual({
      sql: 'NOT ($1::uuid = ANY(d.office_approver_ids))',
      params: [ME],
    });
    expect(() => read(abilityOf(({ can }) => can('read', 'Document', loose({ leaderApproverIds: { $in: [ME] } }))))).toThrow(new UnsupportedRuleError('operator in on array field leaderApproverIds'));
  });

  it('conditions of one rule are ANDed, rules are ORed (the later rule first, as CASL orders them)', () => {
    const ability = abilityOf(({ can }) => {
      can('read', 'Document', { unitId: UNIT, state: { $ne: 'draft' } });
      can('read', 'Document', { drafterId: ME });
    });
    expect(read(ability)).toEqual({
      sql: '((d.drafter_id = $1::uuid) OR ((d.unit_id = $2::uuid) AND (d.state IS DISTINCT FROM $3::text)))',
      params: [ME, UNIT, 'draft'],
    });
  });

  it('inverted rules become AND NOT; an inverted rule alone allows nothing', () => {
    expect(
      read(
        abilityOf(({ can, cannot }) => {
          can('read', 'Document', { unitId: UNIT });
          cannot('read', 'Document', { state: { $in: ['draft', 'withdrawn'] } });
        }),
      ),
    ).toEqual({ sql: '((d.unit_id = $1::uuid) AND NOT ((d.state = ANY($2::text[]))))', params: [UNIT, ['draft', 'withdrawn']] });
    expect(
      read(
        abilityOf(({ can, cannot }) => {
          can('read', 'Document');
          cannot('read', 'Document', { state: 'draft' });
        }),
      ),
    ).toEqual({ sql: 'NOT ((d.state = $1::text))', params: ['draft'] });
    expect(read(abilityOf(({ cannot }) => cannot('read', 'Document', { state: 'draft' })))).toEqual({ sql: 'false', params: [] });
  });

  it('refuses an operator it does not translate, and a field without a column', () => {
    expect(() => read(abilityOf(({ can }) => can('read', 'Document', { state: { $gt: 'a' } })))).toThrow(new UnsupportedRuleError('operator "gt" is not supported in SQL filters'));
    expect(() => read(abilityOf(({ can }) => can('read', 'Document', { state: { $regex: '^d' } })))).toThrow(UnsupportedRuleError);
    expect(() => read(abilityOf(({ can }) => can('read', 'Document', { unitId: UNIT })), 0, {})).toThrow(new UnsupportedRuleError('rule field "unitId" has no column mapping'));
  });

  it('numbers its placeholders after the offset, so fragments can share one statement', () => {
    const ability = abilityOf(({ can }) => {
      can('read', 'Document', { unitId: { $in: [UNIT] }, state: { $nin: ['draft'] } });
      can('read', 'Document', { drafterId: ME });
    });
    const first = read(ability);
    const second = read(ability, first.params.length);
    expect(first.sql).toBe('((d.drafter_id = $1::uuid) OR ((d.unit_id = ANY($2::uuid[])) AND (d.state IS NULL OR NOT (d.state = ANY($3::text[])))))');
    expect(second).toEqual({ sql: '((d.drafter_id = $4::uuid) OR ((d.unit_id = ANY($5::uuid[])) AND (d.state IS NULL OR NOT (d.state = ANY($6::text[])))))', params: first.params });
  });

  it('a column without a cast gets none', () => {
    const fields: FieldMap = { unitId: { column: 'x.unit' }, state: { column: 'x.state' } };
    expect(read(abilityOf(({ can }) => can('read', 'Document', { unitId: UNIT, state: { $in: ['a'] } })), 0, fields)).toEqual({ sql: '((x.unit = $1) AND (x.state = ANY($2)))', params: [UNIT, ['a']] });
  });
});

describe('rules → SQL for the abilities the factory builds', () => {
  const factory = new AbilityFactory();
  const actor = (roles: string[], extra: Partial<Actor> = {}): Actor =>
    ({ id: ME, username: 'u', displayName: 'U', unitId: UNIT, roles, leadsUnitIds: [], ...extra }) as Actor;

  it('anonymous and an administrator read no document', () => {
    expect(read(factory.createForActor(null))).toEqual({ sql: 'false', params: [] });
    expect(read(factory.createForActor(actor(['admin'], { unitId: null })))).toEqual({ sql: 'false', params: [] });
  });

  it('a drafter: own documents, and the unit’s submitted ones', () => {
    expect(read(factory.createForActor(actor(['drafter'])))).toEqual({
      sql: '((d.drafter_id = $1::uuid) OR ((d.unit_id = $2::uuid) AND (d.state IS DISTINCT FROM $3::text)))',
      params: [ME, UNIT, 'draft'],
    });
  });

  it('a leader: submitted documents of the units led', () => {
    expect(read(factory.createForActor(actor(['leader'], { unitId: null, leadsUnitIds: [UNIT, UNIT2] })))).toEqual({
      sql: '((d.unit_id = ANY($1::uuid[])) AND (d.state IS NULL OR NOT (d.state = ANY($2::text[]))))',
      params: [[UNIT, UNIT2], ['draft', 'withdrawn']],
    });
  });

  it('approving: separation of duties shows as "does not contain" on the other steps’ approvers', () => {
    const { sql, params } = rulesToSql(factory.createForActor(actor(['secrecy_reviewer'])), 'approve', 'Document', DOCUMENT_FIELDS);
    expect(sql).toContain('(d.unit_id = $1::uuid)');
    expect(sql).toContain('(d.drafter_id IS DISTINCT FROM $');
    expect(sql).toMatch(/NOT \(\$\d+::uuid = ANY\(d\.office_approver_ids\)\)/);
    expect(sql).toMatch(/NOT \(\$\d+::uuid = ANY\(d\.leader_approver_ids\)\)/);
    expect(sql).not.toContain('secrecy_approver_ids');
    expect(params[0]).toBe(UNIT);
    expect(params.filter((p) => p === ME).length).toBe(3);
    expect(sql.match(/\$\d+/g)).toEqual(params.map((_, i) => `$${i + 1}`));
  });
});
