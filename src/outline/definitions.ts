import type { Node } from "web-tree-sitter";
import { parserFor } from "./parser.js";

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
 * Every definition of the file in source order, or null when Leash has no grammar for it. The
 * tree is walked with a cursor and a node object is made only where a definition can start:
 * asking every node for its children made a JavaScript object per node, ≈ 6 s and most of it
 * garbage collection on a 6 MB generated module.
 */
export async function listDefinitions(path: string, text: string): Promise<Definition[] | null> {
  const parser = await parserFor(path);
  if (parser === null) return null;
  const tree = parser.parse(text);
  if (tree === null) return null;
  const lines = text.split("\n");
  const out: Definition[] = [];
  const cursor = tree.walk();
  const visit = (prefix: string, depth: number) => {
    let nextPrefix = prefix;
    let nextDepth = depth;
    const type = cursor.nodeType;
    if (Object.hasOwn(NAMED, type) || type === "variable_declarator") {
      const node = cursor.currentNode;
      const found = definitionOf(node);
      if (found) {
        const name = prefix ? `${prefix}.${found.name}` : found.name;
        // A decorator or `export` above the definition belongs to it: the region starts there.
        const outer = wrapperOf(node);
        out.push({
          name,
          kind: found.kind,
          startLine: outer.startPosition.row + 1,
          endLine: node.endPosition.row + 1,
          signature: (lines[node.startPosition.row] ?? "").trimEnd(),
          depth,
        });
        nextPrefix = name;
        nextDepth = depth + 1;
      }
    }
    if (cursor.gotoFirstChild()) {
      do visit(nextPrefix, nextDepth);
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
  };
  try {
    visit("", 0);
  } finally {
    cursor.delete();
    tree.delete();
    parser.delete();
  }
  return out;
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
    if (name && value && /^(arrow_function|function_expression|function|class)$/.test(value.type)) {
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
