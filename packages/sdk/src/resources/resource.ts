import type { Core } from '../core.js';

/** A group of endpoints, sharing the client's core (one per resource file, STYLE 12). */
export abstract class APIResource {
  constructor(protected readonly core: Core) {}
}

/** A path segment from a caller's id: encoded, so an id can never change the path. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}
