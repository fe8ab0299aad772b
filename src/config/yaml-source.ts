import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from "yaml";
import { type ErrorLocation, InputError, type LeashError } from "../errors.js";

/** A parsed YAML file that still knows where every node came from, for file:line:col errors. */
export interface YamlSource {
  /** The path shown to the operator (relative to the working directory where possible). */
  displayFile: string;
  value: unknown;
  locate(path: readonly PropertyKey[], options?: { key?: boolean }): ErrorLocation;
  /** Whether the operator's file itself sets `path` (not just the defaults). */
  has(path: readonly PropertyKey[]): boolean;
}

export type YamlParse = { ok: true; source: YamlSource } | { ok: false; errors: LeashError[] };

export function parseYamlSource(displayFile: string, text: string, codePrefix: string): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return new InputError(`${codePrefix}.yaml_syntax`, `YAML syntax error: ${firstLine(e.message)}`, {
        location: { file: displayFile, line: pos.line, col: pos.col },
        hint: "fix the YAML syntax at this position (indentation, quotes, brackets, a ':' after each key)",
      });
    });
    return { ok: false, errors };
  }
  const root = doc.contents;
  const locate = (path: readonly PropertyKey[], options: { key?: boolean } = {}): ErrorLocation => {
    const node = findNode(root, path, options.key ?? false);
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return { file: displayFile, line, col, field: path.map(String).join(".") || undefined };
  };
  const has = (path: readonly PropertyKey[]) => doc.hasIn(path as unknown[]);
  const value = expandAliases(doc, displayFile, lineCounter, codePrefix);
  if (!value.ok) return value;
  return { ok: true, source: { displayFile, value: value.value ?? {}, locate, has } };
}

/** Aliases a config or task could need, many times over; a "billion laughs" file needs far more. */
export const MAX_YAML_ALIASES = 100;

/**
 * Builds the plain value. Each alias may be expanded a bounded number of times, so a small file
 * of nested aliases cannot grow into gigabytes; past the bound the first alias is named.
 */
function expandAliases(
  doc: Document,
  displayFile: string,
  lineCounter: LineCounter,
  codePrefix: string,
): { ok: true; value: unknown } | { ok: false; errors: LeashError[] } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let first: Node | undefined;
    visit(doc, {
      Alias(_, node) {
        first = node;
        return visit.BREAK;
      },
    });
    const { line, col } = lineCounter.linePos(first?.range?.[0] ?? 0);
    return {
      ok: false,
      errors: [
        new InputError(
          `${codePrefix}.yaml_aliases`,
          `YAML aliases expand too far: ${firstLine(error.message)}`,
          {
            location: { file: displayFile, line, col },
            hint: `write the values out instead of nesting aliases (*name); at most ${MAX_YAML_ALIASES} expansions are allowed`,
          },
        ),
      ],
    };
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

/**
 * The deepest node the operator wrote along `path`: the value node, or the key node when
 * `key` is set (an unknown key points at the key itself); falls back to the closest parent.
 */
function findNode(root: Node | null, path: readonly PropertyKey[], key: boolean): Node | undefined {
  let current: Node | undefined = root ?? undefined;
  for (const [i, segment] of path.entries()) {
    if (isMap(current)) {
      const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return current;
      const last = i === path.length - 1;
      if (last && key) return (pair.key as Node) ?? current;
      const value = pair.value as Node | null;
      if (!value?.range) return (pair.key as Node) ?? current;
      current = value;
    } else if (isSeq(current) && typeof segment === "number") {
      const item = current.items[segment] as Node | undefined;
      if (!item) return current;
      current = item;
    } else {
      return current;
    }
  }
  return current;
}
