import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../../config/configuration.js';
import { DomainError, invalidInput, notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage, type Page } from '../../common/pagination/pagination.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateUserRequest, UpdateUserRequest, UnitResponse, UserResponse, LoginResponse } from './identity.dto.js';
import { IdentityRepository, type UserRow } from './identity.repository.js';
import { PasswordService } from './password.service.js';
import { TokenService } from './token.service.js';
import type { Actor } from './user.types.js';

export function toUserResponse(u: UserRow): UserResponse {
  return { id: u.id, username: u.username, displayName: u.displayName, unitId: u.unitId, roles: u.roles, leadsUnitIds: u.leadsUnitIds, active: u.active };
}

const SAME_401 = 'wrong username or password';

@Injectable()
export class IdentityService {
  private readonly logger = new Logger('Identity');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: IdentityRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, clientIp: string): Promise<LoginResponse> {
    const user = await this.repo.findUserByUsername(username.trim().toLowerCase());
    const ok = user && user.active ? await this.passwords.verify(user.passwordHash, password) : await this.passwords.verifyAgainstDummy(password);
    if (!user || !user.active || !ok) {
      await this.audit.record({ actorId: user?.id ?? null, action: 'auth.login_failed', subjectType: 'User', subjectId: user?.id ?? null, data: { username: username.slice(0, 100), ip: clientIp } });
      throw new DomainError('unauthenticated', SAME_401);
    }
    await this.audit.record({ actorId: user.id, action: 'auth.login', subjectType: 'User', subjectId: user.id, data: { ip: clientIp } });
    const accessToken = await this.tokens.sign({ sub: user.id, tokenVersion: user.tokenVersion });
    return { accessToken, expiresIn: this.tokens.ttlSeconds, user: toUserResponse(user) };
  }

  async me(actor: Actor): Promise<UserResponse> {
    const u = await this.repo.findUser(actor.id);
    if (!u) throw notFound('user');
    return toUserResponse(u);
  }

  async createUnit(actor: Actor, code: string, name: string): Promise<UnitResponse> {
    return this.db.transaction(async (m) => {
      const unit = await this.repo.insertUnit(m, code, name);
      if (!unit) throw new DomainError('duplicate', `a unit with code ${code} already exists`);
      await this.audit.append(m, { actorId: actor.id, action: 'unit.create', subjectType: 'Unit', subjectId: unit.id, data: { code, name } });
      return unit;
    });
  }

  async listUnits(limit: number, cursor: string | undefined): Promise<Page<UnitResponse>> {
    const after = decodeCursor(cursor, ['string']);
    const rows = await this.repo.listUnits(limit + 1, (after?.[0] as string) ?? null);
    return toPage(rows, limit, (u) => u, (u) => [u.code]);
  }

  async listUsers(limit: number, cursor: string | undefined): Promise<Page<UserResponse>> {
    const after = decodeCursor(cursor, ['string']);
    const rows = await this.repo.listUsers(limit + 1, (after?.[0] as string) ?? null);
    return toPage(rows, limit, toUserResponse, (u) => [u.username]);
  }

  private async checkUnits(m: EntityManager, unitId: string | null | undefined, leadsUnitIds: string[]): Promise<void> {
    const ids = [...new Set([...(unitId ? [unitId] : []), ...leadsUnitIds])];
    const found = await this.repo.findUnitsByIds(m, ids);
    const missing = ids.filter((id) => !found.some((u) => u.id === id));
    if (missing.length > 0) throw invalidInput(`unknown unit id: ${missing.join(', ')}`);
  }

  private checkRoleScope(roles: string[], unitId: string | null, leadsUnitIds: string[]): void {
    if ((roles.includes('drafter') || roles.includes('secrecy_reviewer')) && !unitId) {
      throw invalidInput('unitId is required for the roles drafter and secrecy_reviewer');
    }
    if (leadsUnitIds.length > 0 && !roles.includes('leader')) {
      throw invalidInput('leadsUnitIds is only allowed for users with the role leader');
    }
  }

  async createUser(actor: Actor | null, req: CreateUserRequest): Promise<UserResponse> {
    const leads = req.leadsUnitIds ?? [];
    const unitId = req.unitId ?? null;
    this.checkRoleScope(req.roles, unitId, leads);
    const passwordHash = await this.passwords.hash(req.password);
    return this.db.transaction(async (m) => {
      await this.checkUnits(m, unitId, leads);
      const exists = (await m.query(`SELECT 1 FROM users WHERE username = $1`, [req.username])) as unknown[];
      if (exists.length > 0) throw new DomainError('duplicate', `a user named ${req.username} already exists`);
      const id = await this.repo.insertUser(m, { username: req.username, passwordHash, displayName: req.displayName, unitId, roles: req.roles, leadsUnitIds: leads });
      await this.audit.append(m, { actorId: actor?.id ?? null, action: 'user.create', subjectType: 'User', subjectId: id, data: { username: req.username, roles: req.roles, unitId, leadsUnitIds: leads } });
      return toUserResponse((await this.repo.findUser(id, m))!);
    });
  }

  async updateUser(actor: Actor, id: string, req: UpdateUserRequest): Promise<UserResponse> {
    if (Object.keys(req).length === 0) throw invalidInput('nothing to change: send at least one field');
    const passwordHash = req.password ? await this.passwords.hash(req.password) : undefined;
    return this.db.transaction(async (m) => {
      const current = await this.repo.lockUser(m, id);
      if (!current) throw notFound('user');
      const roles = req.roles ?? current.roles;
      const leads = req.leadsUnitIds ?? current.leadsUnitIds;
      this.checkRoleScope(roles, current.unitId, leads);
      await this.checkUnits(m, null, req.leadsUnitIds ?? []);
      if (id === actor.id && (req.active === false || (req.roles && !req.roles.includes('admin')))) {
        throw invalidInput('an administrator cannot deactivate themselves or drop their own admin role');
      }
      const rolesChanged = req.roles !== undefined && [...req.roles].sort().join() !== [...current.roles].sort().join();
      const leadsChanged = req.leadsUnitIds !== undefined && [...req.leadsUnitIds].sort().join() !== [...current.leadsUnitIds].sort().join();
      // Tokens carry no roles (the guard reloads them), but bumping the version on any change of
      // what a token is worth makes the effect immediate and obvious.
      const bump = req.active === false || passwordHash !== undefined || rolesChanged || leadsChanged;
      await this.repo.updateUser(m, id, { displayName: req.displayName, roles: req.roles, active: req.active, passwordHash, bumpTokenVersion: bump });
      if (req.leadsUnitIds !== undefined) await this.repo.setLeadsUnits(m, id, req.leadsUnitIds);
      const changed = Object.keys(req).filter((k) => k !== 'password');
      await this.audit.append(m, {
        actorId: actor.id,
        action: 'user.update',
        subjectType: 'User',
        subjectId: id,
        data: { changed: passwordHash ? [...changed, 'password'] : changed, roles: req.roles, active: req.active, leadsUnitIds: req.leadsUnitIds },
      });
      return toUserResponse((await this.repo.findUser(id, m))!);
    });
  }

  /**
   * On an empty database: create `admin` with ADMIN_PASSWORD, or a generated password printed once.
   * Returns the password when it was generated.
   */
  async ensureAdmin(): Promise<{ created: boolean; generatedPassword: string | null }> {
    if ((await this.repo.countUsers()) > 0) return { created: false, generatedPassword: null };
    const generated = this.config.adminPassword ? null : randomBytes(12).toString('base64url');
    const password = this.config.adminPassword ?? generated!;
    try {
      await this.createUser(null, { username: 'admin', password, displayName: 'Administrator', roles: ['admin'], leadsUnitIds: [] });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'duplicate') return { created: false, generatedPassword: null };
      throw e;
    }
    this.logger.log('created the first administrator "admin"');
    return { created: true, generatedPassword: generated };
  }
}
