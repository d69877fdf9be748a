// W2: allowlist validation, normalisation and matching (src/widget/allowlist.ts), unit-tested with the tricks a
// hostile page or a careless customer would try: look-alike hosts, userinfo, schemes, ports, case, trailing dots,
// IDN, `null` origins, and the Referer fallback of W3.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allowlistAdmits, originOfReferer, parseAllowlist, parseEntry, parseOrigin } from '../src/widget/allowlist.js';

/** Whether the (raw) allowlist admits the Origin header value, as W3 decides it. */
function admits(list: string[], origin: string): boolean {
  const parsed = parseAllowlist(list);
  assert.ok(parsed.ok, `the list itself is valid: ${list.join(', ')}`);
  const value = parseOrigin(origin);
  return value !== undefined && allowlistAdmits(parsed.entries, value);
}

function checkAll(list: string[], cases: [origin: string, expected: boolean][]): void {
  const wrong = cases.filter(([origin, expected]) => admits(list, origin) !== expected).map(([o, e]) => `${o} should ${e ? '' : 'not '}match`);
  assert.deepEqual(wrong, []);
}

describe('W2 validation and normalisation', () => {
  test('valid entries are stored normalised: lowercase, punycode, no trailing dot, no default port or slash', () => {
    const cases: [string, string][] = [
      ['https://acme.com', 'https://acme.com'],
      ['https://acme.com/', 'https://acme.com'],
      ['https://acme.com:443', 'https://acme.com'],
      ['http://acme.com:80', 'http://acme.com'],
      ['https://acme.com:8443', 'https://acme.com:8443'],
      ['http://localhost:3000', 'http://localhost:3000'],
      ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
      ['HTTPS://ACME.COM', 'https://acme.com'],
      ['https://acme.com.', 'https://acme.com'],
      ['acme.com', 'acme.com'],
      ['Acme.COM.', 'acme.com'],
      ['  acme.com  ', 'acme.com'],
      ['https://acme.com\n', 'https://acme.com'],
      ['*.acme.com', '*.acme.com'],
      ['*.Acme.com.', '*.acme.com'],
      ['localhost:*', 'localhost:*'],
      ['LOCALHOST:*', 'localhost:*'],
      ['bücher.de', 'xn--bcher-kva.de'],
      ['BÜCHER.de', 'xn--bcher-kva.de'],
      ['https://bücher.de', 'https://xn--bcher-kva.de'],
      ['*.bücher.de', '*.xn--bcher-kva.de'],
      ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ];
    for (const [raw, normalised] of cases) {
      assert.deepEqual(parseAllowlist([raw]), { ok: true, entries: [normalised] }, raw);
    }
  });

  test('duplicates after normalisation are kept once, in order', () => {
    assert.deepEqual(parseAllowlist(['acme.com', 'ACME.com.', 'https://a.io', 'https://A.io:443/']), {
      ok: true,
      entries: ['acme.com', 'https://a.io'],
    });
    assert.deepEqual(parseAllowlist([]), { ok: true, entries: [] });
  });

  test('invalid entries are refused, and the list names the first bad one', () => {
    const invalid = [
      '',
      '   ',
      'https://acme.com/path',
      'https://acme.com//',
      'https://acme.com?x=1',
      'https://acme.com#top',
      'https://user@acme.com',
      'https://user:pw@acme.com',
      'https://acme.com@evil.io',
      'https://acme.com\\@evil.io',
      'ftp://acme.com',
      'javascript:alert(1)',
      'data:text/html,hi',
      '//acme.com',
      'https://',
      'https:acme.com',
      'acme.com/path',
      'acme.com:8443',
      'localhost:3000',
      'https://localhost:*',
      'http://acme.com:99999',
      'http://acme.com:-1',
      'null',
      'intranet',
      '*',
      '*.',
      '*.com',
      '*acme.com',
      '**.acme.com',
      '*.*.acme.com',
      'a.*.acme.com',
      'https://*.acme.com',
      '*.127.0.0.1',
      'acme..com',
      '-acme.com',
      'acme-.com',
      'acme_corp.com',
      'acme com',
      `${'a'.repeat(64)}.com`,
      `${'a.'.repeat(150)}com`,
      'acme.com\u0000',
    ];
    for (const raw of invalid) assert.equal(parseEntry(raw), undefined, JSON.stringify(raw));
    assert.deepEqual(parseAllowlist(['acme.com', 'https://acme.com/path', 'also bad']), { ok: false, entry: 'https://acme.com/path' });
  });
});

describe('W2 matching an Origin', () => {
  test('an empty allowlist matches nothing', () => {
    checkAll([], [['https://acme.com', false], ['http://localhost:3000', false], ['null', false]]);
  });

  test('a bare host: https on the default port only, that host only', () => {
    checkAll(['acme.com'], [
      ['https://acme.com', true],
      ['https://acme.com:443', true],
      ['https://ACME.COM', true],
      ['https://acme.com.', true],
      ['http://acme.com', false],
      ['http://acme.com:443', false],
      ['https://acme.com:8443', false],
      ['https://www.acme.com', false],
      ['https://acme.com.evil.io', false],
      ['https://evilacme.com', false],
      ['https://acme.co', false],
      ['https://acme.com@evil.io', false],
      ['https://evil.io@acme.com', false],
      ['https://acme.com/', false],
      ['https://acme.com/path', false],
      [' https://acme.com', false],
      ['acme.com', false],
      ['null', false],
      ['', false],
    ]);
  });

  test('an origin: exactly that scheme, host and port', () => {
    checkAll(['https://acme.com:8443', 'http://localhost:3000', 'https://shop.acme.com'], [
      ['https://acme.com:8443', true],
      ['https://ACME.com:8443', true],
      ['https://acme.com', false],
      ['http://acme.com:8443', false],
      ['http://localhost:3000', true],
      ['http://localhost:3001', false],
      ['https://localhost:3000', false],
      ['http://localhost', false],
      ['https://shop.acme.com', true],
      ['https://shop.acme.com:443', true],
      ['http://shop.acme.com', false],
      ['https://a.shop.acme.com', false],
      ['https://shop.acme.com.evil.io', false],
    ]);
    // An http origin listed explicitly is allowed (development): only bare hosts imply https.
    checkAll(['http://acme.com'], [['http://acme.com', true], ['https://acme.com', false]]);
  });

  test('a wildcard: subdomains at any depth, never the apex, https on the default port', () => {
    checkAll(['*.acme.com'], [
      ['https://www.acme.com', true],
      ['https://a.b.acme.com', true],
      ['https://WWW.ACME.COM.', true],
      ['https://acme.com', false],
      ['https://evilacme.com', false],
      ['https://www.evilacme.com', false],
      ['https://acme.com.evil.io', false],
      ['https://www.acme.com.evil.io', false],
      ['http://www.acme.com', false],
      ['https://www.acme.com:8443', false],
      ['https://.acme.com', false],
    ]);
    // The apex is allowed by listing it too.
    checkAll(['*.acme.com', 'acme.com'], [['https://acme.com', true], ['https://www.acme.com', true]]);
  });

  test('localhost:* matches localhost over http or https on any port, and nothing else', () => {
    checkAll(['localhost:*'], [
      ['http://localhost', true],
      ['http://localhost:5173', true],
      ['https://localhost:8443', true],
      ['http://LOCALHOST:3000', true],
      ['http://localhost.:3000', true],
      ['http://localhost.evil.io:3000', false],
      ['http://evil-localhost:3000', false],
      ['http://127.0.0.1:3000', false],
      ['http://[::1]:3000', false],
    ]);
  });

  test('IDN: a Unicode entry matches the punycode Origin a browser sends, and the other way round', () => {
    checkAll(['bücher.de'], [
      ['https://xn--bcher-kva.de', true],
      ['https://bücher.de', true],
      ['https://bucher.de', false],
      ['https://xn--bcher-kva.de.evil.io', false],
    ]);
    checkAll(['https://xn--bcher-kva.de'], [['https://bücher.de', true]]);
    checkAll(['*.bücher.de'], [['https://shop.xn--bcher-kva.de', true], ['https://xn--bcher-kva.de', false]]);
  });

  test('null, malformed and other-scheme origins never match, even against a permissive list', () => {
    const permissive = ['localhost:*', '*.acme.com', 'acme.com', 'http://acme.com'];
    checkAll(permissive, [
      ['null', false],
      ['NULL', false],
      ['file://', false],
      ['chrome-extension://abcdef', false],
      ['https://acme.com:abc', false],
      ['https://acme.com:99999', false],
      ['https://acme.com, https://evil.io', false],
      ['https://acme.com evil', false],
      ['https://acme.com\\evil.io', false],
      [`https://${'a'.repeat(400)}.acme.com`, false],
    ]);
  });
});

describe('W3: the origin of a Referer', () => {
  test('scheme, host and port only; userinfo, path, query and fragment dropped; other schemes none', () => {
    assert.equal(originOfReferer('https://acme.com/pricing?plan=pro#faq'), 'https://acme.com');
    assert.equal(originOfReferer('https://user:pw@acme.com/x'), 'https://acme.com');
    assert.equal(originOfReferer('https://acme.com:8443/x'), 'https://acme.com:8443');
    assert.equal(originOfReferer('https://acme.com:443/x'), 'https://acme.com');
    assert.equal(originOfReferer('HTTPS://WWW.ACME.COM/'), 'https://www.acme.com');
    assert.equal(originOfReferer('https://acme.com.evil.io/acme.com'), 'https://acme.com.evil.io');
    assert.equal(originOfReferer('file:///etc/passwd'), undefined);
    assert.equal(originOfReferer('not a url'), undefined);
    assert.equal(originOfReferer(''), undefined);
    // The derived origin goes through the same matching.
    assert.equal(admits(['acme.com'], originOfReferer('https://acme.com/page')!), true);
    assert.equal(admits(['acme.com'], originOfReferer('https://acme.com.evil.io/acme.com')!), false);
  });
});
