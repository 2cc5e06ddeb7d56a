/**
 * A unit's code (e.g. 'FGW'): 2–20 characters of A–Z, 0–9 and '-'. It is the first part of every
 * index number (catalogue/index-number.ts); the database checks the same pattern
 * (units_code_format in the Foundation migration). Pure: no framework imports.
 */

/** The pattern without anchors, for composing larger patterns. */
export const UNIT_CODE_SOURCE = '[A-Z0-9-]{2,20}';

export const UNIT_CODE_PATTERN = new RegExp(`^${UNIT_CODE_SOURCE}$`);
