import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RowColumns } from "../../../sim/format/rowColumns.ts";

describe("RowColumns", () => {
  it("reads each row's values by position in its keys and lays out once per key list, however the rows go back and forth", () => {
    const keyList = fc.uniqueArray(fc.constantFrom("step", "a", "b/c", "d", "e_max", "1", "0"), { minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(fc.array(keyList, { minLength: 1, maxLength: 5 }), fc.array(fc.nat({ max: 4 }), { maxLength: 40 }), (lists, picks) => {
        const laidOut: string[] = [];
        const columns = new RowColumns((keys) => {
          laidOut.push(keys.join(","));
          return { keys };
        });
        let n = 0;
        for (const pick of picks) {
          const list = lists[pick % lists.length] as string[];
          const row = Object.fromEntries(list.map((key) => [key, n++]));
          const layout = columns.read(row);
          // The layout is the one made for this very key list (in the row's enumeration order), and the values are the row's.
          expect(layout.keys).toEqual(Object.keys(row));
          expect(columns.keys).toBe(layout.keys);
          expect(columns.values).toEqual(Object.values(row));
        }
        // A key list is laid out once (a run has far fewer than the lists kept).
        expect(new Set(laidOut).size).toBe(laidOut.length);
      }),
    );
  });

  it("adopts rows another reader read, laying out once per key list and using the given values as they are, between rows it reads itself", () => {
    const keyList = fc.uniqueArray(fc.constantFrom("step", "a", "b/c", "d", "1"), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(keyList, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat({ max: 3 }), fc.boolean()), { maxLength: 30 }), (lists, picks) => {
        const laidOut: string[] = [];
        const columns = new RowColumns((keys) => {
          laidOut.push(keys.join(","));
          return { keys };
        });
        const shared = new RowColumns((keys) => keys);
        let n = 0;
        for (const [pick, adopt] of picks) {
          const list = lists[pick % lists.length] as string[];
          const row = Object.fromEntries(list.map((key) => [key, n++]));
          const layout = adopt ? columns.adopt(shared.read(row), shared.values) : columns.read(row);
          expect(layout.keys).toEqual(Object.keys(row));
          if (adopt) expect(columns.values).toBe(shared.values);
          expect(columns.values).toEqual(Object.values(row));
        }
        expect(new Set(laidOut).size).toBe(laidOut.length);
      }),
    );
  });
});
