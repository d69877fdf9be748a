// Checks a real response (method, URL, status, headers, body) against the hub's OpenAPI document: the operation
// it belongs to must be documented, its status must be one the operation lists, and its body must match the
// schema of its content type, by a real JSON Schema 2020-12 validator (ajv). Used by openapi.test.ts on a sample
// of real answers, and by the SDK's tests.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type JsonObject = Record<string, unknown>;

export interface CheckedResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

interface OperationEntry {
  method: string;
  /** The full path template (`/v1/agents/{id}`) as a regular expression. */
  pattern: RegExp;
  template: string;
  operation: JsonObject;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `/` + `/healthz` is `/healthz`; `/v1` + `/agents` is `/v1/agents`. */
export function joinServer(server: string, path: string): string {
  return server === '/' ? path : `${server.replace(/\/$/, '')}${path}`;
}

export class OpenApiValidator {
  private readonly ajv: Ajv2020;
  private readonly operations: OperationEntry[] = [];
  private readonly compiled = new Map<unknown, ValidateFunction>();

  constructor(readonly document: JsonObject) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    this.ajv.addFormat('date-time', { validate: (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value)) });
    this.ajv.addFormat('uuid', UUID);
    this.ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
    // The document's components, so that `#/components/schemas/X` resolves from any schema compiled below.
    this.ajv.addSchema({ $id: 'kataven:openapi', components: document['components'] as JsonObject });
    const topServers = ((document['servers'] ?? []) as { url: string }[]).map((s) => s.url);
    for (const [path, item] of Object.entries(document['paths'] as Record<string, Record<string, JsonObject>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const servers = operation['servers'] ? (operation['servers'] as { url: string }[]).map((s) => s.url) : topServers;
        for (const server of servers) {
          const template = joinServer(server, path);
          const pattern = new RegExp(`^${template.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}$`);
          this.operations.push({ method: method.toUpperCase(), pattern, template, operation });
        }
      }
    }
  }

  /** Every documented `METHOD /full/template`, each server joined to each path. */
  documentedRoutes(): { method: string; template: string }[] {
    return this.operations.map(({ method, template }) => ({ method, template }));
  }

  /** The documented operation serving `method url`; static segments win over templated ones, as in Fastify. */
  findOperation(method: string, url: string): OperationEntry | undefined {
    const path = url.split('?')[0]!;
    const matches = this.operations.filter((o) => o.method === method.toUpperCase() && o.pattern.test(path));
    // The match with the fewest parameters is the one the router picks (`/calls/originate` before `/calls/{id}`).
    return matches.sort((a, b) => a.template.split('{').length - b.template.split('{').length)[0];
  }

  /** The problems of `response` to `method url`; empty when it matches the document. */
  problems(method: string, url: string, response: CheckedResponse): string[] {
    const entry = this.findOperation(method, url);
    if (!entry) return [`${method} ${url}: no documented operation`];
    const where = `${method} ${url} (${entry.operation['operationId'] as string}) → ${response.statusCode}`;
    const responses = entry.operation['responses'] as Record<string, JsonObject>;
    const documented = responses[String(response.statusCode)] ?? responses[`${String(response.statusCode)[0]}XX`] ?? responses['default'];
    if (!documented) return [`${where}: status not documented (documented: ${Object.keys(responses).join(', ')})`];
    const content = documented['content'] as Record<string, { schema?: unknown }> | undefined;
    const header = response.headers['content-type'];
    const contentType = (typeof header === 'string' ? header : '').split(';')[0]!.trim();
    if (!content) return response.body === '' ? [] : [`${where}: a body was sent but none is documented`];
    const media = content[contentType];
    if (!media) return [`${where}: content type ${contentType || '(none)'} not documented (documented: ${Object.keys(content).join(', ')})`];
    if (media.schema === undefined) return [];
    let value: unknown = response.body;
    if (contentType === 'application/json') {
      try {
        value = JSON.parse(response.body);
      } catch {
        return [`${where}: the body is not JSON`];
      }
    } else if (!contentType.startsWith('text/')) {
      return []; // binary content (audio, a script): its type is what is documented
    }
    const validate = this.validator(media.schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
  }

  /** Throws, naming every problem, when `response` does not match the document. */
  assertValid(method: string, url: string, response: CheckedResponse): void {
    const problems = this.problems(method, url, response);
    if (problems.length > 0) throw new Error(`response does not match the OpenAPI document:\n${problems.join('\n')}\nbody: ${response.body.slice(0, 500)}`);
  }

  private validator(schema: unknown): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema) as JsonObject);
      this.compiled.set(schema, validate);
    }
    return validate;
  }
}

/** `#/components/…` references, pointed at the components schema added above. */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === '$ref' && typeof item === 'string' && item.startsWith('#/components/') ? `kataven:openapi${item}` : rebase(item),
    ]),
  );
}
