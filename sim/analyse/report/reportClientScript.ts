import { BAND_FILL_ID_PREFIX } from "./chartOption.ts";
import { REPORT_CLIENT_FUNCTIONS } from "./client/reportClient.ts";

/**
 * The page's own script: the functions of client/reportClient.ts (a module that tsc and
 * eslint read like any other) declared by their own text, then `reportClient` called.
 * A function's text is what the running code was compiled to: tsc's output for the built
 * package, esbuild's under tsx and vitest, where esbuild names arrow functions with a
 * `__name` helper of the module's, which the page therefore defines (as the identity).
 */
export const REPORT_CLIENT_SCRIPT = [
  "(function () {",
  '"use strict";',
  "var __name = function (target) { return target; };",
  ...REPORT_CLIENT_FUNCTIONS.map((f) => f.toString()),
  `reportClient(${JSON.stringify(BAND_FILL_ID_PREFIX)});`,
  "})();",
].join("\n");
