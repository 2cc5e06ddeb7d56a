import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['password', 'oidc'], description: 'how the user signed in' }) method: 'password' | 'oidc';
  @ApiProperty({ description: 'a one-time code (TOTP or recovery code) was given in this session' }) secondFactor: boolean;
  @ApiProperty({ enum: ['totp_enrolment', 'totp'], nullable: true, type: String, description: 'what the session must still do before it is a full one' })
  restriction: 'totp_enrolment' | 'totp' | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'sign-in or the last refresh' }) lastUsedAt: string;
  @ApiProperty({ format: 'date-time', description: 'when it ends unless refreshed before (never later than SESSION_MAX_AGE after sign-in)' }) expiresAt: string;
  @ApiProperty({ type: String, nullable: true, example: '10.1.2.3', description: 'client address at sign-in or the last refresh' }) ip: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the browser, as it named itself (cut to 300 characters)' }) userAgent: string | null;
  @ApiProperty({ description: 'the session of the request that asks' }) current: boolean;
}

export class SessionPage {
  @ApiProperty({ type: [SessionResponse] }) items: SessionResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class EndedSessionsResponse {
  @ApiProperty({ example: 2, description: 'how many live sessions were ended' }) ended: number;
}

export class SsoOption {
  @ApiProperty({ type: String, nullable: true, example: '统一身份认证平台', description: 'OIDC_DISPLAY_NAME; null: the UI says 统一身份认证 / single sign-on' })
  displayName: string | null;
  @ApiProperty({ example: '/api/v1/auth/oidc/login', description: 'where the browser goes to sign in (add ?next=/path to come back there)' })
  loginUrl: string;
}

export class SignInOptionsResponse {
  @ApiProperty({
    enum: ['all', 'admin', 'none'],
    description: '`all`: anyone may log in with a password; `admin`: only the user admin (PASSWORD_LOGIN=false, ADMIN_PASSWORD_LOGIN=true); `none`: single sign-on only',
  })
  passwordLogin: 'all' | 'admin' | 'none';
  @ApiProperty({ type: SsoOption, nullable: true, description: 'single sign-on, when OIDC_ISSUER is configured' }) sso: SsoOption | null;
}

/** A one-time code: 6 digits of the authenticator app, or (at sign-in) a recovery code. */
export class OneTimeCodeRequest {
  @ApiProperty({ example: '123456', description: 'the 6-digit code the authenticator app shows now, or a recovery code (xxxxx-xxxxx)' })
  @IsString()
  @Matches(/^[\s0-9A-Za-z-]{6,40}$/, { message: 'code must be the 6-digit code of the authenticator app or a recovery code' })
  code: string;
}

export class TotpConfirmRequest {
  @ApiProperty({ example: '123456', description: 'the 6-digit code the authenticator app shows now' })
  @IsString()
  @Matches(/^\s*\d{6}\s*$/, { message: 'code must be the 6 digits the authenticator app shows' })
  code: string;
}

export class TotpEnrolmentResponse {
  @ApiProperty({
    example: 'otpauth://totp/gongkai:li.ming?secret=JBSWY3DPEHPK3PXP&issuer=gongkai',
    description: 'scan it (as a QR code) with an authenticator app, then confirm with a code. It carries the secret: shown once, never again after confirmation',
  })
  otpauthUrl: string;
}

export class TotpConfirmResponse {
  @ApiProperty({ example: true }) enabled: boolean;
  @ApiProperty({
    type: [String],
    example: ['k7m2q-9xw4p', 'r3t8v-b6n2c'],
    description: 'ten one-time recovery codes, each valid once in place of a TOTP code; shown only in this answer (stored hashed)',
  })
  recoveryCodes: string[];
}

export class TotpStatusResponse {
  @ApiProperty({ description: 'a second factor is enabled: login needs "totp"' }) enabled: boolean;
  @ApiProperty({ description: 'an enrolment was started and not confirmed yet' }) pending: boolean;
  @ApiProperty({ example: 10, description: 'recovery codes not used yet' }) recoveryCodesLeft: number;
  @ApiProperty({ description: 'the user’s role requires a second factor (MFA_REQUIRED_ROLES)' }) required: boolean;
}
