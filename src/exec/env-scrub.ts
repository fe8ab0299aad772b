/**
 * Commands run with the operator's environment minus anything that looks like a credential,
 * so a test script or a validator can never read the provider key by accident.
 */

const SECRET_NAME = /(_KEY|_TOKEN|_SECRET|_PASSWORD)$/i;
const ALWAYS_SECRET = new Set(["OPENAI_API_KEY"]);

export function isSecretName(name: string): boolean {
  return ALWAYS_SECRET.has(name.toUpperCase()) || SECRET_NAME.test(name);
}

export function scrubEnv(
  base: NodeJS.ProcessEnv,
  envPass: readonly string[] = [],
  extra: Record<string, string> = {},
): Record<string, string> {
  const pass = new Set(envPass.map((n) => n.toUpperCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (isSecretName(name) && !pass.has(name.toUpperCase())) continue;
    out[name] = value;
  }
  return { ...out, ...extra };
}
