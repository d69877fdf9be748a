// Every "METHOD /full/path" a Fastify app serves, rebuilt from its printed route tree: the security suites use it
// to prove that no route escapes them.
import type { FastifyInstance } from 'fastify';

export interface ServedRoute {
  method: string;
  path: string;
}

export function servedRoutes(app: FastifyInstance): ServedRoute[] {
  const served: ServedRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([^)]+)\))?$/.exec(line);
    if (!match) continue;
    stack.length = match[1]!.length / 4;
    stack.push(match[2]!);
    for (const method of match[3]?.split(', ') ?? []) served.push({ method, path: stack.join('') });
  }
  return served;
}
