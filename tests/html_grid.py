#!/usr/bin/env python3
"""html_grid: reads the tables of an HTML page back into cell grids, the way
a browser places cells (rowspan, colspan, row groups), and compares them with
an expected grid.

    python3 tests/html_grid.py PAGE.html                 # print every table
    python3 tests/html_grid.py PAGE.html --kinds         # ... with th/td and scope
    python3 tests/html_grid.py PAGE.html --json          # machine-readable dump
    python3 tests/html_grid.py PAGE.html --expect GRID.yaml   # compare; exit 1 on a difference

Printed form, one line per cell, in row order, diffable:

    table 1 "caption" 5x4 head=0
    [0,0 1×4] 第二十条第（一）项

An expected grid (YAML or JSON) is a list of tables, or {tables: [...]}.
A table has `rows` written like the layout's table grids: a row is a list of
cells or {cells: [...]} (other keys ignored); a cell is text (a string or a
number) or {text, rowspan, colspan, kind: head|label|value}. Optional keys:
`caption` (pick the page's table by caption; else tables match in order),
`header_rows` (rows in <thead>), `ncols`, `nrows`. Cell positions follow from
the spans exactly as in HTML.

As a module: read_tables(html) -> [Table]; grid_from_rows(rows) -> [Cell];
compare(expected_tables, actual_tables) -> [difference strings];
format_table(table, kinds=False) -> str.
"""
import argparse
import json
import re
import sys
from html.parser import HTMLParser

_WS = re.compile(r"[ \t\n\f\r]+")


def _norm(text):
    """Text as a browser shows it: ASCII whitespace collapsed, ends trimmed."""
    return _WS.sub(" ", text).strip()


class Cell:
    __slots__ = ("row", "col", "rowspan", "colspan", "tag", "scope", "text")

    def __init__(self, row, col, rowspan, colspan, tag, scope, text):
        self.row, self.col, self.rowspan, self.colspan = row, col, rowspan, colspan
        self.tag, self.scope, self.text = tag, scope, text

    @property
    def kind(self):
        """head, label or value, as in the document tree."""
        if self.tag == "td":
            return "value"
        return "label" if self.scope in ("row", "rowgroup") else "head"

    def as_dict(self):
        return {"row": self.row, "col": self.col, "rowspan": self.rowspan, "colspan": self.colspan,
                "tag": self.tag, "scope": self.scope, "text": self.text}


class Table:
    def __init__(self):
        self.caption = None
        self.caption_id = None
        self.caption_class = None
        self.groups = []  # [(section, [[raw cell, ...] per row])]
        self.cells = []
        self.nrows = self.ncols = 0
        self.header_rows = 0
        self.problems = []

    def as_dict(self):
        return {"caption": self.caption, "caption_id": self.caption_id, "nrows": self.nrows,
                "ncols": self.ncols, "header_rows": self.header_rows,
                "cells": [c.as_dict() for c in self.cells], "problems": self.problems}


def _span(value, default=1):
    """rowspan/colspan as HTML parses them: digits, clamped; bad values → default."""
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else default


def _layout(table):
    """The HTML table-forming algorithm, simplified: places each row group's
    cells, skipping slots taken by rowspans from above, clipping rowspans at
    the end of their group. Records overlaps and holes as problems."""
    row0 = 0
    taken = {}
    for section, rows in table.groups:
        group_cells = []
        for r, raw_row in enumerate(rows):
            y = row0 + r
            x = 0
            for tag, attrs, text in raw_row:
                while (y, x) in taken:
                    x += 1
                rs = min(_span(attrs.get("rowspan"), 1), 65534)
                cs = max(1, min(_span(attrs.get("colspan"), 1), 1000))
                if rs == 0:  # to the end of the row group
                    rs = len(rows) - r
                rs = max(1, min(rs, len(rows) - r))
                if _span(attrs.get("rowspan"), 1) > len(rows) - r:
                    table.problems.append(f"cell [{y},{x}] rowspan {attrs.get('rowspan')} runs past its "
                                          f"{section} (clipped to {rs})")
                cell = Cell(y, x, rs, cs, tag, attrs.get("scope"), text)
                for dy in range(rs):
                    for dx in range(cs):
                        if (y + dy, x + dx) in taken:
                            table.problems.append(f"cell [{y},{x}] overlaps cell {taken[(y + dy, x + dx)]} "
                                                  f"at [{y + dy},{x + dx}]")
                        else:
                            taken[(y + dy, x + dx)] = f"[{y},{x}]"
                group_cells.append(cell)
                x += cs
        table.cells.extend(group_cells)
        if section == "thead":
            table.header_rows += len(rows)
        row0 += len(rows)
    table.nrows = row0
    table.ncols = max((c.col + c.colspan for c in table.cells), default=0)
    for y in range(table.nrows):
        holes = [x for x in range(table.ncols) if (y, x) not in taken]
        if holes:
            table.problems.append(f"row {y} has no cell at column(s) {', '.join(map(str, holes))}")
    table.cells.sort(key=lambda c: (c.row, c.col))


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = []
        self.stack = []  # open tables (nested tables are read on their own)
        self.text = None  # list collecting the current cell's or caption's text
        self.cell = None  # (tag, attrs) of the open cell
        self.in_caption = False

    def _table(self):
        return self.stack[-1] if self.stack else None

    def _close_cell(self):
        t = self._table()
        if t is not None and self.cell is not None:
            tag, attrs = self.cell
            t.groups[-1][1][-1].append((tag, attrs, _norm("".join(self.text))))
        self.cell = None
        self.text = None

    def _group(self, section):
        self._close_cell()
        self._table().groups.append((section, []))

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "table":
            self._close_cell()
            self.stack.append(Table())
            return
        t = self._table()
        if t is None:
            return
        if tag == "caption":
            self.in_caption = True
            t.caption_id = a.get("id")
            t.caption_class = a.get("class")
            self.text = []
        elif tag in ("thead", "tbody", "tfoot"):
            self._group(tag)
        elif tag == "tr":
            self._close_cell()
            if not t.groups:
                t.groups.append(("tbody", []))
            t.groups[-1][1].append([])
        elif tag in ("td", "th"):
            self._close_cell()
            if not t.groups:
                t.groups.append(("tbody", []))
            if not t.groups[-1][1]:
                t.groups[-1][1].append([])
            self.cell = (tag, a)
            self.text = []
        elif tag == "br" and self.text is not None:
            self.text.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        t = self._table()
        if t is None:
            return
        if tag == "caption" and self.in_caption:
            t.caption = _norm("".join(self.text))
            self.in_caption = False
            self.text = None
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "table":
            self._close_cell()
            self.tables.append(self.stack.pop())

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def read_tables(html_text):
    """Every <table> of the page, in document order, with its cells placed."""
    p = _Parser()
    p.feed(html_text)
    p.close()
    for t in p.tables:
        _layout(t)
    return p.tables


def _cell_spec(spec, where):
    if isinstance(spec, (str, int, float)) and not isinstance(spec, bool):
        return {"text": str(spec)}
    if isinstance(spec, dict):
        if "text" not in spec:
            raise ValueError(f"{where}: a cell needs text (got {sorted(spec)})")
        kind = spec.get("kind")
        if kind not in (None, "head", "label", "value"):
            raise ValueError(f"{where}: kind must be head, label or value, not {kind!r}")
        return {"text": str(spec["text"]), "rowspan": int(spec.get("rowspan", 1)),
                "colspan": int(spec.get("colspan", 1)), "kind": kind}
    raise ValueError(f"{where}: a cell is text or a mapping, not {type(spec).__name__}")


def grid_from_rows(rows, header_rows=0):
    """Places expected rows (layout-style lists of cells) as HTML would."""
    t = Table()
    raw = []
    for i, row in enumerate(rows):
        cells = row.get("cells") if isinstance(row, dict) else row
        if not isinstance(cells, list):
            raise ValueError(f"row {i}: expected a list of cells")
        raw_row = []
        for j, spec in enumerate(cells):
            c = _cell_spec(spec, f"row {i} cell {j}")
            attrs = {"rowspan": str(c.get("rowspan", 1)), "colspan": str(c.get("colspan", 1)),
                     "kind": c.get("kind")}
            raw_row.append(("cell", attrs, _norm(c["text"])))
        raw.append(raw_row)
    if header_rows:
        t.groups.append(("thead", raw[:header_rows]))
    t.groups.append(("tbody", raw[header_rows:]))
    _layout(t)
    return t


def _expected_tables(doc):
    tables = doc.get("tables") if isinstance(doc, dict) else doc
    if not isinstance(tables, list):
        raise ValueError("expected a list of tables, or a mapping with `tables`")
    out = []
    for i, spec in enumerate(tables):
        if not isinstance(spec, dict) or "rows" not in spec:
            raise ValueError(f"table {i + 1}: needs `rows`")
        t = grid_from_rows(spec["rows"], int(spec.get("header_rows", 0)))
        t.caption = spec.get("caption")
        # Remember which keys were given, to compare only those.
        t.given = {k for k in ("caption", "header_rows", "ncols", "nrows") if k in spec}
        if "ncols" in spec and spec["ncols"] != t.ncols:
            t.problems.append(f"expected ncols {spec['ncols']} but its rows make {t.ncols}")
        if "nrows" in spec and spec["nrows"] != t.nrows:
            t.problems.append(f"expected nrows {spec['nrows']} but its rows make {t.nrows}")
        t.kinds = _kinds_by_position(spec["rows"], t)
        out.append(t)
    return out


def _kinds_by_position(rows, t):
    """Expected kinds keyed by (row, col): cells are placed in row order, so
    the n-th spec of row r is the n-th placed cell anchored in row r."""
    by_row = {}
    for c in t.cells:
        by_row.setdefault(c.row, []).append(c)
    kinds = {}
    for r, row in enumerate(rows):
        cells = row.get("cells") if isinstance(row, dict) else row
        for spec, c in zip(cells, by_row.get(r, [])):
            if isinstance(spec, dict) and spec.get("kind"):
                kinds[(c.row, c.col)] = spec["kind"]
    return kinds


def compare(expected, actual):
    """Differences between expected tables (from an expected-grid file) and
    the page's tables, as readable strings; empty when they agree."""
    diffs = []
    used = set()
    for i, e in enumerate(expected):
        name = f"table {i + 1}" + (f" \"{e.caption}\"" if e.caption else "")
        for p in e.problems:
            diffs.append(f"{name}: expected grid: {p}")
        if "caption" in e.given:
            found = [j for j, a in enumerate(actual) if a.caption == e.caption and j not in used]
        else:
            found = [i] if i < len(actual) else []
        if not found:
            diffs.append(f"{name}: not found in the page ({len(actual)} table(s) there)")
            continue
        a = actual[found[0]]
        used.add(found[0])
        for p in a.problems:
            diffs.append(f"{name}: page: {p}")
        if "header_rows" in e.given and a.header_rows != e.header_rows:
            diffs.append(f"{name}: <thead> has {a.header_rows} row(s), expected {e.header_rows}")
        if (a.nrows, a.ncols) != (e.nrows, e.ncols):
            diffs.append(f"{name}: page grid is {a.nrows}x{a.ncols}, expected {e.nrows}x{e.ncols}")
        got = {(c.row, c.col): c for c in a.cells}
        want = {(c.row, c.col): c for c in e.cells}
        for pos in sorted(set(got) | set(want)):
            g, w = got.get(pos), want.get(pos)
            at = f"{name} [{pos[0]},{pos[1]}]"
            if g is None:
                diffs.append(f"{at}: missing: expected {w.rowspan}×{w.colspan} {w.text!r}")
            elif w is None:
                diffs.append(f"{at}: unexpected cell {g.rowspan}×{g.colspan} {g.text!r}")
            else:
                if (g.rowspan, g.colspan) != (w.rowspan, w.colspan):
                    diffs.append(f"{at}: spans {g.rowspan}×{g.colspan}, expected {w.rowspan}×{w.colspan} ({w.text!r})")
                if g.text != w.text:
                    diffs.append(f"{at}: text {g.text!r}, expected {w.text!r}")
                kind = e.kinds.get(pos)
                if kind and g.kind != kind:
                    diffs.append(f"{at}: {g.tag} scope={g.scope} is a {g.kind} cell, expected {kind} ({w.text!r})")
    return diffs


def format_table(t, index=1, kinds=False):
    cap = json.dumps(t.caption, ensure_ascii=False) if t.caption is not None else "(no caption)"
    lines = [f"table {index} {cap} {t.nrows}x{t.ncols} head={t.header_rows}"]
    for c in t.cells:
        k = f" {{{c.tag}{' ' + c.scope if c.scope else ''}}}" if kinds else ""
        lines.append(f"[{c.row},{c.col} {c.rowspan}×{c.colspan}]{k} {c.text}".rstrip())
    for p in t.problems:
        lines.append(f"! {p}")
    return "\n".join(lines)


def _load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return json.loads(text)
    try:
        import yaml
    except ImportError:
        return json.loads(text)
    return yaml.safe_load(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Read the tables of an HTML page back into cell grids.")
    ap.add_argument("page", help="HTML file")
    ap.add_argument("--expect", metavar="GRID", help="expected grid (YAML or JSON): compare, exit 1 on a difference")
    ap.add_argument("--kinds", action="store_true", help="print th/td and scope of each cell")
    ap.add_argument("--json", action="store_true", help="print the tables as JSON")
    args = ap.parse_args(argv)
    try:
        with open(args.page, encoding="utf-8") as f:
            tables = read_tables(f.read())
    except (OSError, UnicodeDecodeError) as e:
        print(f"html_grid: {args.page}: {e}", file=sys.stderr)
        return 2
    if args.expect:
        try:
            expected = _expected_tables(_load(args.expect))
        except (OSError, ValueError) as e:
            print(f"html_grid: {args.expect}: {e}", file=sys.stderr)
            return 2
        diffs = compare(expected, tables)
        for d in diffs:
            print(d)
        print(f"{args.page}: {len(expected)} table(s) compared, {len(diffs)} difference(s)")
        return 1 if diffs else 0
    if args.json:
        print(json.dumps([t.as_dict() for t in tables], ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(format_table(t, i + 1, args.kinds) for i, t in enumerate(tables)))
    return 1 if any(t.problems for t in tables) else 0


if __name__ == "__main__":
    sys.exit(main())
