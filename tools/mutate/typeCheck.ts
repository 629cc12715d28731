import { dirname, join, relative, resolve } from "node:path";
import type TypeScript from "typescript";

export interface TypeCheckResult {
  /** Diagnostics in a position-free form (`file: error TSnnnn: message`), one per entry. */
  readonly diagnostics: readonly string[];
  readonly elapsedMs: number;
}

/**
 * The project's `tsc --noEmit -p tsconfig.json`, kept alive for a whole `sim mutate` run
 * in the manner of StrykerJS's TypeScript checker: one program over the pristine copy,
 * parsed and bound once, and for each mutant a program that differs from it by the
 * mutated file only, whose unchanged files are the pristine program's own sources.
 *
 * A mutant can change the diagnostics of only some files, as TypeScript's incremental
 * builder decides them: the mutated file, and, when its shape (its declarations as a
 * `.d.ts`) changed, the files that import it, directly or through others. Every other
 * file has the same diagnostics in both programs, so only those files are checked, in
 * the mutant's program and in the pristine one (each pristine file once a run), and
 * what the mutant's have that the pristine ones do not is what the mutant brings. The
 * whole project is never checked: that was 15 to 20 s of CPU a run here, most of
 * `sim mutate --only <one mutant>`, and the first mutant after it cost 9 s more, since
 * the builder, which knew no file's shape yet, re-checked every file importing the
 * mutated one. Here the pristine shape comes from the pristine program, so a mutant that
 * keeps its file's declarations costs a check of that file in each program.
 *
 * Diagnostics are reported as tsc reports them, with positions dropped, so that a
 * baseline error in a mutated file still compares equal after an edit moved its line.
 * TypeScript is loaded only when a run starts: the rest of the CLI never pays for it.
 */
export class MutantTypeChecker {
  /** The unmutated program, built by `baseline`; every mutant's program reuses its files. */
  private pristine: TypeScript.Program | undefined;
  /** Each file's declaration text in the pristine program, computed when a mutant first changes the file. */
  private readonly pristineShapes = new Map<string, string | undefined>();
  /** For each file of the pristine program, the files that import it (built on first need). */
  private importers: ReadonlyMap<string, readonly string[]> | undefined;
  /** The text each file has in the program being built: the mutated text, or undefined for the file on disk. */
  private overrides: ReadonlyMap<string, string> = new Map();
  private readonly onDisk = new Map<string, TypeScript.SourceFile | undefined>();

  private constructor(
    private readonly ts: typeof TypeScript,
    private readonly projectDir: string,
    private readonly config: TypeScript.ParsedCommandLine,
    private readonly host: TypeScript.CompilerHost,
  ) {}

  /** Reads `projectDir`'s tsconfig.json; `baseline` builds the program. */
  static async create(projectDir: string): Promise<MutantTypeChecker> {
    const ts = (await import("typescript")).default;
    const configFile = join(projectDir, "tsconfig.json");
    const parseHost: TypeScript.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
    const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, parseHost) ?? {
      options: {},
      fileNames: [],
      errors: [{ category: ts.DiagnosticCategory.Error, code: 5083, file: undefined, start: undefined, length: undefined, messageText: `Cannot read file '${configFile}'.` }],
    };
    const host = ts.createCompilerHost(config.options);
    // Doc comments parsed as tsc parses them: in TypeScript files only those that can
    // change a type error (@see, @link), where the API's default parses every one. The
    // diagnostics are tsc's, and this project's program is parsed and bound in a fresh
    // process with about 0.35 s less CPU, of 4.1 s.
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
    const checker = new MutantTypeChecker(ts, resolve(projectDir), config, host);
    checker.installSourceCache();
    return checker;
  }

  /**
   * Parses and binds the unmutated project, and returns the errors it already has in its
   * configuration, syntax, options and globals (the checks that span the whole program;
   * a file's own type errors are found when a mutant changes that file). A mutant is
   * unviable only for errors the unmutated program does not have.
   */
  baseline(monotonicMs: () => number): TypeCheckResult {
    const started = monotonicMs();
    this.overrides = new Map();
    this.pristine ??= this.createProgram(undefined);
    return { diagnostics: this.tscDiagnostics(this.pristine, new Set()), elapsedMs: monotonicMs() - started };
  }

  /**
   * The errors that `mutated` (paths relative to the project, to their mutated text) in
   * place of those files on disk brings to the project's type check: what tsc would
   * report of the mutated project and not of the unmutated one. Synchronous:
   * TypeScript's checker is, and a check always ends.
   */
  check(mutated: ReadonlyMap<string, string>, monotonicMs: () => number): TypeCheckResult {
    const started = monotonicMs();
    this.overrides = new Map();
    const pristine = (this.pristine ??= this.createProgram(undefined));
    this.overrides = new Map([...mutated].map(([file, text]) => [resolve(this.projectDir, file), text]));
    const program = this.createProgram(pristine);
    const affected = this.affectedFiles(pristine, program);
    const diagnostics = newDiagnostics(this.tscDiagnostics(program, affected), this.tscDiagnostics(pristine, affected));
    return { diagnostics, elapsedMs: monotonicMs() - started };
  }

  private createProgram(oldProgram: TypeScript.Program | undefined): TypeScript.Program {
    const { config } = this;
    return this.ts.createProgram({
      rootNames: config.fileNames,
      options: config.options,
      host: this.host,
      oldProgram,
      configFileParsingDiagnostics: config.errors,
      ...(config.projectReferences === undefined ? {} : { projectReferences: config.projectReferences }),
    });
  }

  /**
   * The diagnostics `tsc --noEmit` prints, in its order: syntax first, and semantics only
   * when the syntax is sound, here of the files in `semantics` alone ("all": every file).
   * Diagnostics outside the files a mutant affects are the same in the mutated and the
   * unmutated program, so comparing these two says what tsc's would.
   */
  private tscDiagnostics(program: TypeScript.Program, semantics: ReadonlySet<string> | "all"): string[] {
    const { ts } = this;
    const all: TypeScript.Diagnostic[] = [...program.getConfigFileParsingDiagnostics()];
    const configCount = all.length;
    all.push(...program.getSyntacticDiagnostics());
    if (all.length === configCount) {
      all.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
      if (all.length === configCount)
        for (const file of program.getSourceFiles()) if (semantics === "all" || semantics.has(file.fileName)) all.push(...program.getSemanticDiagnostics(file));
    }
    return ts
      .sortAndDeduplicateDiagnostics(all)
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map((d) => this.describe(d));
  }

  /**
   * The files of `program` whose diagnostics a mutant can change: each mutated file, and
   * when its declarations differ from the pristine ones, every file importing it,
   * directly or not ("all" when the file, mutated or not, is a script or declares globals
   * or modules, which reach files that never import it).
   */
  private affectedFiles(pristine: TypeScript.Program, program: TypeScript.Program): ReadonlySet<string> | "all" {
    const affected = new Set<string>();
    for (const fileName of this.overrides.keys()) {
      const file = program.getSourceFile(fileName);
      if (file === undefined) continue;
      const original = pristine.getSourceFile(fileName);
      if ([file, original].some((f) => f === undefined || f.isDeclarationFile || !this.ts.isExternalModule(f) || /\bdeclare\s+(global|module)\b/.test(f.text))) return "all";
      affected.add(file.fileName);
      const before = this.pristineShapes.has(file.fileName) ? this.pristineShapes.get(file.fileName) : this.shapeOf(pristine, file.fileName);
      this.pristineShapes.set(file.fileName, before);
      const after = this.shapeOf(program, file.fileName);
      if (before === undefined || after === undefined || before !== after) for (const importer of this.importersOf(pristine, file.fileName)) affected.add(importer);
    }
    return affected;
  }

  /** A file's declarations as `.d.ts` text, with the declaration emit's diagnostics; undefined when none could be emitted. */
  private shapeOf(program: TypeScript.Program, fileName: string): string | undefined {
    const file = program.getSourceFile(fileName);
    if (file === undefined) return undefined;
    let shape: string | undefined;
    const writeFile = (
      _name: string,
      text: string,
      _bom: boolean,
      _onError: unknown,
      _sources: unknown,
      data?: { readonly diagnostics?: readonly TypeScript.Diagnostic[] },
    ): void => {
      // The declaration emit's own diagnostics (an inferred type it cannot name), as the builder folds them into a file's signature.
      const problems = (data?.diagnostics ?? []).map((d) => `(${d.start},${d.length})${d.code}: ${this.ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
      shape = [text, ...problems].join("\n");
    };
    // `emit` as the compiler's incremental builder calls it to get a file's signature: its
    // sixth argument, `forceDtsEmit`, which the published typings leave out, emits the
    // declarations even under `noEmit`.
    Reflect.apply(program.emit, program, [file, writeFile, undefined, true, undefined, true]);
    return shape;
  }

  /** The files importing `fileName`, directly or through other files, in the pristine program. */
  private importersOf(pristine: TypeScript.Program, fileName: string): string[] {
    const importers = (this.importers ??= this.importGraph(pristine));
    const found = new Set<string>();
    const queue = [fileName];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const importer of importers.get(next) ?? []) {
        if (found.has(importer) || importer === fileName) continue;
        found.add(importer);
        queue.push(importer);
      }
    }
    return [...found];
  }

  /**
   * Who imports whom among the project's own files (node_modules never imports them):
   * every module specifier TypeScript's pre-processor finds in a file (imports, exports
   * from, import types, dynamic imports, requires) resolved as the program resolves it,
   * under both module formats, and every `/// <reference path>`. A file counted as an
   * importer that is not one only costs a re-check.
   */
  private importGraph(pristine: TypeScript.Program): ReadonlyMap<string, readonly string[]> {
    const { ts } = this;
    const options = pristine.getCompilerOptions();
    const cache = ts.createModuleResolutionCache(this.projectDir, (name) => name, options);
    const importers = new Map<string, string[]>();
    const add = (imported: string | undefined, importer: string): void => {
      if (imported === undefined) return;
      const key = resolve(imported);
      const list = importers.get(key) ?? [];
      list.push(importer);
      importers.set(key, list);
    };
    for (const file of pristine.getSourceFiles()) {
      if (file.fileName.includes("/node_modules/")) continue;
      const found = ts.preProcessFile(file.text, true, true);
      for (const { fileName: specifier } of found.importedFiles)
        for (const mode of [ts.ModuleKind.ESNext, ts.ModuleKind.CommonJS] as const)
          add(ts.resolveModuleName(specifier, file.fileName, options, this.host, cache, undefined, mode).resolvedModule?.resolvedFileName, file.fileName);
      for (const reference of found.referencedFiles) add(join(dirname(file.fileName), reference.fileName), file.fileName);
    }
    return new Map([...importers].map(([imported, list]) => [pristine.getSourceFile(imported)?.fileName ?? imported, list]));
  }

  /** tsc's `--pretty false` line without the position, and only the message's first line. */
  private describe(diagnostic: TypeScript.Diagnostic): string {
    const message = this.ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n").split("\n")[0] ?? "";
    const where = diagnostic.file === undefined ? "" : `${relative(this.projectDir, diagnostic.file.fileName).split("\\").join("/")}: `;
    return `${where}error TS${diagnostic.code}: ${message}`.trim();
  }

  /**
   * Serves every unchanged file from one parsed copy (a program reuses a source file of
   * its old program only when it gets the same object back) and a mutated file from its
   * text.
   */
  private installSourceCache(): void {
    const read = this.host.getSourceFile.bind(this.host);
    this.host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const override = this.overrides.get(resolve(fileName));
      if (override !== undefined) return this.ts.createSourceFile(fileName, override, languageVersion);
      if (!this.onDisk.has(fileName)) this.onDisk.set(fileName, read(fileName, languageVersion, onError, shouldCreate));
      return this.onDisk.get(fileName);
    };
  }
}

/** The diagnostics of `mutated` that the unmutated project does not have. */
export function newDiagnostics(mutated: readonly string[], baseline: readonly string[]): string[] {
  const known = new Set(baseline);
  return mutated.filter((d) => !known.has(d));
}
