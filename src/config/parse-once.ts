/**
 * Options for zod's safeParse in Leash: a CLI process checks each file or answer once or a few
 * times, and zod's compiled fast path costs more to build on that first call (≈ 20–45 ms for the
 * config schema) than it ever saves (≈ 9 ms without it). Same result either way.
 */
export const PARSE_ONCE = { jitless: true } as const;
