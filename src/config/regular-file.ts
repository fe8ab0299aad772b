import { statSync } from "node:fs";
import { InputError } from "../errors.js";

/**
 * Refuses a path that exists but is not a regular file, before anything opens it: opening a
 * named pipe blocks until a writer comes (forever, for `leash check`), and a directory or a
 * device is never a task, config, script or cassette. A missing path is left to the caller,
 * which knows the right "not found" message.
 */
export function refuseIfNotRegularFile(path: string, displayFile: string, code: string, what: string): void {
  let kind: string;
  try {
    const st = statSync(path);
    if (st.isFile()) return;
    kind = st.isFIFO()
      ? "a named pipe"
      : st.isDirectory()
        ? "a directory"
        : st.isSocket()
          ? "a socket"
          : st.isCharacterDevice() || st.isBlockDevice()
            ? "a device"
            : "not a regular file";
  } catch {
    return;
  }
  throw new InputError(code, `${displayFile} is ${kind}, not a regular file`, {
    location: { file: displayFile },
    hint: `point it at the ${what} itself (a plain YAML or JSON file)`,
  });
}
