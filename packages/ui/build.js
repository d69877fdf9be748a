// Builds the Hub UI (SPEC §U) into dist/: index.html, assets/app.js (one esbuild bundle of src/main.tsx, Preact)
// and assets/app.css. Fixed file names: the hub serves them with an ETag and `no-cache`, so a deploy is seen at once.
// Run by the root `npm run build` (and so by `npm ci` through `prepare`).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
const out = path.join(here, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(here, 'src/main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  outfile: path.join(out, 'assets/app.js'),
  logLevel: 'warning',
});
copyFileSync(path.join(here, 'src/index.html'), path.join(out, 'index.html'));
copyFileSync(path.join(here, 'src/app.css'), path.join(out, 'assets/app.css'));
