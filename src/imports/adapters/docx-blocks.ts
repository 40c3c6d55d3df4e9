/**
 * A .docx as the reader's blocks: paragraphs as text, tables as grids of cells with their
 * merges resolved. mammoth turns Word's XML into plain HTML (gridSpan → colspan, vMerge →
 * rowspan); htmlparser2 reads that HTML. Images are dropped at conversion (a stamp or a logo
 * is no text, and base64 would only cost memory).
 */
import { parseDocument } from 'htmlparser2';
import type { Block } from '../../documents/extract';
import type { TableCell } from '../../documents/table';

interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
}

const BLOCK_TEXT = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);

export async function docxBlocks(bytes: Buffer): Promise<Block[]> {
  const mammoth = await import('mammoth');
  const { value } = await mammoth.convertToHtml({ buffer: bytes }, { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) });
  return htmlBlocks(value);
}

export function htmlBlocks(html: string): Block[] {
  const doc = parseDocument(html) as unknown as HtmlNode;
  const blocks: Block[] = [];
  const visit = (n: HtmlNode) => {
    if (n.type !== 'tag') return;
    if (n.name === 'table') return void blocks.push({ kind: 'table', rows: tableGrid(n) });
    if (BLOCK_TEXT.has(n.name!)) {
      // A list item may hold a nested list: its own text first, then the nested items.
      const own = textOf({ ...n, children: (n.children ?? []).filter((c) => c.name !== 'ul' && c.name !== 'ol') });
      if (own.trim()) blocks.push({ kind: 'text', text: own });
      for (const c of n.children ?? []) if (c.name === 'ul' || c.name === 'ol') visit(c);
      return;
    }
    for (const c of n.children ?? []) visit(c);
  };
  for (const c of doc.children ?? []) visit(c);
  return blocks;
}

function textOf(n: HtmlNode): string {
  if (n.type === 'text') return n.data ?? '';
  if (n.name === 'br') return '\n';
  const inner = (n.children ?? []).map(textOf).join('');
  return n.name && (BLOCK_TEXT.has(n.name) || n.name === 'table' || n.name === 'tr') ? `${inner}\n` : inner;
}

function decode(s: string): string {
  return s.replace(/\n{2,}/g, '\n').trim();
}

/** The table's rows as a grid: a merged cell's text in its first slot, the slots it covers marked. */
function tableGrid(table: HtmlNode): TableCell[][] {
  const rows: HtmlNode[] = [];
  const collect = (n: HtmlNode) => {
    for (const c of n.children ?? []) {
      if (c.name === 'tr') rows.push(c);
      else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') collect(c);
    }
  };
  collect(table);
  const grid: TableCell[][] = [];
  const above = new Map<number, { text: string; left: number }>();
  for (const tr of rows) {
    const row: TableCell[] = [];
    let c = 0;
    const fillAbove = () => {
      for (let span = above.get(c); span; span = above.get(c)) {
        row[c] = { text: span.text, merged: 'row' };
        if (--span.left === 0) above.delete(c);
        c++;
      }
    };
    for (const td of (tr.children ?? []).filter((x) => x.name === 'td' || x.name === 'th')) {
      fillAbove();
      const text = decode(textOf(td));
      const colspan = Math.max(1, Math.min(50, Number(td.attribs?.colspan) || 1));
      const rowspan = Math.max(1, Math.min(1000, Number(td.attribs?.rowspan) || 1));
      for (let k = 0; k < colspan; k++) {
        row[c + k] = k === 0 ? { text } : { text, merged: 'col' };
        if (rowspan > 1) above.set(c + k, { text, left: rowspan - 1 });
      }
      c += colspan;
    }
    fillAbove();
    grid.push(Array.from(row, (x) => x ?? { text: '' }));
  }
  return grid;
}
