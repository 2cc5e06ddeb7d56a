import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { LoginResponse } from './identity.dto.js';
import { IdentityRepository } from './identity.repository.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { TokenService } from './token.service.js';
import { toUserResponse } from './user-rules.js';

export interface LogInCommand {
  username: string;
  password: string;
  clientIp: string;
}

const SAME_401 = 'wrong username or password';

/**
 * Password login, limited per account and address. Its only write is the audit row, appended in a
 * transaction of its own (no @Transactional here): a failed attempt's row must commit although
 * the request fails.
 */
@Injectable()
export class LogInUseCase {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  async execute(cmd: LogInCommand): Promise<LoginResponse> {
    const username = cmd.username.trim().toLowerCase();
    this.throttle.check(username, cmd.clientIp);
    const user = await this.repo.findUserByUsername(username);
    const ok = user && user.active ? await this.passwords.verify(user.passwordHash, cmd.password) : await this.passwords.verifyAgainstDummy(cmd.password);
    if (!user || !user.active || !ok) {
      this.throttle.failed(username, cmd.clientIp);
      await this.audit.append({ actorId: user?.id ?? null, action: 'auth.login_failed', subjectType: 'User', subjectId: user?.id ?? null, data: { username: username.slice(0, 100), ip: cmd.clientIp } });
      throw new DomainError('unauthenticated', SAME_401);
    }
    this.throttle.succeeded(username);
    await this.audit.append({ actorId: user.id, action: 'auth.login', subjectType: 'User', subjectId: user.id, data: { ip: cmd.clientIp } });
    const accessToken = await this.tokens.sign({ sub: user.id, tokenVersion: user.tokenVersion });
    return { accessToken, expiresIn: this.tokens.ttlSeconds, user: toUserResponse(user) };
  }
}
