/** Pure domain logic of disclosure applications: working-day calendar, deadline clock, workflow, outcomes, fees, reply letter. */
export * from './calendar.js';
export * from './clock.js';
export * from './state-machine.js';
export * from './outcomes.js';
export * from './vocabulary.js';
export * from './fees.js';
export * from './letter.js';
