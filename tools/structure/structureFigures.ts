import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { importEdges, importKnots, upwardImports } from "./importGraph.ts";
import { sourceCounts } from "./sourceCounts.ts";

/**
 * The structure figures of issue 18's note, for the working tree and for older commits:
 *
 *   node --import tsx tools/structure/structureFigures.ts [REV ...]
 *
 * prints one column per commit named (read from `git archive REV`) and one for the
 * working tree. The code counted is src/, sim/ and tools/ (tests and generated files
 * left out). Upward imports are counted in today's layering (LAYERS in
 * .dependency-cruiser.mjs): an older commit's module is placed where git's rename
 * detection says it went, or, if it went nowhere, where most of its folder went.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CODE_FOLDERS = ["src", "sim", "tools"];
const MAX_FUNCTION_LINES = 70;
const SMALL_FILE_LINES = 10;

interface Figures {
  readonly files: number;
  readonly longFunctions: number;
  readonly smallFiles: number;
  readonly casts: number;
  readonly knots: number;
  readonly runTimeKnots: number;
  readonly upward: number;
}

function codeFolders(root: string): string[] {
  return CODE_FOLDERS.filter((folder) => existsSync(join(root, folder)));
}

function codeFiles(root: string): string[] {
  return codeFolders(root).flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.includes(".generated."))
      .map((name) => join(folder, name)),
  );
}

async function layerOfToday(): Promise<(path: string) => number | undefined> {
  const config: unknown = await import(pathToFileURL(join(ROOT, ".dependency-cruiser.mjs")).href);
  const layers: unknown = typeof config === "object" && config !== null && "LAYERS" in config ? config.LAYERS : undefined;
  if (!Array.isArray(layers)) throw new Error(".dependency-cruiser.mjs exports no LAYERS");
  const patterns = layers.map(([, path]) => new RegExp(String(path)));
  return (path) => {
    const layer = patterns.findIndex((pattern) => pattern.test(path));
    return layer < 0 ? undefined : layer;
  };
}

/** Where each of REV's code files is today: git's renames, else the folder most of its folder's renamed files went to. */
function pathsToday(rev: string): (path: string) => string {
  const renames = new Map<string, string>();
  const diff = execFileSync("git", ["diff", "--name-status", "-M", rev, "HEAD", "--", ...CODE_FOLDERS], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  for (const line of diff.split("\n")) {
    const [status, from, to] = line.split("\t");
    if (status?.startsWith("R") && from !== undefined && to !== undefined) renames.set(from, to);
  }
  const votes = new Map<string, Map<string, number>>();
  for (const [from, to] of renames) {
    const tally = votes.get(dirname(from)) ?? new Map<string, number>();
    tally.set(dirname(to), (tally.get(dirname(to)) ?? 0) + 1);
    votes.set(dirname(from), tally);
  }
  const folderToday = (folder: string): string => [...(votes.get(folder) ?? new Map([[folder, 1]]))].sort((a, b) => b[1] - a[1])[0]?.[0] ?? folder;
  return (path) => renames.get(path) ?? join(folderToday(dirname(path)), path.slice(dirname(path).length + 1));
}

async function measure(root: string, today: (path: string) => string): Promise<Figures> {
  const files = codeFiles(root);
  const counts = files.map((file) => sourceCounts(file, readFileSync(join(root, file), "utf8"), MAX_FUNCTION_LINES));
  const edges = importEdges(root, codeFolders(root));
  const layerOf = await layerOfToday();
  return {
    files: files.length,
    longFunctions: counts.reduce((sum, count) => sum + count.longFunctions.length, 0),
    smallFiles: counts.filter((count) => count.lines <= SMALL_FILE_LINES).length,
    casts: counts.reduce((sum, count) => sum + count.casts, 0),
    knots: importKnots(edges).length,
    runTimeKnots: importKnots(edges.filter((edge) => !edge.typeOnly)).length,
    upward: upwardImports(edges, (module) => layerOf(today(module))).length,
  };
}

async function measureRevision(rev: string): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), "structure-figures-"));
  try {
    const present = execFileSync("git", ["ls-tree", "--name-only", rev], { cwd: ROOT, encoding: "utf8" }).split("\n");
    const folders = CODE_FOLDERS.filter((folder) => present.includes(folder));
    const tar = execFileSync("git", ["archive", "--format=tar", rev, ...folders, "tsconfig.json"], { cwd: ROOT, maxBuffer: 512 * 1024 * 1024 });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
    return await measure(dir, pathsToday(rev));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ROWS: readonly [label: string, pick: (figures: Figures) => number][] = [
  ["TypeScript files in src/ sim/ tools/", (f) => f.files],
  [`functions over ${MAX_FUNCTION_LINES} lines`, (f) => f.longFunctions],
  [`files of ${SMALL_FILE_LINES} lines or fewer`, (f) => f.smallFiles],
  ["`as` casts (not `as const`)", (f) => f.casts],
  ["import circles (knots), type-only imports included", (f) => f.knots],
  ["import circles (knots) through run-time imports only", (f) => f.runTimeKnots],
  ["upward imports between sim/'s layers", (f) => f.upward],
];

async function main(revisions: readonly string[]): Promise<void> {
  const columns = [...revisions, "working tree"];
  const figures = [...(await Promise.all(revisions.map(measureRevision))), await measure(ROOT, (path) => path)];
  console.log(`| figure | ${columns.join(" | ")} |\n|---|${columns.map(() => "---:").join("|")}|`);
  for (const [label, pick] of ROWS) console.log(`| ${label} | ${figures.map(pick).join(" | ")} |`);
  console.log(`\n(${relative(process.cwd(), ROOT) || "."}; \`node --import tsx tools/structure/structureFigures.ts ${revisions.join(" ")}\`)`);
}

await main(process.argv.slice(2));
