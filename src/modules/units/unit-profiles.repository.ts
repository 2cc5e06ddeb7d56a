import { Injectable } from '@nestjs/common';
import { afterCommit } from '../../common/database/after-commit.js';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { UnitLeader } from './unit-profile.dto.js';

export interface UnitRow {
  id: string;
  code: string;
  name: string;
}

export interface ProfileFieldsRow {
  functions: string;
  address: string;
  postcode: string;
  officeHours: string;
  phone: string;
  fax: string | null;
  email: string | null;
  website: string | null;
  leaders: UnitLeader[];
  acceptsApplications: boolean;
}

export interface ProfileRow extends ProfileFieldsRow {
  unitId: string;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

const PROFILE = `p.unit_id AS "unitId", p.version, p.functions, p.address, p.postcode, p.office_hours AS "officeHours", p.phone, p.fax,
  p.email, p.website, p.leaders, p.accepts_applications AS "acceptsApplications", p.updated_by AS "updatedBy", p.updated_at AS "updatedAt"`;

/** Units' profiles, every version kept (the table is append-only): the current one is the highest. */
@Injectable()
export class UnitProfilesRepository {
  constructor(private readonly tx: TransactionHost) {}

  async unitById(id: string): Promise<UnitRow | null> {
    return ((await this.tx.manager.query(`SELECT id, code, name FROM units WHERE id = $1`, [id])) as UnitRow[])[0] ?? null;
  }

  async unitByCode(code: string): Promise<UnitRow | null> {
    return ((await this.tx.manager.query(`SELECT id, code, name FROM units WHERE code = $1`, [code])) as UnitRow[])[0] ?? null;
  }

  async current(unitId: string): Promise<ProfileRow | null> {
    return (
      ((await this.tx.manager.query(`SELECT ${PROFILE} FROM unit_profiles p WHERE p.unit_id = $1 ORDER BY p.version DESC LIMIT 1`, [unitId])) as ProfileRow[])[0] ??
      null
    );
  }

  /** Every version, newest first. */
  async history(unitId: string): Promise<ProfileRow[]> {
    return (await this.tx.manager.query(`SELECT ${PROFILE} FROM unit_profiles p WHERE p.unit_id = $1 ORDER BY p.version DESC`, [unitId])) as ProfileRow[];
  }

  /** Inserts `version`; null when another writer inserted it first (the caller answers 412). */
  async insertVersion(unitId: string, version: number, f: ProfileFieldsRow, userId: string): Promise<ProfileRow | null> {
    const rows = (await this.tx.manager.query(
      `INSERT INTO unit_profiles (unit_id, version, functions, address, postcode, office_hours, phone, fax, email, website, leaders, accepts_applications, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (unit_id, version) DO NOTHING
       RETURNING unit_id AS "unitId", version, functions, address, postcode, office_hours AS "officeHours", phone, fax, email, website, leaders,
                 accepts_applications AS "acceptsApplications", updated_by AS "updatedBy", updated_at AS "updatedAt"`,
      [unitId, version, f.functions, f.address, f.postcode, f.officeHours, f.phone, f.fax, f.email, f.website, JSON.stringify(f.leaders), f.acceptsApplications, userId],
    )) as ProfileRow[];
    // The public list of publishing units links to the guides: its cached copies go, on every instance.
    await this.tx.manager.query(`NOTIFY gongkai_catalogue`);
    afterCommit(this.tx.manager, 'catalogue');
    return rows[0] ?? null;
  }

  /** The channels of the active receivers, for the guide's list of channels. */
  async activeChannels(): Promise<string[]> {
    return ((await this.tx.manager.query(`SELECT DISTINCT channel FROM subscribers WHERE active ORDER BY channel`)) as { channel: string }[]).map((r) => r.channel);
  }
}
