import { ConfigError, loadConfig } from '../config/configuration.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, demoData: false, migrationsRun: true, accessTokenTtlSeconds: 900 });
    expect(loadConfig({}, { demoByDefault: true }).demoData).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'false' }, { demoByDefault: true }).demoData).toBe(false);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['DATABASE_URL', 'not a url'],
    ['DEMO_DATA', 'maybe'],
    ['MIGRATIONS_RUN', 'sometimes'],
    ['ADMIN_PASSWORD', 'short'],
    ['JWT_SECRET', 'too-short'],
    ['LOG_LEVEL', 'loud'],
    ['ACCESS_TOKEN_TTL', '5'],
  ])('a bad %s=%s stops the start with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
