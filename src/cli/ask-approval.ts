import { createInterface } from "node:readline/promises";

/**
 * The interactive half of `requires_approval`: on a terminal, ask once per role. Anything but
 * an explicit yes is a no, and without a terminal there is no question at all (exit 4 instead).
 */
export function terminalApprover(): ((role: string) => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (role) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(
        `\nrole ${role} requires approval (it may be expensive). Run it? [y/N] `,
      );
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}
