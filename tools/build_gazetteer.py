#!/usr/bin/env python3
"""Build crates/benbao-extract/data/divisions.tsv from the division table that
the PyPI package `jionlp` ships (jionlp/dictionary/china_location.zip, which
holds china_location.txt: province / prefecture / county / town / village,
one per line, indented with tabs, as `name<TAB>adcode<TAB>alias`).

Run once, by hand, when the data should be refreshed:

    pip download --no-deps jionlp==1.5.31 -d /tmp/jionlp
    python3 tools/build_gazetteer.py /tmp/jionlp/jionlp-1.5.31-py2.py3-none-any.whl

From a wheel, the package's licence text is copied beside the output as
divisions.LICENSE. The argument may also be an unpacked `china_location.zip` / `china_location.txt`,
or nothing, in which case an installed `jionlp` is looked up (without importing
it). Only the first three levels are kept. The output is sorted by code.

What is kept and what is left out:
* provinces (incl. 香港, 澳门, 台湾); prefectures; counties (districts,
  county-level cities, banners, …);
* the package's rows of "functional zones" (codes whose last two digits are
  71–79: 高新技术产业开发区, 经济技术开发区, 城乡一体化示范区, …) are left out:
  they are not administrative divisions, and benbao resolves "郑州高新区" to
  the city (see gazetteer.rs);
* pseudo-levels (市辖区, 省直辖行政区划, 市直辖行政区划, and the second row of a
  municipality such as 北京市 under 北京市) are skipped and their children
  hung on the level above, so every code is unique;
* rows with no unique code (the districts of Hong Kong and Macau, which all
  carry 810000/820000, and Taiwan's districts, which carry none) are dropped.
  Taiwan's cities and counties carry codes 7101xx–7107xx in the package; they
  are not part of GB/T 2260 (which stops at 710000) but are kept as given.

Short names are derived here by rule (never 1 character): the name without its
suffix (省, 市, 自治区, 特别行政区, 地区, 盟, 自治州, 县, 区, 旗, …) and without
ethnic-group words (延边朝鲜族自治州 → 延边, and also 延边州). From the package's alias column
only the conventional abbreviations that no rule can make are added (达茂旗,
科左中旗, 巴州, 塔县, 东乡县, …); its generic entries (高新区, 市直辖) are not.
"""

import io
import os
import re
import sys
import zipfile
from importlib import metadata, util

PACKAGE = "jionlp"
LICENCE = "Apache License 2.0 (c) dongrixinyu and JioNLP contributors"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "crates", "benbao-extract", "data", "divisions.tsv")

# The 56 recognised ethnic groups, without the trailing 族.
ETHNIC = """汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎
傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南
仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔
独龙 鄂伦春 赫哲 门巴 珞巴 基诺""".split()
# Longest first so that 土家族 is tried before 土族.
ETHNIC_SUFFIXES = sorted(
    [e + "族" for e in ETHNIC] + [e for e in ETHNIC if len(e) >= 2] + ["各族"],
    key=len, reverse=True)


def strip_ethnic(stem):
    """Strip ethnic-group words from the end of `stem` while >= 2 chars remain:
    延边朝鲜族 → 延边, 双江拉祜族佤族布朗族傣族 → 双江, 博尔塔拉蒙古 → 博尔塔拉,
    but 东乡族 → 东乡 and 鄂伦春 → 鄂伦春 (the group is the place's name)."""
    changed = True
    while changed:
        changed = False
        for suf in ETHNIC_SUFFIXES:
            if stem.endswith(suf) and len(stem) - len(suf) >= 2:
                stem = stem[: -len(suf)]
                changed = True
                break
    if stem.endswith("族") and len(stem) >= 3 and stem[:-1] in ETHNIC:
        stem = stem[:-1]  # 东乡族 → 东乡, 鄂温克族 → 鄂温克
    return stem


def short_names(name, level, alias=""):
    """Short names for a division (may be empty). Never 1 character, never the
    full name itself. `alias` is the package's alias column ("/"-separated)."""
    shorts = []
    if "的" not in name:  # 中沙群岛的岛礁及其海域: no rule-made short form
        stem = derive_stem(name, level)
        if stem is not None and len(stem) >= 2 and stem != name:
            shorts.append(stem)
            # Autonomous units are often written stem + generic suffix:
            # 恩施州, 延边州, 长阳县, 鄂温克旗.
            for full_suffix, generic in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
                if name.endswith(full_suffix) and not stem.endswith(generic):
                    shorts.append(stem + generic)
    # The package's conventional abbreviations that no suffix rule can make:
    # 达茂旗, 科左中旗 (banners), 巴州, 克州 (prefectures), 塔县, 东乡县, 河南县;
    # and, where the rule made nothing, prefixes such as 喀左, 前郭.
    for a in (alias or "").split("/"):
        a = a.strip()
        if len(a) < 2 or a == name or a in shorts or a in GENERIC_ALIASES:
            continue
        if a[-1] in "旗州县" or (not shorts and name.startswith(a)):
            shorts.append(a)
    return shorts


# Aliases in the package that are no names at all.
GENERIC_ALIASES = {"市直辖", "省直辖", "高新区", "经开区", "新城区", "示范区", "市辖区"}


def derive_stem(name, level):
    """The name without its administrative suffix (and ethnic words), or None."""
    if level == "province":
        suffixes = ("特别行政区", "自治区", "省", "市")
    elif level == "prefecture":
        suffixes = ("自治州", "地区", "盟", "市")
    else:
        if re.search(r"[左右前中后]旗$", name):
            # 阿拉善左旗, 科尔沁左翼中旗: 阿拉善左 would be no name at all
            return None
        # 林区 only for a forestry district (神农架林区), not 碑林区 / 万柏林区;
        # 矿区: 峰峰矿区 → 峰峰 (but see fix_mining_districts: 井陉矿区 → 井陉矿);
        # 新区: 浦东新区 → 浦东 but 清新区 → 清新.
        suffixes = ("自治县", "自治旗", "行政委员会", "联合旗", "新区", "特区", "矿区",
                    "县", "区", "市", "旗")
        if name.endswith("林区") and len(name) >= 5:
            suffixes = ("林区",)
    for suf in suffixes:
        if not name.endswith(suf):
            continue
        stem = name[: -len(suf)]
        if suf.startswith("自治") or stem.endswith("族"):
            stem = strip_ethnic(stem)  # 延边朝鲜族自治州 → 延边, 管城回族区 → 管城
        if len(stem) >= 2:
            return stem
    return None


def fix_mining_districts(rows):
    """井陉矿区 sits beside 井陉县: its short name must keep 矿 (井陉矿), or it
    would take the county's. `rows` are [code, level, name, shorts, parent]."""
    taken = {}
    for r in rows:
        for s in r[3]:
            taken.setdefault(s, set()).add(r[0])
    for r in rows:
        if r[2].endswith("矿区") and r[3] and r[3][0] == r[2][:-2]:
            if taken.get(r[3][0], set()) - {r[0]}:
                r[3][0] = r[2][:-1]


def read_source(arg):
    """Return (text of china_location.txt, version string)."""
    version = None
    if arg is None:
        spec = util.find_spec(PACKAGE)
        if spec is None or not spec.submodule_search_locations:
            sys.exit(f"{PACKAGE} is not installed; pass the wheel or china_location.zip")
        arg = os.path.join(list(spec.submodule_search_locations)[0],
                           "dictionary", "china_location.zip")
        version = metadata.version(PACKAGE)
    if arg.endswith(".whl"):
        m = re.search(r"jionlp-([^-]+)-", os.path.basename(arg))
        version = version or (m.group(1) if m else None)
        with zipfile.ZipFile(arg) as whl:
            inner = whl.read("jionlp/dictionary/china_location.zip")
            licences = [n for n in whl.namelist() if re.search(r"\.dist-info/(licenses/)?LICENSE", n)]
            if licences:  # the Apache 2.0 text travels with the data
                with open(OUT.replace(".tsv", ".LICENSE"), "wb") as f:
                    f.write(whl.read(licences[0]))
        with zipfile.ZipFile(io.BytesIO(inner)) as z:
            return z.read("china_location.txt").decode("utf-8"), version
    if arg.endswith(".zip"):
        with zipfile.ZipFile(arg) as z:
            return z.read("china_location.txt").decode("utf-8"), version
    with open(arg, encoding="utf-8") as f:
        return f.read(), version


def is_zone(code):
    return code[4] == "7" and code[2:4] != "00"


def build(text):
    divisions = {}  # code -> [code, level, name, shorts, parent]
    stack = [None, None]  # code of the current province, prefecture
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue
        fields = line.strip().split("\t")
        name = fields[0]
        code = fields[1] if len(fields) > 1 else ""
        alias = fields[2] if len(fields) > 2 else ""
        if depth == 0:
            stack = [None, None]
            if not re.fullmatch(r"\d{6}", code):
                continue
            divisions[code] = [code, "province", name, None, alias]
            stack[0] = code
            continue
        if depth == 1:
            stack[1] = None
            if stack[0] is None or not re.fullmatch(r"\d{6}", code):
                continue
            if code == stack[0] or "直辖" in name or name == "市辖区":
                stack[1] = stack[0]  # municipality / pseudo-level: hang children on the province
                continue
            divisions[code] = [code, "prefecture", name, stack[0], alias]
            stack[1] = code
            continue
        # depth == 2: county
        parent = stack[1]
        if parent is None or not re.fullmatch(r"\d{6}", code):
            continue  # Taiwan's districts carry no code
        if code in divisions or code[2:] == "0000" or code.endswith("00"):
            continue  # HK/Macau districts (810000, 820000), 市直辖行政区划 (441900)
        if is_zone(code) or "直辖" in name or name == "市辖区" or "开发区" in name:
            continue  # 成都高新技术产业开发区 carries 510102 but is a zone too
        divisions[code] = [code, "county", name, parent, alias]
    return divisions


def main():
    arg = sys.argv[1] if len(sys.argv) > 1 else None
    text, version = read_source(arg)
    divisions = build(text)
    counts = {"province": 0, "prefecture": 0, "county": 0}
    rows = []
    for code in sorted(divisions):
        _, level, name, parent, alias = divisions[code]
        assert parent is None or parent in divisions, (code, parent)
        counts[level] += 1
        rows.append([code, level, name, short_names(name, level, alias), parent or ""])
    fix_mining_districts(rows)
    lines = []
    for code, level, name, shorts, parent in rows:
        assert all(len(s) >= 2 and s != name for s in shorts), (code, shorts)
        lines.append("\t".join([code, level, name, ",".join(shorts), parent]))
    header = [
        "# Chinese administrative divisions: province, prefecture, county.",
        f"# Source: PyPI package {PACKAGE} {version or '(unknown version)'}, file "
        "jionlp/dictionary/china_location.zip (china_location.txt).",
        f"# Licence of the source data: {LICENCE}; "
        "full text in divisions.LICENSE beside this file.",
        "# Changed from the source by tools/build_gazetteer.py: three levels only, zones and "
        "pseudo-levels dropped, short names derived by rule (plus the package's abbreviations "
        "ending in 旗/州/县). Do not edit by hand.",
        f"# {counts['province']} provinces, {counts['prefecture']} prefectures, {counts['county']} counties.",
        "# Columns: code<TAB>level<TAB>name<TAB>short names (comma-separated)<TAB>parent code",
    ]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header + lines) + "\n")
    print(f"wrote {os.path.normpath(OUT)}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
