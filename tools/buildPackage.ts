import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions, type Metafile } from "esbuild";

/**
 * Builds the published package into lib/ (`npm run build:package`, run by `prepack`):
 * what `npm install stream-mixing-sim` gets. dist/ (tsc, one file per module) stays the
 * development build that the tests and the repository's bin run.
 *
 * The package's own dependencies are bundled in by esbuild, so that a consumer who wants
 * `simulate` does not install the CLI's chart engine, protobuf, XML writer and argument
 * parser as packages (issue 19: at most 15 MB and 20 packages). Only what cannot be
 * bundled stays a runtime dependency, in package.json's `dependencies` and in EXTERNAL
 * below: a native addon, and tinypool, which starts its workers from its own files.
 * Everything else the code imports is a devDependency. CONTRIBUTING.md says how to add one.
 *
 * - The library entries (the model, the harness, the vitest matcher) are one build with
 *   shared chunks, so that `UserError` from `stream-mixing-sim` and from
 *   `stream-mixing-sim/harness` are one class.
 * - The CLI and the worker modules (the pool's sweep, swarm and watch workers, the
 *   engine's rank-block thread and a run's writer thread) are each one file: the CLI and the harness find their workers
 *   and echarts.min.js (which the report inlines) beside them through import.meta.url,
 *   as it does in dist/.
 * - Types are tsc's declarations of the three entries, without declaration maps; no
 *   source maps either, since the sources are not shipped.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "lib");

/** Runtime dependencies left out of the bundle; each is in package.json's `dependencies` (or a peer). */
export const EXTERNAL = ["@node-rs/crc32", "tinypool", "vitest", "vitest/*"];

/**
 * What the package must not hold: the development tools (tools/, `sim mutate` among them,
 * which the repository's CLI adds: tools/repositoryCli.ts) and the packages only they
 * use. A bundle that takes any of them in fails the build, naming what it took in.
 */
const DEVELOPMENT_ONLY = [/^tools\//, /^node_modules\/(typescript|tsx)\//];

const COMMON: BuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  external: EXTERNAL,
  // Bundled CommonJS dependencies (seedrandom, write-file-atomic) call require() for
  // Node's built-ins and read __filename: an ES module has neither, so each file makes them.
  banner: {
    js: [
      'import { createRequire as __simCreateRequire } from "node:module";',
      'import { fileURLToPath as __simFileURLToPath } from "node:url";',
      "const require = __simCreateRequire(import.meta.url);",
      "const __simFilename = __simFileURLToPath(import.meta.url);",
      'const __simDirname = __simFileURLToPath(new URL(".", import.meta.url));',
    ].join(" "),
  },
  // Free uses only: an ES module of the bundle that declares its own __dirname keeps it.
  define: { __filename: "__simFilename", __dirname: "__simDirname" },
  legalComments: "inline",
  logLevel: "warning",
  sourcemap: false,
};

export async function buildPackage(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  const library = await build({
    ...COMMON,
    entryPoints: { index: "src/index.ts", harness: "sim/harness.ts", vitest: "sim/vitest.ts" },
    outdir: OUT,
    splitting: true,
    metafile: true,
    chunkNames: "chunks/[name]-[hash]",
  });
  const cli = await build({
    ...COMMON,
    entryPoints: {
      cli: "sim/cli.ts",
      sweepWorker: "sim/execute/sweep/sweepWorker.ts",
      findRunsWorker: "sim/execute/sweep/findRunsWorker.ts",
      swarmWorker: "sim/execute/swarm/swarmWorker.ts",
      watchWorker: "sim/cli/watch/watchWorker.ts",
      rankBlockWorker: "sim/execute/threads/rankBlockWorker.ts",
      runWriterWorker: "sim/execute/run/runWriterWorker.ts",
    },
    outdir: OUT,
    splitting: false,
    metafile: true,
  });
  const development = [library.metafile, cli.metafile].flatMap((metafile) =>
    Object.keys(metafile.inputs).filter((input) => DEVELOPMENT_ONLY.some((pattern) => pattern.test(input))),
  );
  if (development.length > 0)
    throw new Error(
      `the published bundle takes in development-only code (tools/repositoryCli.ts adds such commands to the repository's CLI only):\n${development.map((input) => `  ${input}`).join("\n")}`,
    );
  const echarts = dirname(createRequire(join(ROOT, "package.json")).resolve("echarts"));
  copyFileSync(join(echarts, "echarts.min.js"), join(OUT, "echarts.min.js"));
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.types.json"], { cwd: ROOT, stdio: "inherit" });
  const unresolvable = unresolvableTypeImports(join(OUT, "types"));
  if (unresolvable.length > 0) {
    throw new Error(
      `the published declarations import packages a consumer does not install (bundled or development-only), so \`tsc\` with skipLibCheck false fails there; type them with the package's own types instead:\n${unresolvable.map((line) => `  ${line}`).join("\n")}`,
    );
  }
  writeFileSync(join(OUT, "THIRD-PARTY-LICENSES.txt"), thirdPartyLicenses([library.metafile, cli.metafile], ["echarts"]));
}

/**
 * The imports of the declarations under `dir` that an installed package cannot resolve,
 * as `file: module`: a module that is not relative, not one of Node's, and not the
 * package itself, one of its `dependencies` or a peer. A bundled package (ajv, say) is
 * in the JavaScript but not in the consumer's node_modules, so a declaration that names
 * its types breaks a consumer who checks the libraries' declarations.
 */
function unresolvableTypeImports(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    name: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const installed = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const packageOf = (specifier: string) =>
    specifier
      .split("/")
      .slice(0, specifier.startsWith("@") ? 2 : 1)
      .join("/");
  const found: string[] = [];
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".d.ts"))
    .sort()) {
    // Comments are left out: a doc comment's example imports the package by its own name.
    const code = readFileSync(join(dir, file), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)) {
      const specifier = match[1]!;
      if (specifier.startsWith(".") || specifier.startsWith("node:") || isBuiltin(specifier) || installed.has(packageOf(specifier))) continue;
      found.push(`lib/types/${file}: ${specifier}`);
    }
  }
  return found;
}

/**
 * The licence texts of every package bundled into lib/ (and of `extra`, copied whole),
 * which their licences ask to travel with the copies; sorted by name.
 */
function thirdPartyLicenses(metafiles: readonly Metafile[], extra: readonly string[]): string {
  const packages = new Map(extra.map((name) => [name, join("node_modules", name)]));
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
      if (match !== null) packages.set(match[2]!, match[1]!);
    }
  }
  const sections = [...packages.keys()].sort().map((name) => {
    const dir = join(ROOT, packages.get(name)!);
    const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string; license?: string };
    const file = readdirSync(dir).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
    // A few packages (@bufbuild/protobuf) ship no licence file: their package.json names the licence.
    const text =
      file === undefined ? `${license ?? "no licence named"}, as its package.json says (its package has no licence file).` : readFileSync(join(dir, file), "utf8").trim();
    return `${name} ${version}, licence ${license ?? "below"}\n\n${text}\n`;
  });
  return `The published package bundles these packages (tools/buildPackage.ts).\n\n${sections.join(`\n${"-".repeat(78)}\n\n`)}`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildPackage();
