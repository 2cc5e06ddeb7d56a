import { invalidInput } from '../../common/errors/domain-error.js';

/** 400 unless `url` is an http(s) URL without credentials (the signature authenticates deliveries). */
export function checkSubscriberUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalidInput('url is not a valid URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalidInput('url must be http(s)');
  if (u.username || u.password) throw invalidInput('url must not carry credentials; the signature authenticates deliveries');
}
