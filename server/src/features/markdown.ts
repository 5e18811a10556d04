/**
 * Markdown for hovers and completion docs. Corpus text is untrusted: it is escaped so that
 * no link, command link, HTML or emphasis in a corpus file becomes active in the editor.
 */
import type { LineChar } from '../core/lineIndex';

const SPECIAL = /[\\`*_{}\[\]()#+\-.!|<>~&"'=:]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').replace(SPECIAL, (c) => `\\${c}`);
}

/** A link that opens `uri` at a line (VS Code reads the `#L<line>,<col>` fragment; 1-based). */
export function sourceLink(label: string, uri: string, at?: LineChar): string {
  const target = at ? `${uri}#L${at.line + 1},${at.character + 1}` : uri;
  // encodeURIComponent leaves ( and ) alone, and they would end the link target.
  const safe = target.replace(/[()\s]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
  return `[${escapeMarkdown(label)}](${safe})`;
}

export function plural(n: number, one: string, many = one): string {
  return `${n} ${n === 1 ? one : many}`;
}
