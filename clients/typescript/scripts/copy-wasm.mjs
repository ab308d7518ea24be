// Packages the committed Node build of the wasm prover (bridges/wasm/pkg/node)
// with the client, so offline verification needs nothing else.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";

const from = new URL("../../../bridges/wasm/pkg/node/", import.meta.url);
const to = new URL("../wasm/", import.meta.url);
mkdirSync(to, { recursive: true });
for (const f of ["hms_wasm.js", "hms_wasm.d.ts", "hms_wasm_bg.wasm"]) cpSync(new URL(f, from), new URL(f, to));
// The Node build is CommonJS; this package is ESM.
writeFileSync(new URL("package.json", to), '{ "type": "commonjs" }\n');
