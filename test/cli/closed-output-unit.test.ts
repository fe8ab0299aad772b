import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { dropOutputOnceClosed } from "../../src/cli/closed-output.js";

function failingStream(): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe("dropOutputOnceClosed", () => {
  it("after the first failed write, later writes are dropped, and callbacks still run", async () => {
    const { stream, written } = failingStream();
    dropOutputOnceClosed(stream);
    stream.write("first\n");
    await new Promise((resolve) => stream.once("error", resolve));
    expect(stream.write("second\n")).toBe(true);
    const called = await new Promise<boolean>((resolve) => stream.write("third\n", () => resolve(true)));
    expect(called).toBe(true);
    await new Promise<boolean>((resolve) => stream.write("fourth\n", "utf8", () => resolve(true)));
    expect(written).toEqual(["first\n"]);
  });
});
