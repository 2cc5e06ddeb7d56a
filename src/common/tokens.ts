/** Injection token for the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injection token for the database URL the app runs against. */
export const DATABASE_URL = Symbol('DATABASE_URL');
