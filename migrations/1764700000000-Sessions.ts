import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions and sign-in: refresh-token sessions, a second factor (TOTP) and its recovery codes.
 *
 * - auth_sessions: one row per sign-in (password or OpenID Connect). A session is live while
 *   `ended_at` is null and neither its idle nor its absolute expiry has passed; access tokens
 *   carry its id, so ending it refuses them too. `restriction` marks a session that may only
 *   finish its second factor (enrol, or give the code after single sign-on).
 * - auth_refresh_tokens: every refresh token a session was given, as a SHA-256 hash (the tokens
 *   are 256 random bits). A token is used once (`used_at`); presenting a used one again is
 *   reuse, which ends the whole session.
 * - user_totp: the TOTP secret, encrypted (AES-256-GCM, totp-secret-box.ts); `confirmed_at` null
 *   while enrolment is pending; `last_time_step` refuses a code used again within its window.
 * - user_recovery_codes: argon2id hashes of one-time recovery codes.
 */
export class Sessions1764700000000 implements MigrationInterface {
  name = 'Sessions1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE auth_sessions (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id          uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        method           text NOT NULL CONSTRAINT auth_sessions_method_known CHECK (method IN ('password','oidc')),
        second_factor    boolean NOT NULL DEFAULT false,
        restriction      text CONSTRAINT auth_sessions_restriction_known CHECK (restriction IN ('totp_enrolment','totp')),
        token_version    integer NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        last_used_at     timestamptz NOT NULL DEFAULT now(),
        idle_expires_at  timestamptz NOT NULL,
        expires_at       timestamptz NOT NULL,
        ended_at         timestamptz,
        end_reason       text CONSTRAINT auth_sessions_end_reason_known CHECK (end_reason IN
                           ('logout','refresh_reuse','admin','password_changed','deactivated','roles_changed','second_factor_reset')),
        ip               text CONSTRAINT auth_sessions_ip_length CHECK (char_length(ip) <= 100),
        user_agent       text CONSTRAINT auth_sessions_user_agent_length CHECK (char_length(user_agent) <= 300),
        CONSTRAINT auth_sessions_ended CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
        CONSTRAINT auth_sessions_expiry CHECK (idle_expires_at <= expires_at AND created_at <= expires_at)
      )`);
    await q.query(`CREATE INDEX auth_sessions_user_live ON auth_sessions (user_id, created_at DESC, id DESC) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX auth_sessions_expires ON auth_sessions (expires_at)`);

    await q.query(`CREATE TABLE auth_refresh_tokens (
        token_hash   bytea PRIMARY KEY CONSTRAINT auth_refresh_tokens_hash_length CHECK (octet_length(token_hash) = 32),
        session_id   uuid NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE,
        generation   integer NOT NULL CONSTRAINT auth_refresh_tokens_generation CHECK (generation >= 0),
        issued_at    timestamptz NOT NULL DEFAULT now(),
        used_at      timestamptz,
        CONSTRAINT auth_refresh_tokens_generation_unique UNIQUE (session_id, generation)
      )`);

    await q.query(`CREATE TABLE user_totp (
        user_id         uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret_box      text NOT NULL,
        confirmed_at    timestamptz,
        last_time_step  bigint,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`CREATE TABLE user_recovery_codes (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash   text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        used_at     timestamptz
      )`);
    await q.query(`CREATE INDEX user_recovery_codes_user ON user_recovery_codes (user_id) WHERE used_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_recovery_codes`);
    await q.query(`DROP TABLE user_totp`);
    await q.query(`DROP TABLE auth_refresh_tokens`);
    await q.query(`DROP TABLE auth_sessions`);
  }
}
