import { invalidInput } from '../../common/errors/domain-error.js';
import type { SubscriberFormat } from './exchange-package.js';

/** 400 unless an exchange subscriber names its sender (who the packages come from); the database checks the same. */
export function checkExchangeSender(format: SubscriberFormat, sender: { code: string; name: string } | null): void {
  if (format === 'exchange' && !sender) throw invalidInput('sender is required with format exchange: the agency’s code and name at the receiving platform');
}
