import { MAX_SEED } from "./scenarioSchema.ts";

/** An axis's values: `"dotted.key" = [values]`, or a table of such keys (`[sweep.axes.ledger]`). */
const axisTable = (description: string) =>
  ({
    type: "object",
    description,
    additionalProperties: { anyOf: [{ type: "array", minItems: 1 }, { type: "object" }] },
  }) as const;

/**
 * The shape of a [sweep] table (docs/sweeps.md), as JSON Schema: the keys readSweepTable
 * accepts and their descriptions, for the published sweep schema that editors read.
 * readSweepTable checks the same shape in code, because its messages name axes and
 * points; it takes the set of keys from here.
 */
export const sweepTableSchema = {
  type: "object",
  description: "the configs `sim sweep` makes from this file (docs/sweeps.md)",
  additionalProperties: false,
  properties: {
    seeds: {
      type: "array",
      minItems: 1,
      items: { type: "integer", minimum: 0, maximum: MAX_SEED },
      description: "optional: each point runs once per seed (it sets `run.seed`)",
    },
    axes: axisTable('`"dotted.key" = [values]`: the full product of all axes'),
    zip: axisTable('`"dotted.key" = [values]`: these keys vary together, so their arrays need equal lengths; together they act as one more axis'),
  },
} as const;
