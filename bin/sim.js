#!/usr/bin/env node
const { runCli } = await import("../dist/sim/cli.js").catch((error) => { if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/sim/cli.js")) { console.error("sim: dist/ is not built; run `npm install` (or `npm run build`) in the package first"); process.exit(3); } throw error; }); process.exitCode = await runCli(process.argv.slice(2));
