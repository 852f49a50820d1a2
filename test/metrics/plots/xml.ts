/**
 * Minimal well-formedness check for the SVG strings (no DOM in Node): every tag is closed in order,
 * attributes are quoted, and text holds no raw "<", ">" nor stray "&". Returns the tag names seen.
 */
export function checkXml(svg: string): string[] {
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/y;
  const entity = /&(amp|lt|gt|quot|apos);/g;
  const stack: string[] = [];
  const names: string[] = [];
  let pos = 0;
  while (pos < svg.length) {
    const next = svg.indexOf("<", pos);
    const text = svg.slice(pos, next === -1 ? svg.length : next);
    if (text.includes(">") || text.replace(entity, "").includes("&")) throw new Error(`bad text: ${text}`);
    if (next === -1) break;
    tag.lastIndex = next;
    const m = tag.exec(svg);
    if (!m) throw new Error(`bad tag at ${next}: ${svg.slice(next, next + 60)}`);
    if (m[3].replace(entity, "").includes("&")) throw new Error(`bad attribute: ${m[3]}`);
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`unbalanced </${m[2]}>`);
    } else {
      names.push(m[2]);
      if (!m[4]) stack.push(m[2]);
    }
    pos = tag.lastIndex;
  }
  if (stack.length > 0) throw new Error(`unclosed ${stack.join(",")}`);
  return names;
}

/** The text content of every `<text>` element, entities decoded. */
export function texts(svg: string): string[] {
  const decode: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replace(/&(\w+);/g, (_, e) => decode[e]),
  );
}
