/**
 * Masking of the personal numbers an applicant may type into the description of an application
 * (or that slip into an officer's comment), for every letter the applicant or a third party
 * receives. Pure; no framework imports.
 */
const MASKS: readonly [RegExp, string][] = [
  // Resident identity card: 18 characters (17 digits + digit or X), or the old 15 digits.
  [/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, '[身份证号已隐去]'],
  [/(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g, '[身份证号已隐去]'],
  // Mainland mobile numbers, optionally with +86 / 86.
  [/(?:\+?86[- ]?)?(?<!\d)1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g, '[电话号码已隐去]'],
  // Landlines: area code 0xx(x) then 7–8 digits.
  [/(?<!\d)0\d{2,3}[- ]\d{7,8}(?!\d)/g, '[电话号码已隐去]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[电子邮箱已隐去]'],
];

/** Masks identity-card numbers, phone numbers and e-mail addresses. */
export function maskPersonalData(text: string): string {
  return MASKS.reduce((t, [re, replacement]) => t.replace(re, replacement), text);
}
