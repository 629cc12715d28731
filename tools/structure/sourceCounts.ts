import ts from "typescript";

/** What one source file adds to the structure figures (issue 18's note), read from its syntax tree. */
export interface SourceCounts {
  /** The file's lines (a final newline ends the last line, it does not start another). */
  readonly lines: number;
  /** Each function, method, accessor, constructor and arrow function longer than the limit: its name or kind, first line and length in lines. */
  readonly longFunctions: readonly LongFunction[];
  /** `x as T` and `<T>x`, but not `as const`, which asserts nothing about a type. */
  readonly casts: number;
}

export interface LongFunction {
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

/**
 * The counts of one TypeScript source. A function's length runs from its first line to
 * its last, blank lines and comments included, as eslint's max-lines-per-function counts
 * it (with which the figures can be checked: `npx eslint --rule '{"max-lines-per-function": ["error", 70]}'`);
 * a function inside another is counted on its own as well.
 */
export function sourceCounts(fileName: string, text: string, maxFunctionLines: number): SourceCounts {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const longFunctions: LongFunction[] = [];
  let casts = 0;
  const lineOf = (position: number): number => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const first = lineOf(node.getStart(source));
      const lines = lineOf(node.getEnd()) - first + 1;
      if (lines > maxFunctionLines) longFunctions.push({ name: functionName(node, source), line: first, lines });
    }
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && !isConstAssertion(node.type)) casts += 1;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { lines: text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length, longFunctions, casts };
}

function isConstAssertion(type: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "const";
}

function functionName(node: ts.SignatureDeclaration, source: ts.SourceFile): string {
  if (node.name !== undefined) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
  return `(${ts.SyntaxKind[node.kind]})`;
}
