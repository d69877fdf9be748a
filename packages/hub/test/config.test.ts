// The environment, parsed once at start (SPEC "CLI and configuration"): the rules that decide the mode.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kataven';
const PEPPER = 'p'.repeat(32);
const cwd = '/nonexistent-kataven-config-test';

describe('issue 7 item 6: KATAVEN_ENV defaults to development only on the embedded database', () => {
  test('no DATABASE_URL and no KATAVEN_ENV: development (the embedded default, T9)', () => {
    assert.equal(loadConfig({}, cwd).env, 'development');
    assert.equal(loadConfig({ KATAVEN_ENV: '  ' }, cwd).env, 'development');
  });

  test('DATABASE_URL without KATAVEN_ENV: the start fails, naming KATAVEN_ENV', () => {
    for (const env of [{ DATABASE_URL }, { DATABASE_URL, KATAVEN_ENV: '' }, { DATABASE_URL, KATAVEN_ENV: ' ', KATAVEN_PEPPER: PEPPER }]) {
      assert.throws(
        () => loadConfig(env, cwd),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.message === 'invalid configuration:\n  KATAVEN_ENV: is required when DATABASE_URL is set (development or production)',
        JSON.stringify(env),
      );
    }
  });

  test('DATABASE_URL with KATAVEN_ENV: as said; anything else is refused', () => {
    assert.equal(loadConfig({ DATABASE_URL, KATAVEN_ENV: 'development' }, cwd).env, 'development');
    assert.equal(loadConfig({ DATABASE_URL, KATAVEN_ENV: 'production', KATAVEN_PEPPER: PEPPER, KATAVEN_SECRETS_KEY: 'ab'.repeat(32) }, cwd).env, 'production');
    assert.throws(() => loadConfig({ DATABASE_URL, KATAVEN_ENV: 'staging' }, cwd), /^ConfigError: invalid configuration:\n {2}KATAVEN_ENV: /);
  });
});

describe('W5: KATAVEN_WEB_SESSION_MAX_SECONDS', () => {
  test('900 by default; a whole number of seconds from 1 to 86400, anything else refused naming the variable', () => {
    assert.equal(loadConfig({}, cwd).webSessionMaxSeconds, 900);
    assert.equal(loadConfig({ KATAVEN_WEB_SESSION_MAX_SECONDS: '60' }, cwd).webSessionMaxSeconds, 60);
    for (const value of ['0', '86401', '1.5', 'ten', '-5']) {
      assert.throws(
        () => loadConfig({ KATAVEN_WEB_SESSION_MAX_SECONDS: value }, cwd),
        /^ConfigError: invalid configuration:\n {2}KATAVEN_WEB_SESSION_MAX_SECONDS: must be a whole number from 1 to 86400$/,
        value,
      );
    }
  });
});

describe('A8: KATAVEN_DB_CLUSTERS', () => {
  const base = { DATABASE_URL, KATAVEN_ENV: 'development' };
  test('name=postgres://… entries, comma-separated; none by default', () => {
    assert.deepEqual(loadConfig(base, cwd).dbClusters, []);
    assert.deepEqual(
      loadConfig({ ...base, KATAVEN_DB_CLUSTERS: 'eu2=postgres://u:p@db2:5432, eu3=postgresql://db3/x?sslmode=require,a' }, cwd).dbClusters,
      [
        { name: 'eu2', url: 'postgres://u:p@db2:5432' },
        // A comma not followed by `name=` belongs to the URL.
        { name: 'eu3', url: 'postgresql://db3/x?sslmode=require,a' },
      ],
    );
  });

  test('a bad entry, a repeated name, "default" or no DATABASE_URL is refused, naming the variable', () => {
    for (const value of ['eu2', 'eu2=mysql://db', 'EU2=postgres://db', 'default=postgres://db', 'a=postgres://x,a=postgres://y', '=postgres://db']) {
      assert.throws(
        () => loadConfig({ ...base, KATAVEN_DB_CLUSTERS: value }, cwd),
        /^ConfigError: invalid configuration:\n {2}KATAVEN_DB_CLUSTERS: /,
        value,
      );
    }
    assert.throws(() => loadConfig({ KATAVEN_DB_CLUSTERS: 'eu2=postgres://db' }, cwd), /KATAVEN_DB_CLUSTERS: needs DATABASE_URL/);
  });
});
