// @kataven/mcp: the Kataven tool set for MCP clients (SPEC §M).
export { ANNOTATIONS_BY_KIND, type ToolKind } from './annotations.js';
export { createKatavenMcpServer, KATAVEN_TOOLS, katavenTools, type KatavenMcpServerOptions, SERVER_NAME, SERVER_VERSION } from './server.js';
export { DEFAULT_API_URL, runStdio, stdioConfig } from './stdio.js';
export { toolErrorResult } from './tool-errors.js';
export type { KatavenTool } from './tools/tool.js';
export { fenceUntrusted } from './untrusted-content.js';
