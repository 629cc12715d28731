import { createHash } from "node:crypto";
import { join, relative, resolve } from "node:path";
import type TypeScript from "typescript";

export interface TypeCheckResult {
  /** Diagnostics in a position-free form (`file: error TSnnnn: message`), one per entry. */
  readonly diagnostics: readonly string[];
  readonly elapsedMs: number;
}

/** A source file the builder can compare across programs: its `version` is a hash of its text. */
type VersionedSourceFile = TypeScript.SourceFile & { version?: string };

/**
 * The project's `tsc --noEmit -p tsconfig.json`, kept alive for a whole `sim mutate` run
 * in the manner of StrykerJS's TypeScript checker: one program over the pristine copy,
 * and for each mutant a new program that differs from the last by the mutated file only.
 * TypeScript's semantic-diagnostics builder re-checks only the files a change can affect
 * (usually the mutated file alone: a mutant rarely changes an exported type), and every
 * unchanged file's parsed source is reused, so a mutant's check costs a fraction of a
 * second instead of a cold `tsc`.
 *
 * Diagnostics are reported as tsc reports them, with positions dropped, so that a
 * baseline error in a mutated file still compares equal after an edit moved its line.
 * TypeScript is loaded only when a run starts: the rest of the CLI never pays for it.
 */
export class MutantTypeChecker {
  private builder: TypeScript.SemanticDiagnosticsBuilderProgram | undefined;
  /** The text each file has in the program being built: the mutated text, or undefined for the file on disk. */
  private overrides: ReadonlyMap<string, string> = new Map();
  private readonly onDisk = new Map<string, VersionedSourceFile | undefined>();

  private constructor(
    private readonly ts: typeof TypeScript,
    private readonly projectDir: string,
    private readonly config: TypeScript.ParsedCommandLine,
    private readonly host: TypeScript.CompilerHost,
  ) {}

  /** Reads `projectDir`'s tsconfig.json; the first `check` builds the whole program. */
  static async create(projectDir: string): Promise<MutantTypeChecker> {
    const ts = (await import("typescript")).default;
    const configFile = join(projectDir, "tsconfig.json");
    const parseHost: TypeScript.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
    const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, parseHost) ?? {
      options: {},
      fileNames: [],
      errors: [{ category: ts.DiagnosticCategory.Error, code: 5083, file: undefined, start: undefined, length: undefined, messageText: `Cannot read file '${configFile}'.` }],
    };
    const checker = new MutantTypeChecker(ts, resolve(projectDir), config, ts.createCompilerHost(config.options));
    checker.installSourceCache();
    return checker;
  }

  /**
   * Type-checks the project with `mutated` (paths relative to the project, to their
   * mutated text) in place of those files on disk; everything else is read once.
   * Synchronous: TypeScript's checker is, and a check always ends.
   */
  check(mutated: ReadonlyMap<string, string>, monotonicMs: () => number): TypeCheckResult {
    const started = monotonicMs();
    this.overrides = new Map([...mutated].map(([file, text]) => [resolve(this.projectDir, file), text]));
    const { ts, config } = this;
    this.builder = ts.createSemanticDiagnosticsBuilderProgram(config.fileNames, config.options, this.host, this.builder, config.errors, config.projectReferences);
    const diagnostics = this.tscDiagnostics(this.builder)
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map((d) => this.describe(d));
    return { diagnostics, elapsedMs: monotonicMs() - started };
  }

  /** The diagnostics `tsc --noEmit` prints, in its order: syntax first, and semantics only when the syntax is sound. */
  private tscDiagnostics(program: TypeScript.SemanticDiagnosticsBuilderProgram): TypeScript.Diagnostic[] {
    const all: TypeScript.Diagnostic[] = [...program.getConfigFileParsingDiagnostics()];
    const configCount = all.length;
    all.push(...program.getSyntacticDiagnostics());
    if (all.length === configCount) {
      all.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
      if (all.length === configCount) all.push(...program.getSemanticDiagnostics());
    }
    return [...this.ts.sortAndDeduplicateDiagnostics(all)];
  }

  /** tsc's `--pretty false` line without the position, and only the message's first line. */
  private describe(diagnostic: TypeScript.Diagnostic): string {
    const message = this.ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n").split("\n")[0] ?? "";
    const where = diagnostic.file === undefined ? "" : `${relative(this.projectDir, diagnostic.file.fileName).split("\\").join("/")}: `;
    return `${where}error TS${diagnostic.code}: ${message}`.trim();
  }

  /**
   * Serves every unchanged file from one parsed copy (the builder reuses a source file
   * only when it gets the same object back) and a mutated file from its text, each with
   * the version the builder compares.
   */
  private installSourceCache(): void {
    const read = this.host.getSourceFile.bind(this.host);
    this.host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const override = this.overrides.get(resolve(fileName));
      if (override !== undefined) return versioned(this.ts.createSourceFile(fileName, override, languageVersion), override);
      if (!this.onDisk.has(fileName)) {
        const file = read(fileName, languageVersion, onError, shouldCreate) as VersionedSourceFile | undefined;
        this.onDisk.set(fileName, file === undefined ? undefined : versioned(file, file.text));
      }
      return this.onDisk.get(fileName);
    };
  }
}

function versioned(file: VersionedSourceFile, text: string): VersionedSourceFile {
  file.version = createHash("sha1").update(text).digest("hex");
  return file;
}

/** The diagnostics of `mutated` that the unmutated project does not have. */
export function newDiagnostics(mutated: readonly string[], baseline: readonly string[]): string[] {
  const known = new Set(baseline);
  return mutated.filter((d) => !known.has(d));
}
