import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Engine, type StampedTraceEvent } from "../../src/engine/engine.ts";
import { explainStep } from "../../sim/analyse/explain/explainStep.ts";
import { buildTraceHeader } from "../../sim/input/trace/traceHeader.ts";
import { reconstructStep } from "../sim/analyse/explain/reconstructStepOracle.ts";
import { configArb } from "./configArb.ts";

/**
 * `sim explain` re-runs the engine and reads its state; the oracle rebuilds the same
 * explanation from the trace alone with its own model of readers and ledgers. Over
 * random configs, at a random step, the two agree in every field, the metric values
 * included, so neither can drift from the model unnoticed.
 */
describe("explainStep", () => {
  it("equals the trace-only reconstruction at any step of any config", () => {
    fc.assert(
      fc.property(
        configArb.chain(({ config, steps }) => fc.record({ config: fc.constant(config), steps: fc.constant(steps), step: fc.integer({ min: 1, max: steps }) })),
        ({ config, steps, step }) => {
          const events: StampedTraceEvent[] = [];
          const engine = new Engine(config, { trace: (event) => events.push(event) });
          while (engine.step < step) engine.runStep();
          const header = buildTraceHeader({ scenario: "property", steps, harnessVersion: "test", model: config, streams: engine.streams.streams });
          expect(explainStep(config, step)).toEqual(reconstructStep(header, events, step));
        },
      ),
      { numRuns: 150 },
    );
  });
});
