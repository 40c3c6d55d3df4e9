import { Document, Packer, Paragraph, Table, TableCell, TableRow, VerticalMergeType, WidthType } from 'docx';

/** A cell of a table written for a test: text, and how far it spans. */
export interface CellSpec {
  text: string;
  colSpan?: number;
  /** 'restart' starts a vertical merge, 'continue' is covered by the cell above. */
  vMerge?: 'restart' | 'continue';
}

export type RowSpec = (string | CellSpec)[];

/**
 * A real .docx written by the docx library: paragraphs before, one table with merged cells
 * (gridSpan, vMerge) as Word writes them, paragraphs after.
 */
export async function makeTableDocx(before: string[], rows: RowSpec[], after: string[] = []): Promise<Buffer> {
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (r) =>
        new TableRow({
          children: r.map((c) => {
            const spec = typeof c === 'string' ? { text: c } : c;
            return new TableCell({
              children: spec.text.split('\n').map((l) => new Paragraph(l)),
              columnSpan: spec.colSpan,
              verticalMerge: spec.vMerge === 'restart' ? VerticalMergeType.RESTART : spec.vMerge === 'continue' ? VerticalMergeType.CONTINUE : undefined,
            });
          }),
        }),
    ),
  });
  const doc = new Document({ sections: [{ children: [...before.map((l) => new Paragraph(l)), table, ...after.map((l) => new Paragraph(l))] }] });
  return Packer.toBuffer(doc);
}
