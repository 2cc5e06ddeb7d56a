import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../../config/configuration.js';
import { DomainError, notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage, type Page } from '../../common/pagination/pagination.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { CreateUserUseCase } from './create-user.use-case.js';
import type { DirectoryPage, UnitResponse, UserResponse } from './identity.dto.js';
import { IdentityRepository } from './identity.repository.js';
import { toUserResponse } from './user-rules.js';
import type { Actor } from './user.types.js';

/** The reads of identity (the caller, units, users) and the first administrator. */
@Injectable()
export class IdentityService {
  private readonly logger = new Logger('Identity');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: IdentityRepository,
    private readonly createUser: CreateUserUseCase,
  ) {}

  async me(actor: Actor): Promise<UserResponse> {
    const u = await this.repo.findUser(actor.id);
    if (!u) throw notFound('user');
    return toUserResponse(u);
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

  /** Active people to choose from (a deputy), with their unit and roles; no contact data. */
  async directory(q: string | undefined, limit: number): Promise<DirectoryPage> {
    const term = q?.trim() ? q.trim().replace(/[%_\\]/g, (c) => `\\${c}`) : null;
    return { items: await this.repo.directory(term, limit) };
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
      await this.createUser.execute({ actor: null, user: { username: 'admin', password, displayName: 'Administrator', roles: ['admin'], leadsUnitIds: [] } });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'duplicate') return { created: false, generatedPassword: null };
      throw e;
    }
    this.logger.log('created the first administrator "admin"');
    return { created: true, generatedPassword: generated };
  }
}
