#!/usr/bin/env node
// `sim` and `stream-mixing-sim`: the repository's development build (dist/, tsc) when it
// is there, with the development commands (tools/repositoryCli.ts: `sim mutate`), else
// the published package's bundle (lib/, tools/buildPackage.ts), which is all an
// installed package has.
import { existsSync } from "node:fs";
import { URL } from "node:url";
const entry = ["../dist/tools/repositoryCli.js", "../lib/cli.js"].find((file) => existsSync(new URL(file, import.meta.url)));
if (entry === undefined) {
  console.error("sim: dist/ is not built; run `npm install` (or `npm run build`) in the package first");
  process.exit(3);
}
const { runCli } = await import(entry);
process.exitCode = await runCli(process.argv.slice(2));
