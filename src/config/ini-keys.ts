/**
 * The sections of a TOML or INI file and the keys each sets: enough to tell whether a project
 * configures a tool (`[tool.mypy]`) and whether that config names what to check (`files = ...`).
 * Values are not parsed; a key inside a multi-line array is not mistaken for one because only
 * lines that start with `name =` (or `name:` in INI) count.
 */
export function sectionKeys(text: string): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>([["", new Set()]]);
  let current = sections.get("") as Set<string>;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[{1,2}\s*([^\]]+?)\s*\]{1,2}$/.exec(line);
    if (header) {
      const name = (header[1] as string).replace(/["']/g, "");
      current = sections.get(name) ?? new Set();
      sections.set(name, current);
      continue;
    }
    const key = /^([A-Za-z0-9_.-]+)\s*[=:]/.exec(raw);
    if (key) current.add(key[1] as string);
  }
  return sections;
}

export function hasSection(sections: Map<string, Set<string>>, prefix: string): boolean {
  return [...sections.keys()].some((s) => s === prefix || s.startsWith(`${prefix}.`));
}
