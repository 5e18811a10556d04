/**
 * HTML → blocks, for saved web pages (`article` mode: boilerplate left out) and for the
 * HTML that mammoth makes of a .docx (`document` mode: everything kept, footnotes and
 * comments recognised). Parsing is htmlparser2's (entities decoded, forgiving of broken
 * markup); this file only decides which elements are content and where blocks break.
 */
import { parseDocument } from 'htmlparser2';
import type { Block, BlockKind } from './types';

/** The parts of htmlparser2's DOM nodes read here. */
interface Node {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Node[];
  parent?: Node | null;
}

/** Never content: code, styling, forms, embedded objects. */
const NEVER = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'embed', 'canvas', 'form', 'button', 'select', 'input', 'textarea', 'head', 'title', 'meta', 'link']);
/** Site furniture in a saved page. */
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'menu', 'dialog']);
/** Class or id words that mark site furniture (menus, sharing, related lists, ads, comments). */
const FURNITURE_WORDS =
  /(^|[\s_-])(nav|navbar|navigation|menu|breadcrumbs?|footer|header|sidebar|side-bar|related|relate|lienquan|tin-lien-quan|more-news|most-read|docnhieu|share|sharing|social|comments?|binh-luan|advert|advertisement|ads?|banner|widget|tags?|keywords?|cookie|popup|modal|subscribe|newsletter|pagination|copyright|author-box)([\s_-]|$)/i;
const BLOCK_TAGS = new Set(['p', 'div', 'section', 'article', 'main', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'figure', 'figcaption', 'address', 'center', 'body', 'html', 'hr']);
const HEADINGS = /^h[1-6]$/;

export type HtmlMode = 'article' | 'document';

export interface HtmlContent {
  blocks: Block[];
  /** `<link rel=canonical>` or `og:url`. */
  url?: string;
  /** `og:title` or `<title>`, used when the content has no `<h1>`. */
  title?: string;
}

export function htmlBlocks(html: string, mode: HtmlMode): HtmlContent {
  const dom = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }) as unknown as Node;
  const head = headFacts(dom);
  const root = mode === 'article' ? articleRoot(dom) : dom;
  const out = new Collector();
  walk(root, mode, out);
  out.flush();
  const blocks = out.blocks;
  if (mode === 'article' && !blocks.some((b) => b.kind === 'heading')) {
    const h1 = find(dom, (n) => n.name === 'h1');
    const title = (h1 && textOf(h1)) || head.title;
    if (title) blocks.unshift({ kind: 'heading', text: title });
  }
  return { blocks, url: head.url, title: head.title };
}

/** Accumulates inline text into the current block; a block boundary flushes it. */
class Collector {
  blocks: Block[] = [];
  private parts: string[] = [];
  private kind: BlockKind = 'paragraph';

  text(s: string): void {
    this.parts.push(s);
  }

  /** Ends the current block (if it has text) and starts one of `kind`. */
  flush(kind: BlockKind = 'paragraph'): void {
    const text = this.parts.join('').replace(/\s+/g, ' ').trim();
    if (text) this.blocks.push({ kind: this.kind, text });
    this.parts = [];
    this.kind = kind;
  }

  push(block: Block): void {
    this.flush();
    if (block.text) this.blocks.push(block);
  }
}

function walk(node: Node, mode: HtmlMode, out: Collector): void {
  if (node.type === 'text') {
    out.text(node.data ?? '');
    return;
  }
  if (node.type !== 'tag' && node.type !== 'root') {
    // comments, CDATA, directives; script and style nodes have their own types
    return;
  }
  const name = node.name ?? '';
  if (NEVER.has(name)) return;
  if (mode === 'article' && isFurniture(node)) return;
  if (name === 'br') {
    out.flush();
    return;
  }
  if (name === 'tr') {
    const cells = (node.children ?? []).filter((c) => c.name === 'td' || c.name === 'th').map((c) => textOf(c));
    out.push({ kind: 'row', text: cells.filter(Boolean).join(' | ') });
    return;
  }
  if (mode === 'document' && name === 'li' && node.attribs?.id?.startsWith('footnote-')) {
    out.push({ kind: 'footnote', text: `[${node.attribs.id.slice('footnote-'.length)}] ${textOf(node, backLink)}` });
    return;
  }
  if (mode === 'document' && name === 'dt' && node.attribs?.id?.startsWith('comment-')) {
    // mammoth writes "Comment [n]"; the text follows in the next <dd>.
    const dd = nextElement(node);
    out.push({ kind: 'comment', text: `(Nhận xét ${textOf(node).replace(/^Comment\s*/i, '')}: ${dd ? textOf(dd, backLink) : ''})` });
    return;
  }
  if (mode === 'document' && name === 'dd' && previousElement(node)?.attribs?.id?.startsWith('comment-')) return;
  if (HEADINGS.test(name)) {
    out.push({ kind: 'heading', text: textOf(node) });
    return;
  }
  const block = BLOCK_TAGS.has(name);
  if (block) out.flush();
  for (const c of node.children ?? []) walk(c, mode, out);
  if (block) out.flush();
}

/** The inline text of an element, whitespace collapsed; `skip` leaves some elements out. */
function textOf(node: Node, skip?: (n: Node) => boolean): string {
  const parts: string[] = [];
  const visit = (n: Node) => {
    if (n.type === 'text') parts.push(n.data ?? '');
    else if (n.type === 'tag' && !NEVER.has(n.name ?? '') && !(skip && skip(n))) {
      if (n.name === 'br' || BLOCK_TAGS.has(n.name ?? '')) parts.push(' ');
      n.children?.forEach(visit);
    }
  };
  visit(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** mammoth's "↑" link from a note back to its reference. */
function backLink(n: Node): boolean {
  return n.name === 'a' && /^#(footnote|endnote|comment)-ref-/.test(n.attribs?.href ?? '');
}

function isFurniture(node: Node): boolean {
  const name = node.name ?? '';
  if (FURNITURE_TAGS.has(name)) return true;
  const a = node.attribs ?? {};
  if (a.role && /^(navigation|banner|contentinfo|complementary|menu|menubar|search)$/i.test(a.role)) return true;
  if (a.hidden !== undefined || a['aria-hidden'] === 'true') return true;
  const words = `${a.class ?? ''} ${a.id ?? ''}`;
  if (words.trim() && FURNITURE_WORDS.test(words) && !/article|content|detail|body|post/i.test(words)) return true;
  // A list or box that is mostly links (related articles, tag clouds, menus without a class).
  if ((name === 'ul' || name === 'ol' || name === 'div' || name === 'section' || name === 'table') && linkDensity(node) > 0.6) return true;
  return false;
}

/** Share of an element's text that sits inside links, for elements with at least two links. */
function linkDensity(node: Node): number {
  let all = 0;
  let linked = 0;
  let links = 0;
  const visit = (n: Node, inLink: boolean) => {
    if (n.type === 'text') {
      const len = (n.data ?? '').replace(/\s+/g, '').length;
      all += len;
      if (inLink) linked += len;
    } else if (n.type === 'tag' && !NEVER.has(n.name ?? '')) {
      const isLink = n.name === 'a';
      if (isLink) links++;
      n.children?.forEach((c) => visit(c, inLink || isLink));
    }
  };
  visit(node, false);
  return links >= 2 && all > 0 ? linked / all : 0;
}

/** Where the article is: `<article>` (the one with the most text), itemprop=articleBody, `<main>`, else the body. */
function articleRoot(dom: Node): Node {
  const articles = findAll(dom, (n) => n.name === 'article' || n.attribs?.itemprop === 'articleBody');
  if (articles.length > 0) {
    let best = articles[0];
    let bestLen = -1;
    for (const a of articles) {
      const len = textOf(a).length;
      if (len > bestLen) {
        best = a;
        bestLen = len;
      }
    }
    if (bestLen > 0) return best;
  }
  return find(dom, (n) => n.name === 'main') ?? find(dom, (n) => n.name === 'body') ?? dom;
}

function headFacts(dom: Node): { url?: string; title?: string } {
  let url: string | undefined;
  let ogTitle: string | undefined;
  for (const n of findAll(dom, (x) => x.name === 'link' || x.name === 'meta')) {
    const a = n.attribs ?? {};
    if (n.name === 'link' && /(^|\s)canonical(\s|$)/i.test(a.rel ?? '') && a.href) url ??= a.href.trim();
    if (n.name === 'meta' && a.property === 'og:url' && a.content) url ??= a.content.trim();
    if (n.name === 'meta' && a.property === 'og:title' && a.content) ogTitle ??= a.content.trim();
  }
  const title = find(dom, (x) => x.name === 'title');
  const plain = title ? (title.children ?? []).map((c) => c.data ?? '').join('').replace(/\s+/g, ' ').trim() : undefined;
  return { url: url && /^https?:\/\//i.test(url) ? url : undefined, title: ogTitle || plain || undefined };
}

function find(node: Node, test: (n: Node) => boolean): Node | undefined {
  if (node.type === 'tag' && test(node)) return node;
  for (const c of node.children ?? []) {
    const hit = find(c, test);
    if (hit) return hit;
  }
  return undefined;
}

function findAll(node: Node, test: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (node.type === 'tag' && test(node)) out.push(node);
  for (const c of node.children ?? []) findAll(c, test, out);
  return out;
}

function siblings(node: Node): Node[] {
  return (node.parent?.children ?? []).filter((c) => c.type === 'tag');
}

function nextElement(node: Node): Node | undefined {
  const s = siblings(node);
  return s[s.indexOf(node) + 1];
}

function previousElement(node: Node): Node | undefined {
  const s = siblings(node);
  const i = s.indexOf(node);
  return i > 0 ? s[i - 1] : undefined;
}
