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

// A command's module declares its arguments and loads its action only when it runs
// (sim/cli/commands/index.ts); the action takes the declared argument type by a
// type-only import, which is what makes the declaration the type's only source. That
// circle exists only for the type checker: the import is erased, and the other way is
// a lazy import(), so no module can meet another half-initialised. Breaking it would
// take a third module per command for the declaration alone. Such a circle is allowed
// there, and only there; any circle through a run-time import is not.
const COMMAND_MODULES = "^(sim/cli|tools/mutate)/";

export default {
  forbidden: [
    {
      name: "no-circular",
      comment: "A circle of imports, type-only ones included: the modules in it cannot be understood, tested or loaded one without the other.",
      severity: "error",
      from: { pathNot: COMMAND_MODULES },
      to: { circular: true },
    },
    {
      name: "no-circular-at-run-time-in-commands",
      comment: "A circle among the commands and actions with no type-only import in it: one of its modules runs before another has finished loading.",
      severity: "error",
      from: { path: COMMAND_MODULES },
      to: { circular: true, dependencyTypesNot: ["type-only"], viaOnly: { dependencyTypesNot: ["type-only"] } },
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
