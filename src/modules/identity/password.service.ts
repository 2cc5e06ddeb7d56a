import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id (a const enum, which isolatedModules cannot import). */
const ARGON2ID = 2;
import { Injectable } from '@nestjs/common';

/** argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum. */
@Injectable()
export class PasswordService {
  private dummyHash: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID });
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return verify(passwordHash, password).catch(() => false);
  }

  /** Spends the same time as a real check, so unknown usernames cannot be told apart by timing. */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('not-a-real-password-for-timing');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
