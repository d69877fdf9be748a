// The ONE table of tool annotations (SPEC §M, STYLE 13: github-mcp-server derives every hint from a tool's kind).
// A tool names its kind; its hints, and whether read-only mode serves it, follow from this table alone.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

export type ToolKind = 'read' | 'create' | 'update' | 'delete' | 'originate';

type Hints = Required<Pick<ToolAnnotations, 'readOnlyHint' | 'destructiveHint' | 'idempotentHint' | 'openWorldHint'>>;

/**
 * - read: changes nothing, so repeats are harmless.
 * - create: adds a resource; a repeat adds another.
 * - update: sets fields to given values; a repeat changes nothing more.
 * - delete: removes (or revokes) a resource for good, so clients should ask for approval.
 * - originate: places a real phone call to a third party (the open world), costs money, cannot be undone.
 */
export const ANNOTATIONS_BY_KIND: Readonly<Record<ToolKind, Hints>> = {
  read: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  create: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  update: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  delete: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  originate: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};
