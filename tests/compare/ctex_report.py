#!/usr/bin/env python3
"""The same report set by XeLaTeX + ctex, for the side-by-side comparison of
issue 10 (not a test: a measuring aid). Writes a .tex from a gb-2021 data
file with the geometry and stand-in fonts nianbao uses (GB/T 9704: A4, text
block 156 × 225 mm, 22 lines of 28 characters at 三号; body AR PL UMing,
一、 WenQuanYi Zen Hei, （一） AR PL UKai, Latin Liberation Serif), so that
what differs is the typesetting, not the fonts; ctex's defaults otherwise.

usage: ctex_report.py DATA.yaml OUT.tex   then   xelatex OUT.tex
Needs python3-yaml; xelatex from texlive-xetex texlive-lang-chinese."""
import sys

import yaml

CN = "一二三四五六七八九十"


def esc(s):
    s = str(s)
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"),
                 ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"), ("^", r"\^{}")):
        s = s.replace(a, b)
    return s.replace("**", "")


def paras(text):
    return [p.replace("\n", "") for p in str(text or "").split("\n\n") if p.strip()]


def body(out, value):
    if isinstance(value, dict):
        for p in paras(value.get("intro")):
            out.append(esc(p) + "\n")
        for i, it in enumerate(value.get("items") or []):
            head = "（%s）%s" % (CN[i], esc(it.get("heading", "")))
            text = paras(it.get("text"))
            if it.get("run_in"):
                first = text[0] if text else ""
                out.append(r"{\kaishu %s。}%s" % (head.rstrip("。"), esc(first)) + "\n")
                text = text[1:]
            else:
                out.append(r"{\kaishu %s}" % head + "\n")
            for p in text:
                out.append(esc(p) + "\n")
        for p in paras(value.get("outro")):
            out.append(esc(p) + "\n")
    else:
        for p in paras(value):
            out.append(esc(p) + "\n")


def row(cells):
    return " & ".join(esc(c) for c in cells) + r" \\ \hline"


def table2(out, d):
    p = d.get("proactive") or {}
    def v(k, i=None):
        x = p.get(k, 0)
        return num(x[i]) if isinstance(x, list) else num(x)
    out.append(r"\begin{center}\zihao{5}\renewcommand\arraystretch{1.3}")
    out.append(r"\begin{tabular}{|p{40mm}|c|c|c|}\hline")
    out.append(r"\multicolumn{4}{|c|}{第二十条第（一）项}\\ \hline")
    out.append(row(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]))
    for k, lab in (("rules", "规章"), ("normative_documents", "行政规范性文件")):
        out.append(row([lab, v(k, 0), v(k, 1), v(k, 2)]))
    for k, lab, head in (("licensing", "行政许可", "第二十条第（五）项"), ("punishment", "行政处罚", "第二十条第（六）项"),
                         ("coercion", "行政强制", None)):
        if head:
            out.append(r"\multicolumn{4}{|c|}{%s}\\ \hline" % head)
            out.append(r"信息内容 & \multicolumn{3}{c|}{本年处理决定数量}\\ \hline")
        out.append(r"%s & \multicolumn{3}{c|}{%s}\\ \hline" % (lab, esc(v(k))))
    out.append(r"\multicolumn{4}{|c|}{第二十条第（八）项}\\ \hline")
    out.append(r"信息内容 & \multicolumn{3}{c|}{本年收费金额（单位：万元）}\\ \hline")
    out.append(r"行政事业性收费 & \multicolumn{3}{c|}{%s}\\ \hline" % esc(v("fees")))
    out.append(r"\end{tabular}\end{center}")


ROWS3 = [("received", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量"),
         ("results.disclosed", "（一）予以公开"), ("results.partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")]
GROUPS3 = [("withheld", "（三）不予公开", [("state_secret", "1.属于国家秘密"), ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
            ("endangers_security", "3.危及“三安全一稳定”"), ("third_party_rights", "4.保护第三方合法权益"),
            ("internal_affairs", "5.属于三类内部事务信息"), ("process_information", "6.属于四类过程性信息"),
            ("enforcement_files", "7.属于行政执法案卷"), ("administrative_query", "8.属于行政查询事项")]),
           ("unavailable", "（四）无法提供", [("not_held", "1.本机关不掌握相关政府信息"), ("needs_creation", "2.没有现成信息需要另行制作"),
            ("still_unclear", "3.补正后申请内容仍不明确")]),
           ("not_processed", "（五）不予处理", [("petition", "1.信访举报投诉类申请"), ("repeated", "2.重复申请"),
            ("publication", "3.要求提供公开出版物"), ("excessive", "4.无正当理由大量反复申请"),
            ("confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息")]),
           ("other_handling", "（六）其他处理", [("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), ("other", "3.其他")])]


def cells(x, n):
    x = list(x or [0] * n)[:n] + [0] * max(0, n - len(x or []))
    if len(x) == n - 1:
        x.append(sum(int(c) for c in x if str(c).isdigit()))
    return x


def num(c):
    """A cell as printed: a count with a note ({count: 22, note: …}) prints its count."""
    return c.get("count", 0) if isinstance(c, dict) else c


def get(d, path):
    for k in path.split("."):
        d = (d or {}).get(k)
    return d


def table3(out, d):
    a = d.get("applications") or {}
    def vals(path):
        v = [num(c) for c in (get(a, path) or [0] * 6)]
        return v[:6] + [v[6] if len(v) > 6 else sum(int(c) for c in v[:6] if str(c).isdigit())]
    out.append(r"{\zihao{5}\renewcommand\arraystretch{1.2}\setlength\tabcolsep{2pt}")
    out.append(r"\begin{longtable}{|p{9mm}|p{11mm}|p{40mm}|*{7}{>{\centering\arraybackslash}p{8.6mm}|}}\hline")
    out.append(r"\multicolumn{3}{|c|}{\multirow{3}{*}{\parbox{58mm}{\centering （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）}}}"
               r" & \multicolumn{7}{c|}{申请人情况}\\ \cline{4-10}")
    out.append(r"\multicolumn{3}{|c|}{} & \multirow{2}{*}{自然人} & \multicolumn{5}{c|}{法人或其他组织} & \multirow{2}{*}{总计}\\ \cline{5-9}")
    out.append(r"\multicolumn{3}{|c|}{} & & 商业企业 & 科研机构 & 社会公益组织 & 法律服务机构 & 其他 & \\ \hline")
    for key, lab in ROWS3[:2]:
        out.append(r"\multicolumn{3}{|l|}{%s} & %s \\ \hline" % (lab, " & ".join(esc(c) for c in vals(key))))
    n_rows = 2 + sum(len(g[2]) for g in GROUPS3) + 1
    first = True
    def lead():
        nonlocal first
        s = r"\multirow{%d}{*}{\parbox{9mm}{三、本年度办理结果}}" % n_rows if first else ""
        first = False
        return s
    for key, lab in ROWS3[2:]:
        out.append(r"%s & \multicolumn{2}{p{51mm}|}{%s} & %s \\ \cline{2-10}" % (lead(), lab, " & ".join(esc(c) for c in vals(key))))
    for gk, glab, rows in GROUPS3:
        for i, (rk, rlab) in enumerate(rows):
            g = r"\multirow{%d}{*}{\parbox{11mm}{%s}}" % (len(rows), glab) if i == 0 else ""
            line = i + 1 < len(rows)
            out.append(r"%s & %s & %s & %s \\ %s" % (lead(), g, rlab, " & ".join(esc(c) for c in vals("results.%s.%s" % (gk, rk))),
                                                   r"\cline{3-10}" if line else r"\cline{2-10}"))
    total = [0] * 7
    for path in ["results.disclosed", "results.partially_disclosed"] + ["results.%s.%s" % (g[0], r[0]) for g in GROUPS3 for r in g[2]]:
        total = [t + (int(c) if str(c).isdigit() else 0) for t, c in zip(total, vals(path))]
    out.append(r" & \multicolumn{2}{l|}{（七）总计} & %s \\ \hline" % " & ".join(str(c) for c in total))
    out.append(r"\multicolumn{3}{|l|}{四、结转下年度继续办理} & %s \\ \hline" % " & ".join(esc(c) for c in vals("carried_forward")))
    out.append(r"\end{longtable}}")


def table4(out, d):
    r = d.get("reviews") or {}
    def vals(k):
        v = [num(c) for c in (r.get(k) or [0] * 4)]
        return v[:4] + [v[4] if len(v) > 4 else sum(int(c) for c in v[:4] if str(c).isdigit())]
    out.append(r"\begin{center}{\zihao{5}\setlength\tabcolsep{1.5pt}\renewcommand\arraystretch{1.3}")
    out.append(r"\begin{tabular}{|*{15}{>{\centering\arraybackslash}p{8.4mm}|}}\hline")
    out.append(r"\multicolumn{5}{|c|}{行政复议} & \multicolumn{10}{c|}{行政诉讼}\\ \cline{6-15}")
    out.append(r"\multicolumn{5}{|c|}{} & \multicolumn{5}{c|}{未经复议直接起诉} & \multicolumn{5}{c|}{复议后起诉}\\ \hline")
    out.append(" & ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3) + r"\\ \hline")
    out.append(" & ".join(esc(c) for k in ("review", "litigation_direct", "litigation_after_review") for c in vals(k)) + r"\\ \hline")
    out.append(r"\end{tabular}}\end{center}")


def main():
    src, dst = sys.argv[1:3]
    d = yaml.safe_load(open(src, encoding="utf-8"))
    title = d.get("title") or "%s%s年政府信息公开工作年度报告" % (d["agency"], d["year"])
    out = [r"""\documentclass[zihao=false,fontset=none,scheme=chinese]{ctexart}
\usepackage[a4paper,top=37mm,bottom=35mm,left=28mm,right=26mm,footskip=12mm]{geometry}
\usepackage{longtable,multirow,array}
\setCJKmainfont[AutoFakeBold=2]{AR PL UMing CN}
\setCJKsansfont{WenQuanYi Zen Hei}
\setCJKfamilyfont{kai}{AR PL UKai CN}
\providecommand\kaishu{}\renewcommand\kaishu{\CJKfamily{kai}}
\setmainfont{Liberation Serif}
\setlength\parindent{2em}
\linespread{1}\fontsize{16bp}{28.94pt}\selectfont
\renewcommand\thepage{— \arabic{page} —}
\begin{document}
\fontsize{16bp}{28.94pt}\selectfont
\begin{center}{\fontsize{22bp}{35pt}\selectfont\bfseries %s\par}\end{center}
\vspace{1\baselineskip}
""" % esc(title)]
    for p in paras(d.get("preface")):
        out.append(esc(p) + "\n")
    heads = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
             "存在的主要问题及改进情况", "其他需要报告的事项"]
    keys = ["overview", "proactive", "applications", "reviews", "problems", "other_matters"]
    for i, (k, h) in enumerate(zip(keys, heads)):
        out.append(r"{\sffamily %s、%s}" % (CN[i], h) + "\n")
        if k == "proactive":
            table2(out, d)
        elif k == "applications":
            table3(out, d)
        elif k == "reviews":
            table4(out, d)
        else:
            body(out, d.get(k))
    s = d.get("signed") or {}
    by = s.get("by") or d["agency"]
    date = str(s.get("date", ""))
    if date:
        y, m, dd = date.split("-")
        out.append(r"\vspace{1\baselineskip}\begin{flushright}%s\hspace*{2em}\\%s年%d月%d日\hspace*{4em}\end{flushright}" % (esc(by), y, int(m), int(dd)))
    out.append(r"\end{document}")
    open(dst, "w", encoding="utf-8").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
