// SPEC §S: the SDK's API shapes are generated from the hub's own OpenAPI document, never kept by hand. Writes
// packages/sdk/src/generated/openapi.ts (types only: the SDK keeps no runtime dependency) from the document a real
// hub serves at GET /openapi.json: a test hub is started in-process (PostgreSQL as the hub's tests use it), asked
// for the document, and closed. packages/hub/test/sdk-types.test.ts fails when the committed file is stale.
//
//   npm run generate -w @kataven/sdk
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

export const GENERATED_FILE = fileURLToPath(new URL('../src/generated/openapi.ts', import.meta.url));
export const REGENERATE_COMMAND = 'npm run generate -w @kataven/sdk';

const HEADER = `// GENERATED from the hub's GET /openapi.json by packages/sdk/scripts/generate-types.ts (openapi-typescript).
// Do not edit: run \`${REGENERATE_COMMAND}\` after changing a route's schemas; packages/hub/test/sdk-types.test.ts
// fails while this file differs from what the hub serves. Types only: nothing here exists at run time.
`;

/** The TypeScript source generated from `document` (deterministic: the same document gives the same text). */
export async function renderTypes(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as unknown as OpenAPI3, {
    // A default is what the hub fills in when a field is absent: the field stays optional in what the SDK sends.
    defaultNonNullable: false,
    // No `Record<string, never>` for operations without parameters (they are not exported by the SDK anyway).
    alphabetize: false,
  });
  return `${HEADER}\n${astToString(ast)}\n${errorCodes(document)}`;
}

/**
 * Every error code some operation answers with (the `code` enum of its JSON error body, §E), as one union:
 * openapi-typescript spells each as `ErrorBody & { error?: { code?: … } }`, from which TypeScript cannot take the
 * literals back (the intersection's `code` reads as `string`).
 */
function errorCodes(document: Record<string, unknown>): string {
  const codes = new Set<string>();
  const paths = document['paths'] as Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation.responses ?? {})) {
        const schema = response.content?.['application/json']?.schema as { allOf?: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } }[] } | undefined;
        for (const part of schema?.allOf ?? []) for (const code of part.properties?.error?.properties?.code?.enum ?? []) codes.add(code);
      }
    }
  }
  if (codes.size === 0) throw new Error('the document lists no error code: has the shape of its error responses changed?');
  const union = [...codes].sort().map((code) => `    | ${JSON.stringify(code)}`).join('\n');
  return `/** Every error code (§E) the document lists for some operation. */\nexport type ErrorCode =\n${union};\n`;
}

/** The document as a test hub serves it. */
export async function servedDocument(): Promise<Record<string, unknown>> {
  const { startTestHub } = await import('../../hub/test/support/test-hub.js');
  const t = await startTestHub();
  try {
    const response = await t.request({ url: '/openapi.json' });
    if (response.statusCode !== 200) throw new Error(`GET /openapi.json: ${response.statusCode} ${response.body}`);
    return response.json<Record<string, unknown>>();
  } finally {
    await t.close();
  }
}

async function main(): Promise<void> {
  const source = await renderTypes(await servedDocument());
  const previous = await readFile(GENERATED_FILE, 'utf8').catch(() => undefined);
  if (previous === source) {
    console.log(`${GENERATED_FILE}: up to date`);
    return;
  }
  await writeFile(GENERATED_FILE, source);
  console.log(`${GENERATED_FILE}: written`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
