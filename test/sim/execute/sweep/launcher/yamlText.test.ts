import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type YamlValue, yamlText } from "../../../../../sim/execute/sweep/launcher/yamlText.ts";

const key = fc.oneof(fc.constantFrom("name", "app.kubernetes.io/name", "true", "01", "a b", "-x", "y"), fc.string({ maxLength: 6 }));
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom("yes", "1.5", "#x", "a: b", "- c", "*", "~", ""));
const value: fc.Arbitrary<YamlValue> = fc.letrec<{ value: YamlValue }>((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(key, tie("value"), { maxKeys: 3 })),
})).value;

describe("yamlText", () => {
  it("reads back as the same value through a YAML parser, for any tree of scalars, sequences and mappings", () => {
    fc.assert(
      fc.property(value, (tree) => {
        expect(parse(yamlText(tree))).toEqual(tree);
      }),
    );
  });

  it("writes block style, mappings in their key order", () => {
    expect(yamlText({ kind: "Job", spec: { completions: 3, args: ["sweep", "--shard", "auto"] }, labels: {} })).toBe(
      "kind: Job\nspec:\n  completions: 3\n  args:\n  - sweep\n  - --shard\n  - auto\nlabels: {}\n",
    );
  });
});
