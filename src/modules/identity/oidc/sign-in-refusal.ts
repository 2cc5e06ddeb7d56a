/**
 * Why a single sign-on was refused: the HTTP status, a short reason (audited, and shown to the
 * user in their words by oidc-page.ts), and what happened (audited only; never shown).
 */
export type RefusalReason =
  | 'not_configured'
  | 'state_missing'
  | 'state_mismatch'
  | 'provider_error'
  | 'code_rejected'
  | 'id_token_invalid'
  | 'claim_missing'
  | 'unknown_user'
  | 'inactive_user'
  | 'provider_unavailable';

const STATUS: Record<RefusalReason, number> = {
  not_configured: 404,
  state_missing: 400,
  state_mismatch: 400,
  provider_error: 400,
  code_rejected: 400,
  id_token_invalid: 401,
  claim_missing: 403,
  unknown_user: 403,
  inactive_user: 403,
  provider_unavailable: 503,
};

export class SignInRefusal extends Error {
  readonly status: number;

  constructor(
    readonly reason: RefusalReason,
    message: string,
    /** For the audit log: the library's or the provider's words, the claim's value. */
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SignInRefusal';
    this.status = STATUS[reason];
  }
}
