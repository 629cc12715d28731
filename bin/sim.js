#!/usr/bin/env node
import "tsx"; const { runCli } = await import("../sim/cli.ts"); process.exitCode = await runCli(process.argv.slice(2));
