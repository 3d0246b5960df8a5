#!/usr/bin/env python3
"""Tests of tests/html_grid.py, and through it of the renderer's table spans:
the page written by html_test (path in argv[1] or $NB_HTML_PAGE) is read back
and compared with the grids the C test built."""
import io
import os
import sys
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import html_grid  # noqa: E402

PAGE = os.environ.get("NB_HTML_PAGE")
if __name__ == "__main__" and len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
    PAGE = sys.argv.pop(1)

# The three tables of html_test.c, written as an expected-grid file.
EXPECTED = """
tables:
  - caption: 主动公开 <b>统计</b>
    header_rows: 0
    rows:
      - [{text: 第二十条第（一）项, colspan: 4, kind: head}]
      - [信息内容, 本年制发件数, 本年废止件数, 现行有效件数]
      - [{text: 规章, kind: label}, {text: 1, kind: value}, 1, 1]
      - [{text: "", kind: value}, {text: 本年收费金额（单位：万元）, colspan: 3, kind: head}]
      - [行政事业性收费, {text: "<script>alert(1)</script> & \\"x\\" 'y' </style><!-- -->", colspan: 3}]
  - caption: 收到和处理政府信息公开申请情况统计表
    header_rows: 3
    ncols: 10
    nrows: 10
    rows:
      - [{text: （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）, colspan: 3, rowspan: 3, kind: head},
         {text: 申请人情况, colspan: 7}]
      - [{text: 自然人, rowspan: 2}, {text: 法人或其他组织, colspan: 5}, {text: 总计, rowspan: 2}]
      - [商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他]
      - [{text: 一、本年新收政府信息公开申请数量, colspan: 3, kind: label}, 33, 34, 35, 36, 37, 38, 39]
      - [{text: 二、上年结转政府信息公开申请数量, colspan: 3}, 43, 44, 45, 46, 47, 48, 49]
      - [{text: 三、本年度办理结果, rowspan: 4, kind: label}, {text: （一）予以公开, colspan: 2}, 53, 54, 55, 56, 57, 58, 59]
      - [{text: （三）不予公开, rowspan: 2}, 1.属于国家秘密, 63, 64, 65, 66, 67, 68, 69]
      - [2.危及“三安全一稳定”, 73, 74, 75, 76, 77, 78, 79]
      - [{text: （七）总计, colspan: 2}, 83, 84, 85, 86, 87, 88, 89]
      - [{text: 四、结转下年度继续办理, colspan: 3}, 93, 94, 95, 96, 97, "", 99]
  - caption: 行政复议、行政诉讼情况统计表
    header_rows: 3
    rows:
      - [{text: 行政复议, colspan: 5}, {text: 行政诉讼, colspan: 10}]
      - [{text: 结果维持, rowspan: 2}, {text: 结果纠正, rowspan: 2}, {text: 其他结果, rowspan: 2},
         {text: 尚未审结, rowspan: 2}, {text: 总计, rowspan: 2}, {text: 未经复议直接起诉, colspan: 5},
         {text: 复议后起诉, colspan: 5}]
      - [结果维持, 结果纠正, 其他结果, 尚未审结, 总计, 结果维持, 结果纠正, 其他结果, 尚未审结, 总计]
      - [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
"""


def expected_tables(text):
    import yaml
    return html_grid._expected_tables(yaml.safe_load(text))


class RendererPage(unittest.TestCase):
    @unittest.skipUnless(PAGE, "no page given")
    def test_page_matches_the_built_grids(self):
        with open(PAGE, encoding="utf-8") as f:
            tables = html_grid.read_tables(f.read())
        self.assertEqual(len(tables), 3)
        self.assertEqual(html_grid.compare(expected_tables(EXPECTED), tables), [])
        self.assertEqual([t.caption_id for t in tables], ["nb-cap-proactive", "nb-cap-applications", "nb-cap-reviews"])
        self.assertEqual([t.caption_class for t in tables], [None, "nb-sr-only", "nb-sr-only"])

    @unittest.skipUnless(PAGE, "no page given")
    def test_a_wrong_expectation_fails(self):
        with open(PAGE, encoding="utf-8") as f:
            tables = html_grid.read_tables(f.read())
        wrong = EXPECTED.replace("{text: 三、本年度办理结果, rowspan: 4", "{text: 三、本年度办理结果, rowspan: 3")
        diffs = html_grid.compare(expected_tables(wrong), tables)
        self.assertIn('table 2 "收到和处理政府信息公开申请情况统计表" [5,0]: spans 4×1, expected 3×1 (\'三、本年度办理结果\')',
                      diffs)


class Reading(unittest.TestCase):
    def test_spans_groups_and_text(self):
        t, = html_grid.read_tables(
            "<table><caption id=c> A\n <b>cap</b> </caption><thead><tr><th scope=col rowspan=2>a&amp;b</th>"
            "<th colspan=2 scope=colgroup>x<wbr>y</th></tr><tr><th>p</th><th>q</th></tr></thead>"
            "<tbody><tr><th scope=row>r</th><td>1</td><td>  2\n 3 </td></tr></tbody></table>")
        self.assertEqual(t.caption, "A cap")
        self.assertEqual(t.caption_id, "c")
        self.assertEqual((t.nrows, t.ncols, t.header_rows), (3, 3, 2))
        self.assertEqual([(c.row, c.col, c.rowspan, c.colspan, c.text, c.kind) for c in t.cells], [
            (0, 0, 2, 1, "a&b", "head"), (0, 1, 1, 2, "xy", "head"), (1, 1, 1, 1, "p", "head"),
            (1, 2, 1, 1, "q", "head"), (2, 0, 1, 1, "r", "label"), (2, 1, 1, 1, "1", "value"),
            (2, 2, 1, 1, "2 3", "value")])
        self.assertEqual(t.problems, [])

    def test_rowspan_is_clipped_at_its_row_group(self):
        t, = html_grid.read_tables("<table><thead><tr><th rowspan=3>h</th><th>i</th></tr></thead>"
                                   "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>")
        self.assertEqual([(c.row, c.col, c.rowspan) for c in t.cells], [(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1)])
        self.assertEqual(t.problems, ["cell [0,0] rowspan 3 runs past its thead (clipped to 1)"])

    def test_rowspan_zero_implicit_body_holes_and_overlaps(self):
        t, = html_grid.read_tables("<table><tr><td rowspan=0>a</td><td>b</td></tr><tr><td>c</td></tr>"
                                   "<tr><td>d</td><td colspan=2>e</td></tr></table>")
        self.assertEqual([(c.row, c.col, c.rowspan, c.colspan) for c in t.cells],
                         [(0, 0, 3, 1), (0, 1, 1, 1), (1, 1, 1, 1), (2, 1, 1, 1), (2, 2, 1, 2)])
        self.assertEqual(t.problems, ["row 0 has no cell at column(s) 2, 3", "row 1 has no cell at column(s) 2, 3"])
        t, = html_grid.read_tables("<table><tr><td>a</td><td rowspan=2>b</td></tr>"
                                   "<tr><td colspan=2>c</td></tr></table>")
        self.assertEqual(t.problems, ["cell [1,0] overlaps cell [0,1] at [1,1]"])

    def test_two_tables_in_order(self):
        ts = html_grid.read_tables("<p>x</p><table><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>")
        self.assertEqual([t.cells[0].text for t in ts], ["1", "2"])


class Comparing(unittest.TestCase):
    PAGE = ("<table><caption>T</caption><thead><tr><th scope=col colspan=2>h</th></tr></thead>"
            "<tbody><tr><th scope=row>a</th><td>1</td></tr></tbody></table>")

    def diffs(self, expected):
        return html_grid.compare(expected_tables(expected), html_grid.read_tables(self.PAGE))

    def test_agreeing(self):
        self.assertEqual(self.diffs("[{caption: T, header_rows: 1, rows: [[{text: h, colspan: 2}], "
                                    "[{text: a, kind: label}, {text: 1, kind: value}]]}]"), [])

    def test_each_kind_of_difference(self):
        self.assertEqual(self.diffs("[{header_rows: 2, rows: [[h, x], [{text: a, kind: value}, 2]]}]"), [
            "table 1: <thead> has 1 row(s), expected 2",
            "table 1 [0,0]: spans 1×2, expected 1×1 ('h')",
            "table 1 [0,1]: missing: expected 1×1 'x'",
            "table 1 [1,0]: th scope=row is a label cell, expected value ('a')",
            "table 1 [1,1]: text '1', expected '2'"])
        self.assertEqual(self.diffs("[{caption: U, rows: [[a]]}]"),
                         ['table 1 "U": not found in the page (1 table(s) there)'])
        self.assertEqual(self.diffs("[{rows: [[h], [a, 1, 2]]}]"), [
            "table 1: expected grid: row 0 has no cell at column(s) 1, 2",
            "table 1: page grid is 2x2, expected 2x3",
            "table 1 [0,0]: spans 1×2, expected 1×1 ('h')",
            "table 1 [1,2]: missing: expected 1×1 '2'"])

    def test_bad_expectations_are_refused(self):
        with self.assertRaisesRegex(ValueError, r"row 0 cell 0: a cell needs text \(got \['field'\]\)"):
            expected_tables("[{rows: [[{field: x.*}]]}]")
        with self.assertRaisesRegex(ValueError, "kind must be head, label or value, not 'th'"):
            expected_tables("[{rows: [[{text: a, kind: th}]]}]")


class Cli(unittest.TestCase):
    def test_printed_form(self):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as f:
            f.write(Comparing.PAGE)
        try:
            out = io.StringIO()
            with redirect_stdout(out):
                rc = html_grid.main([f.name, "--kinds"])
            self.assertEqual(rc, 0)
            self.assertEqual(out.getvalue(), 'table 1 "T" 2x2 head=1\n[0,0 1×2] {th col} h\n'
                                             '[1,0 1×1] {th row} a\n[1,1 1×1] {td} 1\n')
            out = io.StringIO()
            with redirect_stdout(out):
                rc = html_grid.main([f.name])
            self.assertEqual(out.getvalue(), 'table 1 "T" 2x2 head=1\n[0,0 1×2] h\n[1,0 1×1] a\n[1,1 1×1] 1\n')
        finally:
            os.unlink(f.name)


if __name__ == "__main__":
    unittest.main(verbosity=1)
