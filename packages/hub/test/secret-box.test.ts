// KATAVEN_SECRETS_KEY: AES-256-GCM with a fresh nonce per value and the value's place as additional data, so a
// ciphertext moved to another row, field or account (or opened under another key, or tampered with) fails.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { SecretBox, SecretOpenError, type SecretPlace } from '../src/secrets/secret-box.js';

const box = new SecretBox(randomBytes(32).toString('hex'));
const place: SecretPlace = { account: 'acme', table: 'telephony_providers', row: 'row-1', field: 'auth_token' };

test('a sealed value opens at its place, and never contains the plaintext', () => {
  const sealed = box.seal('s3cret-token', place);
  assert.equal(box.open(sealed, place), 's3cret-token');
  assert.equal(sealed.includes(Buffer.from('s3cret-token')), false);
  // A fresh nonce per value: the same plaintext seals differently every time.
  assert.notDeepEqual(box.seal('s3cret-token', place), sealed);
});

test('moved to another account, table, row or field, tampered with, or under another key: it does not open', () => {
  const sealed = box.seal('s3cret-token', place);
  for (const moved of [
    { ...place, account: 'other' },
    { ...place, table: 'widget_keys' },
    { ...place, row: 'row-2' },
    { ...place, field: 'account_sid' },
  ]) {
    assert.throws(() => box.open(sealed, moved), SecretOpenError, JSON.stringify(moved));
  }
  const tampered = Buffer.from(sealed);
  tampered[tampered.length - 1]! ^= 1;
  assert.throws(() => box.open(tampered, place), SecretOpenError);
  assert.throws(() => new SecretBox(randomBytes(32).toString('hex')).open(sealed, place), SecretOpenError);
  assert.throws(() => box.open(Buffer.from('short'), place), SecretOpenError);
});

test('KATAVEN_SECRETS_KEY: 64 hex characters, required in production', () => {
  const base = { DATABASE_URL: 'postgres://x@127.0.0.1/k', KATAVEN_PEPPER: 'p'.repeat(32) };
  assert.throws(() => loadConfig({ ...base, KATAVEN_ENV: 'production' }), /KATAVEN_SECRETS_KEY: is required in production/);
  assert.throws(() => loadConfig({ ...base, KATAVEN_ENV: 'development', KATAVEN_SECRETS_KEY: 'abc' }), /KATAVEN_SECRETS_KEY: must be 64 hexadecimal/);
  const key = randomBytes(32).toString('hex');
  assert.equal(loadConfig({ ...base, KATAVEN_ENV: 'production', KATAVEN_SECRETS_KEY: key }).secretsKey, key);
  assert.throws(
    () => loadConfig({ ...base, KATAVEN_ENV: 'development', KATAVEN_CALL_PROCESSOR_URL: 'http://127.0.0.1:9' }),
    /KATAVEN_CALL_PROCESSOR_SECRET: is required with KATAVEN_CALL_PROCESSOR_URL/,
  );
});
