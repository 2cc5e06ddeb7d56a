/**
 * Public API of the assessment domain: detectors (scanText), redaction and masking, and the
 * public-attribute suggestion rule table. Pure functions only; no framework imports.
 */
export * from './finding.types.js';
export * from './detectors.js';
export * from './redaction.js';
export * from './rules.js';
