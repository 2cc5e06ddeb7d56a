import { Global, Module } from '@nestjs/common';
import { CreateUnitUseCase } from './create-unit.use-case.js';
import { CreateUserUseCase } from './create-user.use-case.js';
import { IdentityController } from './identity.controller.js';
import { LogInUseCase } from './log-in.use-case.js';
import { UpdateUserUseCase } from './update-user.use-case.js';
import { IdentityRepository } from './identity.repository.js';
import { IdentityService } from './identity.service.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { SettingsRepository } from './settings.repository.js';
import { TokenService } from './token.service.js';
import { UnitDirectory } from './unit-directory.js';
import { CompleteOidcLoginUseCase } from './oidc/complete-oidc-login.use-case.js';
import { OidcClient } from './oidc/oidc-client.service.js';
import { AuthController } from './sessions/auth.controller.js';
import { EndSessionsUseCase } from './sessions/end-sessions.use-case.js';
import { LogOutUseCase } from './sessions/log-out.use-case.js';
import { RefreshSessionUseCase } from './sessions/refresh-session.use-case.js';
import { SessionIssuer } from './sessions/session-issuer.js';
import { SessionTerminator } from './sessions/session-terminator.js';
import { SessionRepository } from './sessions/session.repository.js';
import { SessionsController } from './sessions/sessions.controller.js';
import { SessionsService } from './sessions/sessions.service.js';
import { ConfirmTotpUseCase } from './totp/confirm-totp.use-case.js';
import { ResetTotpUseCase } from './totp/reset-totp.use-case.js';
import { SecondFactorService } from './totp/second-factor.service.js';
import { StartTotpEnrolmentUseCase } from './totp/start-totp-enrolment.use-case.js';
import { TotpSecretBox } from './totp/totp-secret-box.js';
import { TotpRepository } from './totp/totp.repository.js';
import { VerifySecondFactorUseCase } from './totp/verify-second-factor.use-case.js';

@Global()
@Module({
  controllers: [IdentityController, AuthController, SessionsController],
  providers: [
    IdentityRepository,
    IdentityService,
    PasswordService,
    SettingsRepository,
    TokenService,
    LoginThrottle,
    UnitDirectory,
    LogInUseCase,
    CreateUnitUseCase,
    CreateUserUseCase,
    UpdateUserUseCase,
    // Sessions and sign-in
    SessionRepository,
    SessionIssuer,
    SessionTerminator,
    SessionsService,
    RefreshSessionUseCase,
    LogOutUseCase,
    EndSessionsUseCase,
    TotpRepository,
    TotpSecretBox,
    SecondFactorService,
    StartTotpEnrolmentUseCase,
    ConfirmTotpUseCase,
    ResetTotpUseCase,
    VerifySecondFactorUseCase,
    OidcClient,
    CompleteOidcLoginUseCase,
  ],
  exports: [IdentityRepository, SessionRepository, IdentityService, TokenService, PasswordService, UnitDirectory, CreateUnitUseCase, CreateUserUseCase],
})
export class IdentityModule {}
