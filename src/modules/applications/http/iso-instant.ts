import { registerDecorator, type ValidationOptions } from 'class-validator';

/** ISO 8601 date and time with an offset (`Z` or `±hh:mm`), as the contract writes times. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return false;
  const t = new Date(value).getTime();
  if (!Number.isFinite(t)) return false;
  // Reject dates that Date silently rolls over (2026-02-30 → March 2).
  const [y, mo, d] = value.slice(0, 10).split('-').map(Number);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** class-validator: an ISO 8601 instant with offset, e.g. 2026-11-20T09:30:00+08:00. */
export function IsIsoInstant(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoInstant',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 8601 time with offset, e.g. 2026-11-20T09:30:00+08:00`, ...options },
      validator: { validate: (v: unknown) => isIsoInstant(v) },
    });
}
