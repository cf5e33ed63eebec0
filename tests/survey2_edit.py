"""Edits the forms of the dementia sample (inputs/dementia/2024) with openpyxl, as a
municipality using another program than Excel might; tests/survey2.rs runs it.

    survey2_edit.py same SRC_DIR DST_DIR ITEMS_SHEET TABLE_SHEET FIRST_HEADER
        Every .xlsx of SRC_DIR saved again by openpyxl into DST_DIR, with edits that
        must not change what is read: the items' cells rewritten with CRLF line ends,
        trailing spaces (ASCII, full-width) and an empty line; the first column of the
        paired table filled down onto its further rows (the same entry); wider
        columns and a frozen header row.
    survey2_edit.py blank SRC DST SHEET!CELL[=TEXT]...
        SRC saved as DST with each cell emptied, or set to TEXT.
"""
import pathlib
import sys

import openpyxl


def same(src, dst, items_sheet, table_sheet, first_header):
    dst = pathlib.Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    for path in sorted(pathlib.Path(src).glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        items = wb[items_sheet]
        for row in items.iter_rows(min_row=3):
            mark, answer = row[0].value, row[2]
            if isinstance(mark, str) and mark.startswith("（") and isinstance(answer.value, str):
                lines = answer.value.split("\n")
                answer.value = "\r\n".join(l + " \u3000" for l in lines) + "\r\n\r\n"
        items.column_dimensions["C"].width = 80
        items.freeze_panes = "A3"
        if table_sheet in wb.sheetnames:
            table = wb[table_sheet]
            head = next((r for r in range(1, table.max_row + 1) if table.cell(r, 2).value == first_header), None)
            assert head, f"{path.name}: no {first_header} header on {table_sheet}"
            first = None
            for r in range(head + 1, table.max_row + 1):
                b, c = table.cell(r, 2), table.cell(r, 3)
                if b.value:
                    first = b.value
                elif c.value and first:
                    b.value = first  # filled down: read as the same entry
                else:
                    first = None
            table.column_dimensions["D"].width = 30
        wb.save(dst / path.name)


def blank(src, dst, cells):
    wb = openpyxl.load_workbook(src)
    for spec in cells:
        where, _, text = spec.partition("=")
        sheet, cell = where.split("!")
        wb[sheet][cell].value = text or None
    wb.save(dst)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "same":
        same(*args)
    elif mode == "blank":
        blank(args[0], args[1], args[2:])
    else:
        sys.exit(f"unknown mode {mode}")
