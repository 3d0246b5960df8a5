"""The official report structure of 国办公开办函〔2021〕30号, written out from
spec/report-format.md independently of layouts/gb-2021, and the values a
data file puts into it. Tests compare rendered output against this."""
import re

SECTIONS = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
SECTION_KEYS = ["overview", "proactive", "applications", "reviews", "problems", "other_matters"]
CN = "一二三四五六七八九十"

APP_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
WITHHELD = ["state_secret", "prohibited_by_law", "endangers_security", "third_party_rights",
            "internal_affairs", "process_information", "enforcement_files", "administrative_query"]
WITHHELD_L = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
              "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
UNAVAIL = ["not_held", "needs_creation", "still_unclear"]
UNAVAIL_L = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
NOTPROC = ["petition", "repeated", "publication", "excessive", "confirm_or_reissue"]
NOTPROC_L = ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
             "5.要求行政机关确认或重新出具已获取信息"]
OTHER = ["no_correction", "fee_unpaid", "other"]
OTHER_L = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
           "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]

# (data path, label) of every table 三 row, in order
APP_ROWS = [("received", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量"),
            ("results.disclosed", "（一）予以公开"),
            ("results.partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")]
APP_ROWS += [("results.withheld." + k, l) for k, l in zip(WITHHELD, WITHHELD_L)]
APP_ROWS += [("results.unavailable." + k, l) for k, l in zip(UNAVAIL, UNAVAIL_L)]
APP_ROWS += [("results.not_processed." + k, l) for k, l in zip(NOTPROC, NOTPROC_L)]
APP_ROWS += [("results.other_handling." + k, l) for k, l in zip(OTHER, OTHER_L)]
APP_ROWS += [("results.total", "（七）总计"), ("carried_forward", "四、结转下年度继续办理")]
REV_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
REV_COLS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _get(d, path):
    for k in path.split("."):
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def count_value(c):
    return c["count"] if isinstance(c, dict) else (c or 0)


def count_text(c):
    if isinstance(c, dict):
        return "%d（%s）" % (c["count"], c["note"]) if c.get("note") else str(c["count"])
    return str(c or 0)


def fees_text(raw_yaml):
    """The fee exactly as written (PyYAML would turn it into a float)."""
    m = re.search(r"^\s+fees:\s*['\"]?([0-9.]+)", raw_yaml, re.M)
    return m.group(1) if m else "0"


def app_row(data, path, app_rows=None):
    """The 7 printed cells of a table 三 row (6 columns + computed total)."""
    apps = data.get("applications") or {}
    if path == "results.total":
        rows = [p for p, _ in (app_rows or APP_ROWS)[2:-2]]
        vals = [sum(count_value((_get(apps, p) or [0] * 6)[i]) for p in rows) for i in range(6)]
        return [str(v) for v in vals] + [str(sum(vals))]
    row = _get(apps, path) or [0] * 6
    return [count_text(c) for c in row[:6]] + [str(sum(count_value(c) for c in row[:6]))]


def rev_row(data, group):
    row = _get(data.get("reviews") or {}, group) or [0] * 4
    return [count_text(c) for c in row[:4]] + [str(sum(count_value(c) for c in row[:4]))]


def grid_builder(g):
    """row([(text, colspan), …]) appends one grid row of single-row cells to g."""
    r = [0]

    def row(cells):
        c = 0
        for text, span in cells:
            g.append((r[0], c, 1, span, text))
            c += span
        r[0] += 1
    return row


def grid_proactive(data, raw):
    """Table 二 as (row, col, rowspan, colspan, text) cells."""
    p = data.get("proactive") or {}
    trip = lambda k: [count_text(c) for c in (p.get(k) or [0, 0, 0])]
    g = []
    row = grid_builder(g)
    row([("第二十条第（一）项", 4)])
    row([("信息内容", 1), ("本年制发件数", 1), ("本年废止件数", 1), ("现行有效件数", 1)])
    row([("规章", 1)] + [(t, 1) for t in trip("rules")])
    row([("行政规范性文件", 1)] + [(t, 1) for t in trip("normative_documents")])
    row([("第二十条第（五）项", 4)])
    row([("信息内容", 1), ("本年处理决定数量", 3)])
    row([("行政许可", 1), (count_text(p.get("licensing")), 3)])
    row([("第二十条第（六）项", 4)])
    row([("信息内容", 1), ("本年处理决定数量", 3)])
    row([("行政处罚", 1), (count_text(p.get("punishment")), 3)])
    row([("行政强制", 1), (count_text(p.get("coercion")), 3)])
    row([("第二十条第（八）项", 4)])
    row([("信息内容", 1), ("本年收费金额（单位：万元）", 3)])
    row([("行政事业性收费", 1), (fees_text(raw), 3)])
    return g


def grid_applications(data, app_rows=None):
    g = [(0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
         (0, 3, 1, 7, "申请人情况"), (1, 3, 2, 1, "自然人"), (1, 4, 1, 5, "法人或其他组织"),
         (1, 9, 2, 1, "总计")]
    g += [(2, 4 + i, 1, 1, t) for i, t in enumerate(APP_COLS[1:6])]
    r = 3
    app_rows = app_rows or APP_ROWS
    for i, (path, label) in enumerate(app_rows):
        if i == 2:
            g.append((r, 0, len(app_rows) - 3, 1, "三、本年度办理结果"))
        if path.count(".") == 2 and path.split(".")[1] in ("withheld", "unavailable", "not_processed", "other_handling"):
            grp = path.split(".")[1]
            first = {"withheld": WITHHELD, "unavailable": UNAVAIL, "not_processed": NOTPROC, "other_handling": OTHER}[grp]
            name = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
                    "other_handling": "（六）其他处理"}[grp]
            if path.endswith("." + first[0]):
                g.append((r, 1, len(first), 1, name))
            g.append((r, 2, 1, 1, label))
        elif path.startswith("results."):
            g.append((r, 1, 1, 2, label))
        else:
            g.append((r, 0, 1, 3, label))
        g += [(r, 3 + k, 1, 1, t) for k, t in enumerate(app_row(data, path, app_rows))]
        r += 1
    return g


def grid_reviews(data):
    g = [(0, 0, 1, 5, "行政复议"), (0, 5, 1, 10, "行政诉讼")]
    g += [(1, i, 2, 1, t) for i, t in enumerate(REV_COLS)]
    g += [(1, 5, 1, 5, "未经复议直接起诉"), (1, 10, 1, 5, "复议后起诉")]
    g += [(2, 5 + i, 1, 1, t) for i, t in enumerate(REV_COLS * 2)]
    vals = rev_row(data, "review") + rev_row(data, "litigation_direct") + rev_row(data, "litigation_after_review")
    g += [(3, i, 1, 1, t) for i, t in enumerate(vals)]
    return g


def proactive_rows(data, raw):
    """(label, printed values) of the table 二 rows whose label sits on one line."""
    p = data.get("proactive") or {}
    return [("行政许可", [count_text(p.get("licensing"))]), ("行政处罚", [count_text(p.get("punishment"))]),
            ("行政强制", [count_text(p.get("coercion"))]), ("行政事业性收费", [fees_text(raw)])]


def paragraphs(value):
    """Paragraph texts of a data string (or body), markup removed, for searching."""
    out = []
    if value is None:
        return out
    if isinstance(value, dict):
        for k in ("intro",):
            out += paragraphs(value.get(k))
        for it in value.get("items") or []:
            out += item_paragraphs(it)
        out += paragraphs(value.get("outro"))
        return out
    text = str(value)
    for para in re.split(r"\n\s*\n", text):
        p = para.replace("\\*", "\0").replace("**", "").replace("\0", "*")
        p = "".join(p.split())
        if p:
            out.append(p)
    return out


def item_paragraphs(it):
    out = ["".join(str(it["heading"]).split())]
    out += paragraphs(it.get("text"))
    for sub in it.get("items") or []:
        out += item_paragraphs(sub)
    return out


def normalize(s):
    """For comparing prose: no white space, ASCII punctuation as full width."""
    s = "".join(s.split())
    for a, b in (("(", "（"), (")", "）"), (",", "，"), (":", "："), (";", "；"), ("?", "？"), ("!", "！")):
        s = s.replace(a, b)
    return s.replace("\u200b", "")


def seed_paragraphs(path):
    """Prose lines of a seed (table rows, with tabs, are left out)."""
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if "\t" in line or not line.strip():
            continue
        out.append(normalize(line.lstrip("#").strip().replace("**", "")))
    return [p for p in out if p]
