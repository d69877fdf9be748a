// What one tool is: its name, words for the model, its kind (which decides its annotations, annotations.ts), a strict
// input schema (unknown arguments refused: additionalProperties false), an output schema, and what it does through
// the SDK. Tools are grouped by resource, one file each (STYLE 13).
import type { Kataven } from '@kataven/sdk';
import { z } from 'zod';
import type { ToolKind } from '../annotations.js';

export interface KatavenTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly kind: ToolKind;
  readonly input: z.ZodObject;
  readonly output: z.ZodObject;
  /** Called with input already validated by `input`; returns the structured answer, valid under `output`. */
  run(client: Kataven, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** One factual sentence for the text mirror, written from the answer by the tool, never quoting account data. */
  summarize(result: Record<string, unknown>): string;
}

/** A typed tool definition, erased to `KatavenTool` so one list can hold every tool. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(tool: {
  name: string;
  title: string;
  description: string;
  kind: ToolKind;
  input: I;
  output: O;
  /** Returns the SDK's typed answers; the MCP server checks the result against `output` before it leaves. */
  run(client: Kataven, args: z.output<I>): Promise<object>;
  summarize?(result: z.input<O>): string;
}): KatavenTool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    kind: tool.kind,
    input: tool.input,
    output: tool.output,
    run: (client, args) => tool.run(client, args as z.output<I>) as Promise<Record<string, unknown>>,
    summarize: (result) => (tool.summarize ? tool.summarize(result as z.input<O>) : `${tool.title}: done.`),
  };
}

/** An id argument: a non-empty string of printable characters (the SDK encodes it into the path). */
export const idArg = (what: string) => z.string().min(1).max(200).describe(what);

export const timestamp = z.string().describe('ISO 8601 timestamp');
export const nullableTimestamp = timestamp.nullable();

/** The empty input of a tool that takes no argument, still strict. */
export const noInput = z.strictObject({});

export const deletedOutput = z.strictObject({ deleted: z.literal(true), id: z.string() });
