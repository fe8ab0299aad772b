const UNIT_SECONDS = { h: 3600, m: 60, s: 1 };

/** Parses "1h30m", "45s", "2h" into seconds; throws on anything else. */
export function parseDuration(text) {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (match === null || text === "") throw new Error(`not a duration: ${text}`);
  const [, h = "0", m = "0", s = "0"] = match;
  return Number(h) * UNIT_SECONDS.h + Number(s) * UNIT_SECONDS.s;
}
