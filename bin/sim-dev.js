#!/usr/bin/env node
// The CLI from the TypeScript sources, through tsx (a development dependency): for mutant
// workspaces, which hold sources but no build.
import "tsx";
const { runCli } = await import("../sim/cli.ts");
process.exitCode = await runCli(process.argv.slice(2));
