#!/usr/bin/env node
// The compiled stdio server (SPEC §M). stdout carries the MCP protocol and nothing else; messages go to stderr.
import { runStdio } from '../dist/stdio.js';

runStdio(process.argv.slice(2), process.env).catch((err) => {
  console.error(`kataven-mcp: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
