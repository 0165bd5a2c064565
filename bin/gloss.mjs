#!/usr/bin/env -S node --max-semi-space-size=8
// The `gloss` command: runs the TypeScript sources through tsx, so no build step is needed.
// --max-semi-space-size=8 (also in package.json's "start"; test/node-flags.test.ts keeps them the
// same): V8's young generation at 8 MB a half instead of 16. Measured under the soak (npm run bench
// soak): peak 232 MB against 255 MB, at the same requests per second; 4 MB promoted more to the old
// generation and peaked at 288 MB.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The project's own tsconfig (JSX settings), whatever folder the command is run from.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
