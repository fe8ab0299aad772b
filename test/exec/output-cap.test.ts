import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createOutputCapture, cutMarker } from "../../src/exec/output-cap.js";

describe("createOutputCapture", () => {
  it("keeps everything under the cap", () => {
    const c = createOutputCapture(10);
    c.push(Buffer.from("hello"));
    expect(c.finish()).toEqual({ text: "hello", totalBytes: 5, cutBytes: 0 });
  });

  it("keeps exactly head + tail of any chunking and counts the rest", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 120 }),
        (chunks, cap) => {
          const all = Buffer.concat(chunks.map((c) => Buffer.from(c)));
          const cap8 = createOutputCapture(cap);
          for (const c of chunks) cap8.push(Buffer.from(c));
          const r = cap8.finish();
          expect(r.totalBytes).toBe(all.length);
          expect(r.cutBytes).toBe(Math.max(0, all.length - cap));
          if (r.cutBytes === 0) expect(r.text).toBe(all.toString("utf8"));
          else {
            const head = all.subarray(0, Math.ceil(cap / 2)).toString("utf8");
            const tail = all.subarray(all.length - (cap - Math.ceil(cap / 2))).toString("utf8");
            expect(r.text).toBe(`${head}${cutMarker(r.cutBytes)}${tail}`);
          }
        },
      ),
    );
  });
});
