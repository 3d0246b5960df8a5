"""The official structure of the 2019 试行 format (国办公开办函〔2019〕60号,
reports on 2019 and 2020), written out independently of layouts/gb-2019:
table 二 with 本年新制作 / 本年新公开 / 对外公开总数量, 上一年项目数量 /
本年增/减 / 处理决定数量 and 政府集中采购; table 三 with a single （六）其他处理
row. Same interface as official.py, which holds what the formats share."""
import re

from official import (APP_COLS, CN, REV_COLS, SECTIONS, SECTION_KEYS, app_row as _app_row,  # noqa: F401
                      count_text, grid_applications as _grid_applications, grid_reviews, normalize, paragraphs,
                      rev_row, seed_paragraphs)
import official

APP_ROWS = [r for r in official.APP_ROWS if not r[0].startswith("results.other_handling.")]
APP_ROWS.insert(APP_ROWS.index(("results.total", "（七）总计")), ("results.other_handling", "（六）其他处理"))


def app_row(data, path):
    return _app_row(data, path, APP_ROWS)


def grid_applications(data):
    return _grid_applications(data, APP_ROWS)


def raw_row(raw, key):
    """A flow list of table 二 as written ("+2" stays "+2"; PyYAML would make it 2)."""
    m = re.search(r"^\s+%s:\s*\[([^\]]*)\]" % re.escape(key), raw, re.M)
    return [v.strip() for v in m.group(1).split(",")] if m else None


def raw_scalar(raw, key):
    m = re.search(r"\b%s:\s*([^,}\s]+)" % re.escape(key), raw)
    return m.group(1) if m else "0"


def _values(raw, key, n):
    return raw_row(raw, key) or ["0"] * n


def grid_proactive(data, raw):
    g = []
    row = official.grid_builder(g)

    def block(item, head, rows):
        row([("第二十条第（%s）项" % item, 4)])
        row([("信息内容", 1)] + head)
        for label, vals in rows:
            row([(label, 1)] + vals)

    trip = lambda k: [(t, 1) for t in _values(raw, k, 3)]
    items = ["上一年项目数量", "本年增/减", "处理决定数量"]
    block("一", [(t, 1) for t in ["本年新制作数量", "本年新公开数量", "对外公开总数量"]],
          [("规章", trip("rules")), ("规范性文件", trip("normative_documents"))])
    block("五", [(t, 1) for t in items], [("行政许可", trip("licensing")), ("其他对外管理服务事项", trip("other_services"))])
    block("六", [(t, 1) for t in items], [("行政处罚", trip("punishment")), ("行政强制", trip("coercion"))])
    fees = _values(raw, "fees", 2)
    block("八", [("上一年项目数量", 1), ("本年增/减", 2)], [("行政事业性收费", [(fees[0], 1), (fees[1], 2)])])
    block("九", [("采购项目数量", 1), ("采购总金额", 2)],
          [("政府集中采购", [(raw_scalar(raw, "projects"), 1), (raw_scalar(raw, "amount"), 2)])])
    return g


def proactive_rows(data, raw):
    """(label, printed values) of the table 二 rows whose label sits on one line."""
    out = [(label, _values(raw, key, 3)) for label, key in
           (("规章", "rules"), ("规范性文件", "normative_documents"), ("行政许可", "licensing"),
            ("其他对外管理服务事项", "other_services"),
            ("行政处罚", "punishment"), ("行政强制", "coercion"))]
    out.append(("行政事业性收费", _values(raw, "fees", 2)))
    out.append(("政府集中采购", [raw_scalar(raw, "projects"), raw_scalar(raw, "amount")]))
    return out
