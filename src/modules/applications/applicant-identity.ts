import { createHash, randomBytes } from 'node:crypto';
import type { Contact } from './applications.repository.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TRACKING_CODE_PATTERN = /^[A-Z2-7]{20}$/;

/**
 * A tracking code: 20 characters of RFC 4648 base32 from the system CSPRNG (100 bits), so it can
 * be neither guessed nor enumerated. It is the applicant's only key to the status page.
 */
export function newTrackingCode(): string {
  const bytes = randomBytes(13); // 104 bits; the first 100 make 20 characters
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < 20) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/**
 * Who the applicant is, for rules counted per applicant (fees per calendar month, Art. 44's
 * distinct applicants): a hash of the identity number when given, else of the name and the first
 * contact detail, normalised. Not a proof of identity; good enough to count.
 */
export function applicantKey(name: string, idNumber: string | null, contact: Contact): string {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const basis = idNumber
    ? `id:${norm(idNumber)}`
    : `name:${norm(name)}|${norm(contact.phone?.replace(/[^0-9]/g, '') || contact.email || contact.address || '')}`;
  return createHash('sha256').update(basis).digest('hex');
}
