import type { Language, Node, Parser, Query } from "web-tree-sitter";
import { newQuery, parserFor } from "./parser.js";

/** A class, function, method or other named definition, with 1-based inclusive lines. */
export interface Definition {
  /** Dotted from the outermost definition: `Parameter.get_usage_pieces`. */
  name: string;
  kind: string;
  startLine: number;
  endLine: number;
  /** The definition's first line, as written: what an outline shows. */
  signature: string;
  depth: number;
}

const NAMED: Record<string, string> = {
  class_definition: "class",
  function_definition: "function",
  class_declaration: "class",
  abstract_class_declaration: "class",
  function_declaration: "function",
  generator_function_declaration: "function",
  method_definition: "method",
  interface_declaration: "interface",
  type_alias_declaration: "type",
  enum_declaration: "enum",
  module: "namespace",
  internal_module: "namespace",
};

/**
 * Every definition of the file in source order, or null when Leash has no grammar for it. A
 * tree-sitter query finds the candidate nodes inside WebAssembly; only those become JavaScript
 * objects. Asking every node for its children from JavaScript made the context stage of a 6 MB
 * generated module take 4.1 s (2.9 s now, most of it the parse itself).
 */
export async function listDefinitions(path: string, text: string): Promise<Definition[] | null> {
  const parser = await parserFor(path);
  if (parser === null) return null;
  const tree = parser.parse(text);
  if (tree === null) return null;
  const lines = text.split("\n");
  const out: Definition[] = [];
  try {
    const found = (await candidateQuery(parser))
      .captures(tree.rootNode)
      .map((c) => c.node)
      .sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
    // The definitions enclosing the current node, outermost first: where its dotted name comes from.
    const open: Span[] = [];
    for (const node of found) {
      const def = definitionOf(node);
      if (!def) continue;
      while (open.length > 0 && !encloses(open[open.length - 1] as Span, node)) open.pop();
      const prefix = open.at(-1)?.name ?? "";
      const name = prefix ? `${prefix}.${def.name}` : def.name;
      // A decorator or `export` above the definition belongs to it: the region starts there.
      const outer = wrapperOf(node);
      out.push({
        name,
        kind: def.kind,
        startLine: outer.startPosition.row + 1,
        endLine: node.endPosition.row + 1,
        signature: (lines[node.startPosition.row] ?? "").trimEnd(),
        depth: open.length,
      });
      open.push({ name, start: node.startIndex, end: node.endIndex });
    }
  } finally {
    tree.delete();
    parser.delete();
  }
  return out;
}

interface Span {
  name: string;
  start: number;
  end: number;
}

/** Captures come in start order, outer first: a node inside a span is inside its definition. */
const encloses = (outer: Span, node: Node) => outer.start <= node.startIndex && node.endIndex <= outer.end;

/** What a `const name = …` must hold to be a definition. */
const FUNCTION_VALUES = ["arrow_function", "function_expression", "function", "class"];

const queries = new WeakMap<Language, Promise<Query>>();

/** One query per grammar: each node type a definition can be, among those the grammar has. */
function candidateQuery(parser: Parser): Promise<Query> {
  const language = parser.language as Language;
  let query = queries.get(language);
  if (!query) {
    const has = (t: string) => language.idForNodeType(t, true) !== null;
    const patterns = Object.keys(NAMED)
      .filter(has)
      .map((t) => `(${t}) @d`);
    // Only a declarator whose value is a function or class names a definition (definitionOf).
    const values = FUNCTION_VALUES.filter(has);
    if (has("variable_declarator") && values.length > 0)
      patterns.push(`(variable_declarator value: [${values.map((t) => `(${t})`).join(" ")}]) @d`);
    query = newQuery(language, patterns.join("\n"));
    queries.set(language, query);
  }
  return query;
}

function definitionOf(node: Node): { name: string; kind: string } | null {
  const kind = Object.hasOwn(NAMED, node.type) ? NAMED[node.type] : undefined;
  if (kind) {
    const name = node.childForFieldName("name")?.text;
    return name ? { name, kind } : null;
  }
  // `const handler = () => …` and `const f = function () {…}` are functions by another name.
  if (node.type === "variable_declarator") {
    const value = node.childForFieldName("value");
    const name = node.childForFieldName("name");
    if (name && value && FUNCTION_VALUES.includes(value.type)) {
      return { name: name.text, kind: value.type === "class" ? "class" : "function" };
    }
  }
  return null;
}

function wrapperOf(node: Node): Node {
  let outer = node;
  for (;;) {
    const parent = outer.parent;
    if (!parent) return outer;
    if (
      parent.type === "decorated_definition" ||
      parent.type === "export_statement" ||
      (outer.type === "variable_declarator" &&
        /^(lexical_declaration|variable_declaration)$/.test(parent.type))
    ) {
      outer = parent;
      continue;
    }
    return outer;
  }
}
