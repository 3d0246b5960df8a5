#!/usr/bin/env python3
"""Makes varied data files for the benchmark and the build tests.

usage: gen_reports.py SAMPLES_DIR OUT_DIR N [--long K ...]

N files r0001.yaml … from the samples in turn, each with its own agency
(a county or city and a kind of office), written into the data and the
text wherever the sample names its agency: the texts, tables and glyph
sets differ from file to file, and every file is valid data.
--long K also writes long_K.yaml: seed 004 with the items of its overview
and of its problems repeated K times (K times its text; the tables stay).
Deterministic: the same arguments give the same files."""
import os
import re
import sys

PLACES = ("中牟县 巩义市 荥阳市 新密市 新郑市 登封市 兰考县 杞县 通许县 尉氏县 孟津区 新安县 栾川县 嵩县 "
          "汝阳县 宜阳县 洛宁县 伊川县 偃师区 宝丰县 叶县 鲁山县 郏县 舞钢市 汝州市 安阳县 汤阴县 滑县 "
          "内黄县 林州市 浚县 淇县 获嘉县 原阳县 延津县 封丘县 卫辉市 辉县市 长垣市 修武县 博爱县 武陟县 "
          "温县 沁阳市 孟州市 清丰县 南乐县 范县 台前县 濮阳县 鄢陵县 襄城县 禹州市 长葛市 舞阳县 临颍县 "
          "渑池县 卢氏县 义马市 灵宝市 南召县 方城县 西峡县 镇平县 内乡县 淅川县 社旗县 唐河县 新野县 "
          "桐柏县 邓州市 民权县 睢县 宁陵县 柘城县 虞城县 夏邑县 永城市 罗山县 光山县 新县 商城县 固始县 "
          "潢川县 淮滨县 息县 扶沟县 西华县 商水县 沈丘县 郸城县 太康县 鹿邑县 项城市 西平县 上蔡县 "
          "平舆县 正阳县 确山县 泌阳县 汝南县 遂平县 新蔡县 济源市").split()
KINDS = ("人民政府办公室 发展和改革委员会 教育局 科学技术局 公安局 民政局 司法局 财政局 人力资源和社会保障局 "
         "自然资源局 生态环境分局 住房和城乡建设局 交通运输局 水利局 农业农村局 商务局 文化广电和旅游局 "
         "卫生健康委员会 退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 医疗保障局 城市管理局 "
         "林业局 信访局 人民防空办公室 机关事务中心 乡村振兴局").split()


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def agency_of(text):
    m = re.search(r"^agency:\s*(.+?)\s*$", text, re.M)
    return m.group(1).strip("'\"")


def varied(samples, i):
    """The i-th file (0-based): a sample with a new agency."""
    text = samples[i % len(samples)]
    old = agency_of(text)
    place = PLACES[(i * 7) % len(PLACES)]
    kind = KINDS[(i // len(PLACES) + i * 3) % len(KINDS)]
    new = place + kind
    # the sample's agency often ends in a kind of office: replace the whole name
    return text.replace(old, new)


def block(text, key):
    """The lines of the top-level mapping `key:` (header line excluded)."""
    lines = text.split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith(key + ":"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" ")), len(lines))
    return start, end, lines


def repeat_items(text, key, k):
    """Repeats the list entries under `key: items:` k times."""
    start, end, lines = block(text, key)
    body = lines[start + 1:end]
    at = next(i for i, l in enumerate(body) if l.strip() == "items:")
    indent = len(body[at]) - len(body[at].lstrip()) + 2
    items_end = next((i for i in range(at + 1, len(body))
                      if body[i].strip() and len(body[i]) - len(body[i].lstrip()) < indent), len(body))
    items = body[at + 1:items_end]
    body = body[:at + 1] + items * k + body[items_end:]
    return "\n".join(lines[:start + 1] + body + lines[end:])


def main():
    args = sys.argv[1:]
    longs = []
    while "--long" in args:
        i = args.index("--long")
        longs.append(int(args[i + 1]))
        del args[i:i + 2]
    if len(args) != 3:
        sys.exit(__doc__)
    src, out, n = args[0], args[1], int(args[2])
    # clean reports only: a sample that warns (tests/sample_warnings.txt) is left out
    listed = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sample_warnings.txt")
    with open(listed, encoding="utf-8") as f:
        warns = {l.split(":")[0] for l in f if not l.startswith("#")}
    names = sorted(f for f in os.listdir(src) if f.endswith(".yaml") and f not in warns)
    samples = [read(os.path.join(src, f)) for f in names]
    # nor one of a year before another's: with its new agency it would be 缺报 in the tree
    years = [int(re.search(r"^year:\s*(\d+)", t, re.M).group(1)) for t in samples]
    samples = [t for t, y in zip(samples, years) if y + 1 not in years]
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        with open(os.path.join(out, "r%04d.yaml" % (i + 1)), "w", encoding="utf-8") as f:
            f.write(varied(samples, i))
    seed = read(os.path.join(src, "004_3971b268707d3ce1.yaml"))
    for k in longs:
        text = repeat_items(repeat_items(seed, "overview", k), "problems", k)
        with open(os.path.join(out, "long_%d.yaml" % k), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
