// The import rules of the tree, checked by dependency-cruiser in `npm run lint`
// (`npm run lint:imports` alone): no circle, a pure model, and sim/'s role folders
// in layers that import only downwards.

/**
 * sim/'s role folders, bottom first: a folder may import its own and those below it,
 * never one above. The order follows what each does with the one before it:
 *
 *   base     sim/limits.ts, exitCodes.ts, version.ts: constants every layer shares.
 *   io       files, console, clock, signals, progress: the edges of the process.
 *   format   how the harness's files and texts are laid out (JSONL, metrics rows,
 *            JUnit XML, key patterns, run file names, a run's rows as a chart draws
 *            them), over io's readers and writers.
 *   input    reading what a user gives (scenario, trace, snapshot) into the model's
 *            terms, in those formats.
 *   execute  running the engine on an input: a run and the files it writes (its
 *            directory, TensorBoard's event files, W&B's offline run), a sweep, a
 *            swarm, the ledger replayed on a recorded trace, threads and the pool.
 *   verify   judging what a run gave: golden files, expectations, the check that runs
 *            every scenario against them, the determinism audit.
 *   analyse  reading finished runs and sweeps for a person: explain, the HTML
 *            reports (of a run, of a check, of a sweep), export.
 *   cli      the commands, their actions and the watch server, which put the rest
 *            together for one command line.
 *   entries  sim/cli.ts, harness.ts and vitest.ts: the package's entry points.
 *
 * src/ (the model) is below all of them and imports none; tools/ and test/ are above.
 */
export const LAYERS = [
  ["base", "^sim/(limits|exitCodes|version)\\.ts$"],
  ["io", "^sim/io/"],
  ["format", "^sim/format/"],
  ["input", "^sim/input/"],
  ["execute", "^sim/execute/"],
  ["verify", "^sim/verify/"],
  ["analyse", "^sim/analyse/"],
  ["cli", "^sim/cli/"],
  ["entries", "^sim/(cli|harness|vitest)\\.ts$"],
];

const upwardImports = LAYERS.slice(0, -1).map(([name, path], index) => ({
  name: `no-upward-import-from-${name}`,
  comment: `sim/'s layers import downwards only (the order is written atop .dependency-cruiser.mjs): ${name} imports none of ${LAYERS.slice(index + 1)
    .map(([above]) => above)
    .join(", ")}.`,
  severity: "error",
  from: { path },
  to: { path: LAYERS.slice(index + 1).map(([, above]) => above) },
}));

export default {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "A circle of imports, type-only ones included: the modules in it cannot be understood, tested or loaded one without the other. (A command's action takes its declared arguments' type from the command's module, which imports nothing of the action: sim/cli/commands/index.ts pairs the two.)",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "src-is-the-pure-model",
      comment: "src/ is the model under the harness: no files, processes or environment (node:*), nothing of sim/, tools/ or test/; pass what the model needs in.",
      severity: "error",
      from: { path: "^src/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "src-imports-only-src",
      comment: "src/ is the model under the harness: sim/ imports src/, never the other way; tools/ and test/ are above both.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(sim|tools|test|bin)/" },
    },
    {
      name: "sim-imports-no-tools",
      comment: "tools/ holds the development tools, kept out of the published package (tools/buildPackage.ts): sim/ imports nothing of it.",
      severity: "error",
      from: { path: "^sim/" },
      to: { path: "^(tools|test)/" },
    },
    {
      name: "run-workers-load-no-input-checking",
      comment:
        "A run (every sweep worker runs one config after another) loads neither the input's schema checks nor the scenario's TOML parser and error messages: they are half a megabyte of code that a worker parses before its first config, paid again by each of `sim sweep --jobs N`'s workers (docs/bench.md, section 6). Reading a file a user gives belongs to the command, before the pool.",
      severity: "error",
      from: { path: "^sim/execute/(run/executeRun|sweep/sweepWorker)\\.ts$" },
      to: { path: ["^sim/input/schemaChecks\\.generated\\.ts$", "^sim/input/scenario/(tomlParser|schemaErrors)\\.ts$", "fastest-levenshtein"], reachable: true },
    },
    ...upwardImports,
  ],
  options: {
    // Type-only imports count: a circle or an upward import through types ties the
    // modules together for every reader and for the type checker all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|lib)/" },
  },
};
