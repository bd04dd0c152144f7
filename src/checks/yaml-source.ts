import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type ScalarTag, type YAMLError } from 'yaml';

/** A path into parsed YAML data, as zod reports it: `['related', 2]`, `['billing', 'title']`. */
export type DataPath = ReadonlyArray<string | number>;

export type ParsedYaml =
  | {
      ok: true;
      /** The data, as the build's YAML parser (js-yaml) would produce it. */
      data: unknown;
      /** The file line where the value at `path` is written, or undefined if it isn't there. */
      lineOf(path: DataPath): number | undefined;
      /** The text of the scalar at `path` exactly as written (`2026-02-30`), if it is a scalar. */
      sourceOf(path: DataPath): string | undefined;
    }
  | { ok: false; line: number; message: string };

// js-yaml's timestamp patterns, exactly: a bare date needs two-digit month and day (`2026-3-4` stays
// text, and fails the schema in the build), while the yaml library's own timestamp tag accepts it.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d\d?)-(\d\d?)(?:[Tt]|[ \t]+)(\d\d?):(\d{2}):(\d{2})(?:\.(\d*))?(?:[ \t]*(Z|([-+])(\d\d?)(?::(\d{2}))?))?$/;

const JS_YAML_TIMESTAMP: ScalarTag = {
  tag: 'tag:yaml.org,2002:timestamp',
  default: true,
  identify: (value) => value instanceof Date,
  test: new RegExp(`${DATE.source}|${DATE_TIME.source}`),
  resolve(text) {
    const [, year, month, day, hour, minute, second, fraction = '', , sign, tzHour, tzMinute] =
      DATE.exec(text) ?? DATE_TIME.exec(text) ?? [];
    const time = Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour ?? 0),
      Number(minute ?? 0),
      Number(second ?? 0),
      Number(fraction.slice(0, 3).padEnd(3, '0')),
    );
    const offset = sign ? (sign === '-' ? -1 : 1) * (Number(tzHour) * 60 + Number(tzMinute ?? 0)) * 60_000 : 0;
    return new Date(time - offset);
  },
};

/**
 * Parses YAML keeping where each value is written, so problems can point at a line.
 *
 * @param text the YAML
 * @param firstLine the file line `text` starts on (frontmatter starts below its `---`)
 */
export function parseYaml(text: string, firstLine = 1): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    // The build reads frontmatter with js-yaml, which turns `2026-03-14` into a Date; so must we,
    // or `title: 2026-03-14` would pass here and then fail the build.
    customTags: [JS_YAML_TIMESTAMP],
    // Messages without the yaml library's code excerpt: its line numbers are not the file's.
    prettyErrors: false,
    logLevel: 'silent',
  });
  const fileLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;

  // Only the first error: the ones after it are almost always the same mistake seen again.
  const [error] = document.errors;
  if (error) {
    // Something left open (a quote, a `[`) is found at the end of the text; point at the last line written.
    const lastLine = text.replace(/\s+$/, '').split('\n').length + firstLine - 1;
    const line = Math.min(fileLine(error.pos[0]), lastLine);
    return { ok: false, line, message: describeYamlError(error, text.split('\n')[line - firstLine] ?? '') };
  }

  // Walks `path` through the document; `offset` is where the last step is written (a map key, a list item).
  const find = (path: DataPath): { node: unknown; offset: number | undefined } | undefined => {
    let node: unknown = document.contents;
    let offset: number | undefined = isNode(node) ? node.range?.[0] : undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return undefined;
        // A field's line is the line of its key: a list written over several lines starts there.
        offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        if (node === undefined) return undefined;
        offset = isNode(node) ? node.range?.[0] : undefined;
      } else {
        return undefined;
      }
    }
    return { node, offset };
  };

  return {
    ok: true,
    data: document.toJS(),
    lineOf(path) {
      const offset = find(path)?.offset;
      return offset === undefined ? undefined : fileLine(offset);
    },
    sourceOf(path) {
      const node = find(path)?.node;
      if (!isScalar(node) || !node.range) return undefined;
      return text.slice(node.range[0], node.range[1]).trim();
    },
  };
}

/** The yaml library's message, plus a hint for the mistakes writers actually make. */
function describeYamlError(error: YAMLError, lineText: string): string {
  const reason = error.message.charAt(0).toLowerCase() + error.message.slice(1);
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^\s*([^:#]+?)\s*:/.exec(lineText)?.[1];
    return key ? `invalid YAML: ${key} appears twice` : `invalid YAML: ${reason}`;
  }
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && /:\s+\S.*:\s/.test(`${lineText} `)) {
    return `invalid YAML: ${reason} (a value that contains ": " must be in quotes)`;
  }
  return `invalid YAML: ${reason}`;
}
