// C1/§E unit tests of src/agents/agent-id.ts: `agent_` + a ULID. The time part is decoded here with an
// independent decoder, so an encoder bug cannot hide behind a matching parser.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CROCKFORD_BASE32, isAgentId, newAgentId, ulid } from '../src/agents/agent-id.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Milliseconds of a ULID's first 10 characters, decoded with BigInt (independent of the encoder). */
function decodeTime(id: string): number {
  let value = 0n;
  for (const char of id.slice(0, 10)) {
    const digit = ALPHABET.indexOf(char);
    assert.ok(digit >= 0, `not Crockford base32: ${char}`);
    value = value * 32n + BigInt(digit);
  }
  return Number(value);
}

describe('agent ids', () => {
  test('the alphabet is Crockford base32 (no I, L, O, U)', () => {
    assert.equal(CROCKFORD_BASE32, ALPHABET);
  });

  test('agent_ + 26 characters of the alphabet, the time part decoding to the creation time', () => {
    const now = Date.now();
    for (let i = 0; i < 1000; i++) {
      const id = newAgentId(now);
      assert.match(id, /^agent_[0-9A-HJKMNP-TV-Z]{26}$/);
      const body = id.slice('agent_'.length);
      assert.equal(body.length, 26);
      for (const char of body) assert.ok(ALPHABET.includes(char), char);
      assert.equal(decodeTime(body), now);
      assert.ok(isAgentId(id));
    }
  });

  test('80 random bits: ids of the same millisecond differ, and every random character is used', () => {
    const now = Date.now();
    const ids = new Set<string>();
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = newAgentId(now);
      ids.add(id);
      for (const char of id.slice(-16)) seen.add(char);
    }
    assert.equal(ids.size, 5000);
    assert.equal(seen.size, 32, 'all 32 symbols appear in the random part');
  });

  test('known vectors: time and randomness land in their places', () => {
    assert.equal(ulid(0, new Uint8Array(10)), '0'.repeat(26));
    assert.equal(ulid(2 ** 48 - 1, new Uint8Array(10).fill(255)), `7${'Z'.repeat(25)}`);
    // The spec's example time 1469918176385 ms encodes as 01ARYZ6S41.
    assert.equal(ulid(1469918176385, new Uint8Array(10)).slice(0, 10), '01ARYZ6S41');
    // One set bit at the very end of the randomness is the last character.
    const last = new Uint8Array(10);
    last[9] = 1;
    assert.equal(ulid(0, last), `${'0'.repeat(25)}1`);
    assert.throws(() => ulid(-1), RangeError);
    assert.throws(() => ulid(2 ** 48), RangeError);
    assert.throws(() => ulid(1.5), RangeError);
  });

  test('ids sort by creation time across milliseconds (string order = time order)', () => {
    const start = 1_700_000_000_000;
    // Increasing times with steps from 1 ms to days, including the 32^k carry points of the encoding.
    const times = [start, start + 1, start + 2, start + 31, start + 32, start + 33, start + 1023, start + 1024, start + 86_400_000];
    for (let i = 0; i < 200; i++) times.push(times.at(-1)! + 1 + (i % 7) * 997);
    for (let round = 0; round < 20; round++) {
      const ids = times.map((ms) => newAgentId(ms));
      const sorted = [...ids].sort();
      assert.deepEqual(sorted, ids, 'lexicographic order is creation order');
      for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1]! < ids[i]!, `${ids[i - 1]} < ${ids[i]}`);
    }
  });

  test('isAgentId accepts only the exact shape', () => {
    const id = newAgentId();
    assert.ok(isAgentId(id));
    for (const bad of [
      id.toLowerCase(),
      id.slice(0, -1),
      `${id}0`,
      id.replace('agent_', 'agent-'),
      id.replace('agent_', ''),
      `agent_${'0'.repeat(25)}I`,
      `agent_${'0'.repeat(25)}U`,
      `agent_8${'0'.repeat(25)}`, // more than 48 bits of time
      '00000000-0000-0000-0000-000000000000',
      `agent_${'0'.repeat(25)}'`,
      '',
    ]) {
      assert.equal(isAgentId(bad), false, bad);
    }
  });
});
