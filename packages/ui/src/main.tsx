// The Hub UI's entry (SPEC §U), bundled by build.mjs into dist/assets/app.js.
import { render } from 'preact';
import { App } from './app.js';

render(<App />, document.getElementById('app')!);
