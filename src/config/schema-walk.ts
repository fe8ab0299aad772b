import type { z } from "zod";

/** The parts of a zod 4 schema definition we look into; everything else is opaque. */
interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** Optional, nullable, default and pipe wrappers hide the schema that shapes the data. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

/** The schema that validates the value at `path`, or undefined when the path leaves the schema. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (!current) return undefined;
    current = step(current, segment);
    current = current ? unwrap(current) : undefined;
  }
  return current;
}

/** One segment down; through a union, the first of its forms that has that segment. */
function step(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  const def = defOf(schema);
  if (def.type === "object") return def.shape?.[String(segment)];
  if (def.type === "record") return def.valueType;
  if (def.type === "array") return def.element;
  if (def.type === "union") {
    for (const option of def.options ?? []) {
      const next = step(unwrap(option), segment);
      if (next) return next;
    }
  }
  return undefined;
}

/**
 * The keys a strict object at `path` accepts (empty when the path is not an object); for a union
 * (`allowed_files` entries: a path, or a mapping with `path` and `symbols`), those of its forms.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const at = schemaAt(schema, path);
  return at ? [...new Set(keysOf(at))] : [];
}

function keysOf(schema: z.ZodType): string[] {
  const def = defOf(schema);
  if (def.shape) return Object.keys(def.shape);
  if (def.type === "union") return (def.options ?? []).flatMap((option) => keysOf(unwrap(option)));
  return [];
}
