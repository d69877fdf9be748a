// SPEC §S / issue 11: the SDK's API types are generated from the hub's GET /openapi.json and committed
// (packages/sdk/src/generated/openapi.ts); this fails when that file is not what the hub serves today, so the SDK
// cannot drift from the hub. Below the test, type-level checks (run by `npm run check`) tie each SDK resource
// method to its operation in the generated types: what it resolves to is the operation's success body, and what
// it sends is assignable to the operation's request body or query.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { AgentCreateParams, AgentUpdateParams, AgentWidgetSettingsUpdateParams, AuditLogListParams, CallListParams, CallOriginateParams, Kataven, operations, PhoneNumberCreateParams, PhoneNumberListParams, PhoneNumberUpdateParams, TelephonyProviderCreateParams, TelephonyProviderUpdateParams, WidgetBrandingUpdateParams, WidgetKeyCreateParams, WidgetKeyUpdateParams } from '@kataven/sdk';
import { GENERATED_FILE, REGENERATE_COMMAND, renderTypes } from '../../sdk/scripts/generate-types.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
before(async () => {
  t = await startTestHub();
});
after(async () => {
  await t?.close();
});

test('packages/sdk/src/generated/openapi.ts is what the served /openapi.json generates', async () => {
  const response = await t.request({ url: '/openapi.json' });
  assert.equal(response.statusCode, 200);
  const expected = await renderTypes(response.json<Record<string, unknown>>());
  const committed = await readFile(GENERATED_FILE, 'utf8');
  // Sanity: the generated file describes the SDK's resources (not an empty or truncated document).
  for (const operation of ['createAgent', 'originateCall', 'listCalls', 'listAuditLog', 'getSessionRecording']) {
    assert.match(expected, new RegExp(`^    ${operation}: \\{$`, 'm'), `the document has no ${operation}`);
  }
  if (committed !== expected) {
    const committedLines = committed.split('\n');
    const expectedLines = expected.split('\n');
    const first = expectedLines.findIndex((line, i) => line !== committedLines[i]);
    assert.fail(
      `packages/sdk/src/generated/openapi.ts is stale: regenerate it with \`${REGENERATE_COMMAND}\` and commit it.\n` +
        `First difference at line ${first + 1}:\n  committed: ${committedLines[first] ?? '(end of file)'}\n  generated: ${expectedLines[first] ?? '(end of file)'}`,
    );
  }
});

// ── The SDK's resources against the generated operations (compile time) ─────────────────────────────────────────

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Extends<A, B> = [A] extends [B] ? true : false;
type Assert<T extends true> = T;
type Op = keyof operations;
/** The JSON body of an operation's 200 or 201 answer. */
type Success<O extends Op> = {
  [S in keyof operations[O]['responses']]: S extends 200 | 201
    ? operations[O]['responses'][S] extends { content: { 'application/json': infer B } }
      ? B
      : never
    : never;
}[keyof operations[O]['responses']];
/** An operation answers 204 No Content on success. */
type NoContent<O extends Op> = 204 extends keyof operations[O]['responses'] ? true : false;
type Body<O extends Op> = NonNullable<operations[O]['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;
type Query<O extends Op> = NonNullable<operations[O]['parameters']['query']>;
/** What a method's promise (or PagePromise) resolves to. */
type Resolves<F> = F extends (...args: never[]) => PromiseLike<infer R> ? R : never;
type K = Kataven;

export type ResourceConformance = [
  Assert<Same<Resolves<K['agents']['list']>, Success<'listAgents'>>>,
  Assert<Same<Resolves<K['agents']['get']>, Success<'getAgent'>>>,
  Assert<Same<Resolves<K['agents']['create']>, Success<'createAgent'>>>,
  Assert<Extends<AgentCreateParams, Body<'createAgent'>>>,
  Assert<Same<Resolves<K['agents']['update']>, Success<'updateAgent'>>>,
  Assert<Extends<AgentUpdateParams, Body<'updateAgent'>>>,
  Assert<NoContent<'deleteAgent'>>,
  Assert<Same<Resolves<K['apiKeys']['list']>, Success<'listApiKeys'>>>,
  Assert<Same<Resolves<K['widgetKeys']['list']>, Success<'listWidgetKeys'>>>,
  Assert<Same<Resolves<K['widgetKeys']['create']>, Success<'createWidgetKey'>>>,
  Assert<Extends<WidgetKeyCreateParams, Body<'createWidgetKey'>>>,
  Assert<NoContent<'updateWidgetKey'>>,
  Assert<Extends<WidgetKeyUpdateParams, Body<'updateWidgetKey'>>>,
  Assert<NoContent<'deleteWidgetKey'>>,
  Assert<Same<Resolves<K['widgetSettings']['get']>, Success<'getWidgetSettings'>>>,
  Assert<Same<Resolves<K['widgetSettings']['update']>, Success<'updateWidgetSettings'>>>,
  Assert<Extends<WidgetBrandingUpdateParams, Body<'updateWidgetSettings'>>>,
  Assert<Same<Resolves<K['widgetSettings']['getAgent']>, Success<'getAgentWidgetSettings'>>>,
  Assert<Same<Resolves<K['widgetSettings']['updateAgent']>, Success<'updateAgentWidgetSettings'>>>,
  Assert<Extends<AgentWidgetSettingsUpdateParams, Body<'updateAgentWidgetSettings'>>>,
  Assert<Same<Resolves<K['telephony']['providers']['list']>, Success<'listTelephonyProviders'>>>,
  Assert<Same<Resolves<K['telephony']['providers']['get']>, Success<'getTelephonyProvider'>>>,
  Assert<Same<Resolves<K['telephony']['providers']['create']>, Success<'createTelephonyProvider'>>>,
  Assert<Extends<TelephonyProviderCreateParams, Body<'createTelephonyProvider'>>>,
  Assert<Same<Resolves<K['telephony']['providers']['update']>, Success<'updateTelephonyProvider'>>>,
  Assert<Extends<TelephonyProviderUpdateParams, Body<'updateTelephonyProvider'>>>,
  Assert<NoContent<'deleteTelephonyProvider'>>,
  Assert<Same<Resolves<K['telephony']['numbers']['list']>, Success<'listPhoneNumbers'>>>,
  Assert<Extends<PhoneNumberListParams, Query<'listPhoneNumbers'>>>,
  Assert<Same<Resolves<K['telephony']['numbers']['get']>, Success<'getPhoneNumber'>>>,
  Assert<Same<Resolves<K['telephony']['numbers']['create']>, Success<'createPhoneNumber'>>>,
  Assert<Extends<PhoneNumberCreateParams, Body<'createPhoneNumber'>>>,
  Assert<Same<Resolves<K['telephony']['numbers']['update']>, Success<'updatePhoneNumber'>>>,
  Assert<Extends<PhoneNumberUpdateParams, Body<'updatePhoneNumber'>>>,
  Assert<NoContent<'deletePhoneNumber'>>,
  Assert<Same<Resolves<K['calls']['originate']>, Success<'originateCall'>>>,
  Assert<Extends<CallOriginateParams, Body<'originateCall'>>>,
  Assert<Same<Resolves<K['calls']['list']>, Success<'listCalls'>>>,
  Assert<Extends<CallListParams, Query<'listCalls'>>>,
  Assert<Same<Resolves<K['calls']['get']>, Success<'getCall'>>>,
  Assert<Same<Resolves<K['sessions']['get']>, Success<'getSession'>>>,
  Assert<Same<Resolves<K['sessions']['recording']>, Success<'getSessionRecording'>>>,
  Assert<Same<Resolves<K['callLimits']['get']>, Success<'getCallLimits'>>>,
  Assert<Same<Resolves<K['auditLog']['list']>, Success<'listAuditLog'>>>,
  // `since` and `until` may be Dates, sent as ISO 8601 strings.
  Assert<Extends<Omit<AuditLogListParams, 'since' | 'until'>, Query<'listAuditLog'>>>,
];
