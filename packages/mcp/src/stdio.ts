// `kataven-mcp [--read-only]`: the tool set on stdio for desktop clients (SPEC §M). The key comes from
// KATAVEN_API_KEY, the hub from KATAVEN_API_URL. stdout carries the protocol only; anything else goes to stderr.
import { Kataven } from '@kataven/sdk';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createKatavenMcpServer } from './server.js';

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';

export interface StdioConfig {
  apiKey: string;
  baseUrl: string;
  readOnly: boolean;
}

/** Reads the configuration once; a missing key or an unknown flag fails at start, loudly (STYLE 4). */
export function stdioConfig(argv: readonly string[], env: NodeJS.ProcessEnv): StdioConfig {
  let readOnly = false;
  for (const arg of argv) {
    if (arg === '--read-only') readOnly = true;
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; usage: kataven-mcp [--read-only]`);
  }
  const apiKey = env.KATAVEN_API_KEY?.trim();
  if (!apiKey) throw new Error('KATAVEN_API_KEY is not set (an sk_live_ key of the account)');
  const baseUrl = env.KATAVEN_API_URL?.trim() || DEFAULT_API_URL;
  try {
    new URL(baseUrl);
  } catch {
    throw new Error(`KATAVEN_API_URL is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  return { apiKey, baseUrl, readOnly };
}

export async function runStdio(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const config = stdioConfig(argv, env);
  const client = new Kataven({ apiKey: config.apiKey, baseUrl: config.baseUrl });
  const server = createKatavenMcpServer({ client, readOnly: config.readOnly });
  await server.connect(new StdioServerTransport());
}
