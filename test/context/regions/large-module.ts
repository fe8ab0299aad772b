/**
 * Real-shaped large modules, generated: a 4,000-line Python module and a 3,000-line TypeScript
 * module, each with one seeded bug inside one named definition.
 */
export const PY_BUGGY = "        return [self.name]  # BUG: must list the name twice\n";
export const PY_FIXED = "        return [self.name, self.name]\n";

export function largePython(totalLines = 4000): string {
  const out: string[] = ['"""A large generated module."""', "import os", ""];
  let n = 0;
  while (out.length < 1900) {
    n += 1;
    out.push(
      `def helper_${n}(value):`,
      `    """Helper number ${n}."""`,
      "    total = value",
      `    total += ${n}`,
      "    return total",
      "",
      "",
    );
  }
  out.push(
    "class Parameter:",
    '    """A command-line parameter."""',
    "",
    "    def __init__(self, name):",
    "        self.name = name",
    "",
    "    def get_usage_pieces(self):",
    PY_BUGGY.trimEnd(),
    "",
    "    def describe(self):",
    '        return f"param {self.name}"',
    "",
    "",
  );
  while (out.length + 5 <= totalLines) {
    n += 1;
    out.push(`def tail_${n}(value):`, `    """Tail helper ${n}."""`, `    return value * ${n}`, "", "");
  }
  while (out.length < totalLines) out.push(`# end of module (${out.length})`);
  return `${out.join("\n")}\n`;
}

export const TS_BUGGY = "    return this.width + this.height; // BUG: the area multiplies\n";
export const TS_FIXED = "    return this.width * this.height;\n";

export function largeTypeScript(): string {
  const out: string[] = ["// A large generated module.", ""];
  let n = 0;
  while (out.length < 1500) {
    n += 1;
    out.push(
      `export function helper${n}(value: number): number {`,
      `  const total = value + ${n};`,
      "  return total;",
      "}",
      "",
    );
  }
  out.push(
    "export class Box {",
    "  constructor(private width: number, private height: number) {}",
    "",
    "  area(): number {",
    TS_BUGGY.trimEnd(),
    "  }",
    "}",
    "",
  );
  while (out.length + 2 <= 3000) {
    n += 1;
    out.push(`export const tail${n} = (value: number): number => value * ${n};`, "");
  }
  while (out.length < 3000) out.push(`// end of module (${out.length})`);
  return `${out.join("\n")}\n`;
}
