import type { CommandRunner } from "../../exec/contract.js";
import { killPointAfter } from "../../exec/kill-point.js";
import type { RunStateStore } from "../../report/state.js";

/**
 * The run's view of the command runner: every process group it starts is written into its
 * state.json as soon as its pid is known, and struck off when it ends, so `leash recover` can
 * end whatever a crashed run left running before it restores a byte.
 */
export function ownedByRun(runner: CommandRunner, state: RunStateStore): CommandRunner {
  return {
    run(name, options) {
      return runner.run(name, {
        ...options,
        onStart: (owned) => {
          options.onStart?.(owned);
          // A failed state write must not fail the validator; the watchdog still covers the group.
          const recorded = state.addChild(owned).catch(() => undefined);
          void killPointAfter("validator:started", recorded);
        },
        onEnd: (owned) => {
          options.onEnd?.(owned);
          state.removeChild(owned).catch(() => undefined);
        },
      });
    },
  };
}
