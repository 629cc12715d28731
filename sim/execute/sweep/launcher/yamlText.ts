/** A value the manifests are made of: what JSON can hold. */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/** A scalar as YAML: numbers and booleans bare, strings bare only when YAML reads them back as the same string. */
function scalar(value: string | number | boolean | null): string {
  if (typeof value !== "string") return String(value);
  const plain = /^(--)?[A-Za-z_/][A-Za-z0-9_./-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

function isCollection(value: YamlValue): value is readonly YamlValue[] | { readonly [key: string]: YamlValue } {
  return typeof value === "object" && value !== null;
}

function isEmpty(value: YamlValue): boolean {
  return isCollection(value) && (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);
}

/**
 * One YAML document in block style, for the Kubernetes manifests `sim sweep --launcher
 * k8s` writes: mappings in the given key order, sequences with `- `, strings quoted as
 * JSON whenever a bare word could read as something else. Enough for manifests, not a
 * general YAML writer (no anchors, no multi-line strings).
 */
export function yamlText(value: YamlValue, indent = ""): string {
  if (!isCollection(value) || isEmpty(value)) return `${indent}${isCollection(value) ? (Array.isArray(value) ? "[]" : "{}") : scalar(value)}\n`;
  if (Array.isArray(value)) {
    return (value as readonly YamlValue[])
      .map((item) => {
        if (!isCollection(item) || isEmpty(item)) return `${indent}- ${yamlText(item).trimStart()}`;
        const body = yamlText(item, `${indent}  `);
        return `${indent}- ${body.slice(indent.length + 2)}`;
      })
      .join("");
  }
  return Object.entries(value as { readonly [key: string]: YamlValue })
    .map(([key, item]) =>
      isCollection(item) && !isEmpty(item)
        ? `${indent}${scalar(key)}:\n${yamlText(item, Array.isArray(item) ? indent : `${indent}  `)}`
        : `${indent}${scalar(key)}: ${yamlText(item).trimStart()}`,
    )
    .join("");
}
