#!/usr/bin/env python3
"""Generate raw newspaper pages in layouts other than the dev set's, with exact gold.

usage: variants.py CORPUS.jsonl OUTDIR --pages N --seed S [--layout NAME|all|NAME,NAME]
                   [--typeset PATH] [--first-date D] [--last-date D] [--check]
       variants.py - OUTDIR --pages 0 --check        (only check pages already in OUTDIR)

A test-data generator, not part of the product (Python 3, standard library only).
It imports generate() and the line rules (wrap(), spaced(), person(),
article_of(), byline_lines()) from typeset.py (--typeset, default
../shared/tools/typeset.py from the repository root) and hands generate() a
page_hook that lays each page out again from its articles with the same rules,
adding the layout features below. Pages look like the dev set (lines of W
characters, dropped indents, column breaks as blank lines, letter-spaced lines,
spaces around digits, kickers, "本报讯" datelines, reporter bylines) apart from
the variant features. OUTDIR receives NNNN.txt and NNNN.gold.json as typeset.py
writes them; the gold follows typeset.py's conventions: no whitespace beside a
non-ASCII character; kicker as printed with its marker; dateline without any
bracketed byline; "date" is the date the dateline carries, else null (null means
"not annotated" on generated pages).

Layouts (--layout NAME; "all" mixes them, each page drawing a random non-empty
subset, each feature on with probability 0.45; NAME,NAME combines some):

  widths      column widths 8-10 or 16-24 characters (instead of 11-15) and
              column heights 6-30 lines (instead of 8-13).
  headlines   most articles get a headline line: the corpus title with any
              leading 【...】 removed, printed after the kicker (if any, with no
              blank line between) and before the body, then a blank line or not.
              Printed plain, centered (6+ ASCII spaces or 3+ U+3000 before it),
              or letter-spaced; a space inside the title printed as 1-2 spaces
              or U+3000. Titles
              wider than 24 cells are dropped half the time, else printed over
              two lines. Sometimes a subheadline line "——..." follows.
              Gold: "headline" = the title without whitespace (a space stays only
              between two ASCII characters); extra field "subheadline" = that
              line as printed, "——" included (like a kicker's marker), only on
              articles that have one (score.py ignores it).
  bracketed   the dateline carries the byline in parentheses and no byline line
              ends the article: "本报讯（记者 王伟 通讯员 李娜）",
              "本报北京7月25日讯（记者王伟）", "新华社北京7月25日电（记者 王伟）".
              Gold dateline "本报讯" / "本报北京7月25日讯" / "新华社北京7月25日电";
              date = the date in the dateline (the page date; for 新华社 the day
              before in 30% of cases, as wire copy often is).
  headers     a page header at the top ("郑州高新区报  2022年2月14日  星期一
              第2版  要闻": paper, date, weekday, edition as 第2版/02/A2/第二版,
              section; one line or two; sometimes a rule of dashes under it and
              a page-number line such as "- 2 -" above it or at the bottom) and a footer at the bottom ("责任编辑：张三  校对：李四
              美编：王五", on one line or one role a line; sometimes placed under
              the header instead). Gold: in no article.
  jumps       some articles get a jump line ("（下转第3版）", "下转第3版",
              "（转第3版）") at a column break inside the article; the article
              goes on after it. Some pages also get a continuation article: a
              line "（上接第1版）" (or "上接第1版", "（上接1版）"), then the tail of
              a corpus article (from a paragraph start, or mid-paragraph) with no
              kicker, headline or dateline, then its byline. Gold: jump lines in
              no article; continuation dateline/date null. Edition numbers agree
              with the header's.
  indents     paragraphs keep their two-character first-line indent, as "　　"
              (U+3000 twice) or, on some pages, as 4 ASCII spaces; the first line
              then holds W-2 cells after the indent, as in print. This applies to
              the dateline paragraph too.
  credits     end-of-article byline variants: "本报记者 王伟 摄",
              "文/图 记者 王伟", "文/图 本报记者 王伟 通讯员 李娜",
              "（记者 王伟 实习生 李娜）", "记者 王伟 通讯员 李娜 文/图",
              "本报记者 王伟" + "实习生 李娜" on two lines, and "（记者 王伟）"
              run on at the end of the last text line when it fits there.
              Gold: every name after 记者/本报记者 is a reporter; names after
              通讯员 or 实习生 are correspondents (an intern is not staff);
              photo is true for 摄 and for 文/图.
  crlf        CRLF line endings (3 pages in 4) and/or two pages of one issue in
              one file with a form feed at the start of the second page's first
              line (3 pages in 5). Gold: both pages' articles in order, under
              the one page date.
  nodateline  some articles have a headline and no dateline at all (gold
              dateline and date null); their first paragraph loses its indent
              like any other paragraph.

Extra gold fields (score.py reads only "date" and "articles"): top-level
"layout" (the features used on the page) and "furniture" (every raw line that
belongs to no article: header, footer, page number, jump lines), and per-article
"subheadline" where one is printed.

--check verifies every page in OUTDIR: each article's paragraphs, concatenated,
occur in order in the raw text once whitespace, form feeds and the furniture
lines are removed; kicker, headline, dateline and byline names occur between
the previous article and the next; no whitespace beside non-ASCII characters in
gold strings; dates agree with datelines; no furniture text in gold. Exit 1 on
any problem.
"""
import argparse
import datetime
import importlib
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FEATURES = ["widths", "headlines", "bracketed", "headers", "jumps", "indents", "credits", "crlf", "nodateline"]

PAPERS = ["郑州高新区报", "河南日报", "郑州日报", "洛阳日报", "大河报", "人民日报", "经济日报",
          "光明日报", "科技日报", "中国青年报", "工人日报", "农民日报", "高新区报"]
SECTIONS = ["要闻", "综合", "综合新闻", "经济", "时政", "民生", "社会", "国际", "国内新闻",
            "文化", "园区动态", "专版", "理论", "科技", "产业"]
CITIES = ["北京", "郑州", "上海", "广州", "武汉", "成都", "西安", "南京", "杭州", "长沙", "洛阳", "天津"]
CN_NUM = "〇一二三四五六七八九十"
SUB_TEMPLATES = ["——{place}推进{topic}工作综述", "——记{place}{role}{name}", "——来自{place}的报道",
                 "——{place}{topic}见闻", "——写在{topic}之际", "——访{place}{role}{name}",
                 "——{place}扎实推进{topic}", "——聚焦{topic}"]
SUB_TOPICS = ["高质量发展", "乡村振兴", "营商环境优化", "科技创新", "生态保护", "民生保障",
              "城市更新", "产业升级", "春耕生产", "防汛救灾", "新春佳节", "开放合作"]
SUB_ROLES = ["基层干部", "企业负责人", "科技工作者", "一线工人", "村党支部书记", "社区工作者"]
FOOTER_ROLES = [("责任编辑", "校对", "美编"), ("编辑", "校对"), ("本版编辑", "美编"),
                ("责编", "版式", "校对"), ("责任编辑", "版式设计", "责任校对"), ("责任编辑", "美术编辑")]
JUMP_RE = re.compile(r"^[（(]?(下转|转|上接|紧接)第?[A-Z]?\d{1,2}版[）)]?$")

ts = None  # the typeset module, imported in main()


def load_typeset(path):
    global ts
    path = os.path.abspath(path)
    sys.path.insert(0, os.path.dirname(path))
    sys.dont_write_bytecode = True  # leave no __pycache__ beside the shared tools
    ts = importlib.import_module(os.path.splitext(os.path.basename(path))[0])
    return ts


# ---------------------------------------------------------------- helpers

def gold_str(s):
    """Gold form of a printed string: no whitespace beside a non-ASCII character,
    single spaces between ASCII characters."""
    s = re.sub(r"\s+", " ", s.strip())
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", s)


def source_key(src):
    """The paragraphs exactly as typeset.article_of() puts them in gold."""
    paras = [p for p in src["paragraphs"] if p.strip()]
    if not paras:
        return None
    first = ts.PREFIX.sub("", paras[0]).strip()
    paras = [first] + paras[1:]
    paras = [re.sub(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])", "", p) for p in paras]
    return tuple(paras)


def clean(p):
    return re.sub(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+", "", p)


def cells(s):
    return sum(ts.width(c) for c in s)


def md(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    return y, m, d


def cn_number(n):
    if n <= 10:
        return CN_NUM[n]
    if n < 20:
        return "十" + (CN_NUM[n - 10] if n > 10 else "")
    return CN_NUM[n // 10] + "十" + (CN_NUM[n % 10] if n % 10 else "")


# ---------------------------------------------------------------- article features

def headline_lines(title, w, rng):
    """Raw lines for a headline; long titles over two lines."""
    if cells(title) > 24:
        sp, depth = [], 0
        for i, c in enumerate(title):  # a space outside quotes and title marks
            depth += (c in "《“‘（(") - (c in "》”’）)")
            if c.isspace() and depth == 0:
                sp.append(i)
        if sp:
            cut = min(sp, key=lambda i: abs(i - len(title) / 2))
            parts = [title[:cut].strip(), title[cut:].strip()]
        else:
            toks = ts.tokens(title)
            half = len(toks) // 2
            parts = ["".join(toks[:half]), "".join(toks[half:])]
    else:
        parts = [title]
    style = rng.choice(["plain", "plain", "plain", "centered", "centered", "spaced"])
    inner_space = rng.choice([" ", " ", "  ", "　"])
    out = []
    for p in parts:
        p = re.sub(r"\s+", inner_space, p)
        if style == "spaced":
            p = " ".join(p.replace(" ", "").replace("　", ""))
        elif style == "centered":
            room = max(4, int(max(w, 24) - cells(p)) // 2)
            pad = " " * rng.randint(6, room * 2 + 4) if rng.random() < 0.6 else "　" * rng.randint(3, room + 2)
            p = pad + p
        out.append(p)
    return out


def subheadline(rng):
    t = rng.choice(SUB_TEMPLATES)
    return t.format(place=rng.choice(CITIES + ["我市", "我区", "各地", "高新区"]), topic=rng.choice(SUB_TOPICS),
                    role=rng.choice(SUB_ROLES), name=ts.person(rng))


def names(rng, k):
    return [ts.person(rng) for _ in range(k)]


def role_run(role, people, glue):
    return role + glue + " ".join(people)


def bracketed_dateline(a, rng, page_date):
    """Dateline text with the byline in parentheses; sets gold dateline/date/byline."""
    y, m, d = md(page_date)
    b = a["byline"]
    reps = b["reporters"] or names(rng, rng.choice((1, 1, 2)))
    cors = list(b["correspondents"])
    form = rng.random()
    glue = " " if rng.random() < 0.8 else ""
    if form < 0.2:  # wire copy
        city = rng.choice(CITIES)
        day = datetime.date(y, m, d)
        if rng.random() < 0.3:
            day -= datetime.timedelta(days=1)
        gold_dl = f"新华社{city}{day.month}月{day.day}日电"
        date = day.isoformat()
        cors = []
        inside = role_run("记者", reps, glue)
    else:
        if form < 0.65:
            gold_dl, date = "本报讯", None
        else:
            gold_dl, date = f"本报{rng.choice(CITIES[:3] + [''])}{m}月{d}日讯", page_date
        parts = [role_run(rng.choice(["记者", "记者", "本报记者"]), reps, glue)]
        interns = []
        if cors and rng.random() < 0.3:
            interns = [cors.pop()]
        if cors:
            parts.append(role_run("通讯员", cors, glue))
        if interns:
            parts.append(role_run("实习生", interns, glue))
            cors += interns
        inside = " ".join(parts)
    op, cl = ("（", "）") if rng.random() < 0.9 else ("(", ")")
    a["dateline"], a["date"] = gold_dl, date
    a["byline"] = {"reporters": reps, "correspondents": cors, "photo": False}
    return gold_dl + op + inside + cl


def credit_lines(a, rng):
    """An end-of-article byline variant: (lines, run_on) and the gold byline set on a.
    run_on is a short credit to append to the last text line when it fits."""
    reps = a["byline"]["reporters"] or names(rng, 1)
    cors = a["byline"]["correspondents"]
    v = rng.randrange(7)
    if v == 0:
        r = reps[:1]
        a["byline"] = {"reporters": r, "correspondents": [], "photo": True}
        return [f"本报记者 {r[0]} 摄"], None
    if v == 1:
        role = rng.choice(["记者", "本报记者"])
        line = f"文/图 {role} {' '.join(reps)}"
        if cors and rng.random() < 0.5:
            line += " 通讯员 " + " ".join(cors)
        else:
            cors = []
        a["byline"] = {"reporters": reps, "correspondents": cors, "photo": True}
        return [line], None
    if v == 2:
        interns = names(rng, rng.choice((1, 1, 2)))
        a["byline"] = {"reporters": reps, "correspondents": interns, "photo": False}
        return [f"（记者 {' '.join(reps)} 实习生 {' '.join(interns)}）"], None
    if v == 3:
        cors = cors or names(rng, 1)
        a["byline"] = {"reporters": reps, "correspondents": cors, "photo": True}
        return [f"记者 {' '.join(reps)} 通讯员 {' '.join(cors)} 文/图"], None
    if v == 4:
        interns = names(rng, 1)
        a["byline"] = {"reporters": reps, "correspondents": interns, "photo": False}
        return [f"本报记者 {' '.join(reps)}", f"实习生 {interns[0]}"], None
    if v == 5:
        a["byline"] = {"reporters": reps, "correspondents": cors, "photo": False}
        line = f"本报记者 {' '.join(reps)}" + (f" 通讯员 {' '.join(cors)}" if cors else "")
        return [line], None
    a["byline"] = {"reporters": reps[:1], "correspondents": [], "photo": False}
    return [], f"（记者 {reps[0]}）"


# ---------------------------------------------------------------- layout

def unspace_breaks(lines):
    """Drop a space at a line break unless ASCII text stands on both sides of it."""
    out = list(lines)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        left = a.rstrip(" ")[-1:] or " "
        right = b.lstrip(" ")[:1] or " "
        if (a.endswith(" ") or b.startswith(" ")) and not (left.isascii() and right.isascii()):
            out[i], out[i + 1] = a.rstrip(" "), b.lstrip(" ")
    return [l for l in out if l]


def lay_article(a, spec, rng, profile):
    """Raw lines of one article, following typeset.typeset_page() plus the spec's features."""
    out = []
    w, h = spec["w"], spec["h"]
    if spec.get("cont"):
        out.append(spec["cont"])
    if a["kicker"]:
        out.append(a["kicker"])
        if not spec.get("head"):
            out.append("")
    if spec.get("head"):
        out += spec["head"]
        if rng.random() < 0.6:
            out.append("")
    indent = spec.get("indent")
    rows = []  # (text, first line of a paragraph?, paragraph index)
    for k, p in enumerate(a["paragraphs"]):
        midpara = k == 0 and spec.get("midpara")
        dl = spec.get("dateline") if k == 0 else None
        if dl:
            text = dl + ("" if dl.endswith(("）", ")")) and rng.random() < 0.6 else " ") + p
        else:
            text = p
        if midpara:
            first_w = w
        elif indent:
            first_w = w - 2
        else:
            first_w = w if dl else w - 2
        lines = ts.wrap(text, w, first_w, rng, profile)
        # a space beside Chinese text (in a bracketed byline) does not begin or end a printed line
        lines = unspace_breaks(lines)
        for i, line in enumerate(lines):
            rows.append((line, i == 0 and not midpara, k, bool(dl) and i == 0))
    if spec.get("run_on") and rows:
        line, first, k, isdl = rows[-1]
        if cells(line) + cells(spec["run_on"]) <= w:
            rows[-1] = (line + spec["run_on"], first, k, isdl)
        else:
            rows.append((spec["run_on"], False, k, False))
    used = 0
    jump = spec.get("jump")
    for n, (line, first, k, isdl) in enumerate(rows):
        if n and first and rows[n - 1][2] != k and rng.random() < profile["p_blank_after_para"]:
            out.append("")
        if used >= h:
            if jump:
                out.append(jump)
                jump = None
            if rng.random() < profile["p_blank_at_column"]:
                out.append("")
            used = 0
        s = ts.spaced(line, rng, profile)
        if first and indent:
            s = indent + s
        elif isdl and rng.random() < 0.5:
            s = " " + s
        out.append(s)
        used += 1
    spec["jump_used"] = spec.get("jump") is not None and jump is None
    out += spec.get("end", [])
    out.append("")
    return out


def header_lines(rng, page_date, edition):
    y, m, d = md(page_date)
    wd = "一二三四五六日"[datetime.date(y, m, d).weekday()]
    paper = rng.choice(PAPERS)
    dstr = rng.choice([f"{y}年{m}月{d}日", f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日", f"{y}.{m:02d}.{d:02d}"])
    week = rng.choice([f"星期{wd}", f"星期{wd}", f"周{wd}", ""])
    ed = rng.choice([f"第{edition}版", f"第{edition}版", f"{edition:02d}", f"A{edition}", f"第{cn_number(edition)}版"])
    sec = rng.choice(SECTIONS)
    if rng.random() < 0.2:
        sec = rng.choice([" ", "　"]).join(sec)
    order = rng.randrange(3)
    if order == 0:
        parts = [paper, dstr, week, ed, sec]
    elif order == 1:
        parts = [ed, sec, paper, dstr, week]
    else:
        parts = [dstr, week, paper, ed, sec]
    parts = [p for p in parts if p]
    sep = rng.choice(["  ", "  ", " ", "　", "   "])
    if rng.random() < 0.3:
        cut = rng.randint(1, len(parts) - 1)
        lines = [sep.join(parts[:cut]), sep.join(parts[cut:])]
    else:
        lines = [sep.join(parts)]
    if rng.random() < 0.2:
        lines.append("-" * rng.randint(10, 30) if rng.random() < 0.5 else "—" * rng.randint(6, 15))
    return lines


def footer_lines(rng):
    roles = rng.choice(FOOTER_ROLES)
    colon = rng.choice(["：", "：", "：", " "])
    items = [f"{r}{colon}{ts.person(rng)}" for r in roles]
    if rng.random() < 0.6:
        return [rng.choice(["  ", " ", "　", "   "]).join(items)]
    return items


def page_number_line(rng, edition):
    return rng.choice([str(edition), f"- {edition} -", f"— {edition} —", f"{edition:02d}"])


# ---------------------------------------------------------------- one page

class Pager:
    """The page_hook: lays each page out again with the chosen features."""

    def __init__(self, corpus, profile, layout, first, last):
        self.profile = profile
        self.layout = layout
        self.meta = []
        self.titles, self.by_date = {}, {}
        for src in ts.load(corpus, first, last):
            key = source_key(src)
            if key is None:
                continue
            self.titles.setdefault(key, src["title"])
            self.by_date.setdefault(src["date"], []).append(src)

    def features(self, rng):
        if self.layout == "all":
            while True:
                f = {x for x in FEATURES if rng.random() < 0.45}
                if f:
                    return f
        return set(self.layout.split(","))

    def __call__(self, raw, page, rng, date):
        feats = self.features(rng)
        # the corpus holds some stories twice (whole or in part): keep one of each on a file
        self.seen = set()
        page = [a for a in page if self.fresh(a["paragraphs"])]
        used = {tuple(a["paragraphs"]) for a in page}
        cont = "jumps" in feats and rng.random() < 0.6
        edition = rng.randint(2, 8) if cont or rng.random() < 0.7 else 1
        furniture = []
        two = "crlf" in feats and rng.random() < 0.6
        crlf = "crlf" in feats and (not two or rng.random() < 0.75)
        text, gold = self.page(page, feats, rng, date, edition, cont, furniture)
        if two:
            pool = [s for s in self.by_date.get(date, []) if source_key(s) not in used]
            extra = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
            page2 = [x for x in (ts.article_of(s, rng, self.profile, date) for s in extra)
                     if x and self.fresh(x["paragraphs"])]
            used |= {tuple(a["paragraphs"]) for a in page2}
            if page2:
                text2, gold2 = self.page(page2, feats, rng, date, edition + 1,
                                         "jumps" in feats and rng.random() < 0.4, furniture, used)
                text += "\f" + text2
                gold += gold2
            else:
                two = False
        if crlf:
            text = text.replace("\n", "\r\n")
        self.meta.append({"layout": sorted(feats | ({"crlf:two-pages"} if two else set())
                                           | ({"crlf:crlf"} if crlf else set())),
                          "furniture": furniture})
        return text, gold

    def fresh(self, paras, claim=True):
        """True when no paragraph of a story is already on this file; claims them."""
        keys = {squeeze(p)[:40] for p in paras if len(squeeze(p)) >= 20}
        if keys & self.seen:
            return False
        if claim:
            self.seen |= keys
        return True

    def page(self, page, feats, rng, date, edition, cont, furniture, used=None):
        profile = self.profile
        used = used if used is not None else {tuple(a["paragraphs"]) for a in page}
        indent = None
        if "indents" in feats:
            indent = "　　" if rng.random() < 0.7 else "    "
        items = []
        for a in page:
            title = self.titles.get(tuple(a["paragraphs"]), "")
            # typeset.article_of() leaves other whitespace than " " (e.g. U+00A0) and
            # kickers from titles with a space; gold has no whitespace beside non-ASCII
            a["paragraphs"] = [clean(p) for p in a["paragraphs"]]
            items.append(self.article(a, title, feats, rng, date, edition, indent))
        if cont and edition > 1:
            c = self.continuation(rng, date, edition, feats, indent, used)
            if c:
                items.insert(rng.randrange(len(items) + 1), c)
        out = []
        top, bottom = [], []
        if "headers" in feats:
            r = rng.random()
            if r < 0.9:
                top += header_lines(rng, date, edition)
            if r > 0.3:
                (top if rng.random() < 0.2 else bottom).extend(footer_lines(rng))
            if rng.random() < 0.25:
                pn = page_number_line(rng, edition)
                if rng.random() < 0.5:
                    top.insert(0, pn)
                else:
                    bottom.append(pn)
        furniture += top
        out += top
        if top and rng.random() < 0.7:
            out.append("")
        gold = []
        for a, spec in items:
            lines = lay_article(a, spec, rng, profile)
            if spec.get("jump_used"):
                furniture.append(spec["jump"])
            if spec.get("cont"):
                furniture.append(spec["cont"])
            out += lines
            gold.append(a)
        furniture += bottom
        out += bottom
        return "\n".join(out) + "\n", [self.finish(a) for a in gold]

    @staticmethod
    def finish(a):
        """Gold article with keys in the usual order; subheadline only where printed."""
        g = {"kicker": a["kicker"] and gold_str(a["kicker"]), "headline": a.get("headline")}
        if a.get("subheadline"):
            g["subheadline"] = a["subheadline"]
        for k in ("dateline", "date", "paragraphs", "byline"):
            g[k] = a[k]
        return g

    def article(self, a, title, feats, rng, date, edition, indent):
        profile = self.profile
        spec = {"indent": indent}
        if "widths" in feats:
            spec["w"] = rng.randint(8, 10) if rng.random() < 0.4 else rng.randint(16, 24)
            spec["h"] = rng.randint(6, 30)
        else:
            spec["w"] = rng.randint(*profile["col_width"])
            spec["h"] = rng.randint(*profile["col_height"])
        title = re.sub(r"^【[^】]*】", "", title).strip()
        nodl = "nodateline" in feats and title and rng.random() < 0.4
        want = nodl or ("headlines" in feats and title and rng.random() < 0.85)
        if want and cells(title) > 24 and not nodl and rng.random() < 0.5:
            want = False
        if want:
            spec["head"] = headline_lines(title, spec["w"], rng)
            a["headline"] = gold_str(title)
            if rng.random() < 0.15:
                sub = subheadline(rng)
                a["subheadline"] = gold_str(sub)
                spec["head"].append((" " * rng.randint(2, 8) if rng.random() < 0.4 else "") + sub)
        if nodl:
            a["dateline"], a["date"] = None, None
            spec["dateline"] = None
        elif "bracketed" in feats and rng.random() < 0.7:
            spec["dateline"] = bracketed_dateline(a, rng, date)
            spec["end"] = []
        else:
            spec["dateline"] = a["dateline"]
        if "end" not in spec:
            if "credits" in feats and rng.random() < 0.7:
                spec["end"], spec["run_on"] = credit_lines(a, rng)
            else:
                spec["end"] = ts.byline_lines(a["byline"], rng)
        if "jumps" in feats and rng.random() < 0.35:
            spec["jump"] = self.jump_line(rng, "下", edition + rng.randint(1, 3))
        return a, spec

    @staticmethod
    def jump_line(rng, way, n):
        if way == "下":
            s = rng.choice([f"（下转第{n}版）", f"（下转第{n}版）", f"下转第{n}版", f"（转第{n}版）"])
        else:
            s = rng.choice([f"（上接第{n}版）", f"（上接第{n}版）", f"上接第{n}版", f"（上接{n}版）"])
        return (" " * rng.randint(2, 10) + s) if rng.random() < 0.3 else s

    def continuation(self, rng, date, edition, feats, indent, used):
        """An article continued from an earlier page: its tail, no dateline."""
        pool = [s for s in self.by_date.get(date, []) if source_key(s) not in used]
        rng.shuffle(pool)
        for src in pool[:10]:
            a = ts.article_of(src, rng, self.profile, date)
            if not a or not self.fresh(a["paragraphs"], claim=False):
                continue
            paras = a["paragraphs"]
            midpara = False
            # start at a paragraph with at least 100 characters left, or inside a long paragraph
            ks = [k for k in range(1, len(paras)) if len("".join(paras[k:])) >= 100]
            longs = [k for k, p in enumerate(paras) if len(ts.tokens(p)) >= 40]
            if ks and (rng.random() < 0.7 or not longs):
                paras = paras[rng.choice(ks):]
            elif longs:
                k = rng.choice(longs)
                toks = ts.tokens(paras[k])
                cut = rng.randint(len(toks) // 3, 2 * len(toks) // 3)
                while cut < len(toks) and not toks[cut - 1][-1:] in "。，；！？" and rng.random() < 0.8:
                    cut += 1
                rest = "".join(toks[cut:])
                if len(rest) < 10 or rest[0] == " ":
                    continue
                paras = [rest] + paras[k + 1:]
                midpara = True
            else:
                continue
            used.add(source_key(src))
            self.fresh(a["paragraphs"])
            paras = [clean(p) for p in paras]
            a.update({"kicker": None, "headline": None, "dateline": None, "date": None, "paragraphs": paras})
            spec = {"indent": indent, "midpara": midpara, "dateline": None,
                    "cont": self.jump_line(rng, "上", rng.randint(1, edition - 1))}
            if "widths" in feats:
                spec["w"], spec["h"] = rng.randint(8, 24), rng.randint(6, 30)
            else:
                spec["w"], spec["h"] = rng.randint(*self.profile["col_width"]), rng.randint(*self.profile["col_height"])
            if "credits" in feats and rng.random() < 0.7:
                spec["end"], spec["run_on"] = credit_lines(a, rng)
            else:
                spec["end"] = ts.byline_lines(a["byline"], rng)
            return a, spec
        return None


# ---------------------------------------------------------------- check

BAD_SPACE = re.compile(r"\s(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s|^\s|\s$")
DATE_IN = re.compile(r"(\d{1,2})月(\d{1,2})日")


def squeeze(s):
    return re.sub(r"\s+", "", s or "")


def check_page(raw, gold):
    problems = []
    furniture = {f.strip() for f in gold.get("furniture", [])}
    lines = raw.replace("\f", "").replace("\r\n", "\n").split("\n")
    present = {l.strip() for l in lines}
    for f in furniture:
        if f not in present:
            problems.append(f"furniture line not in raw: {f!r}")
    kept = [l for l in lines if l.strip() not in furniture]
    for l in kept:
        if JUMP_RE.match(l.strip()):
            problems.append(f"unrecorded jump line: {l!r}")
    norm = squeeze("".join(kept))
    bodies = [squeeze("".join(a["paragraphs"])) for a in gold["articles"]]
    pos, prev_end, spans = 0, 0, []
    for i, (a, body) in enumerate(zip(gold["articles"], bodies)):
        at = norm.find(body, pos)
        if at < 0:
            problems.append(f"article {i}: text " + ("out of order" if body in norm else "not found")
                            + f": {body[:30]}...")
            spans.append(None)
            continue
        if norm.count(body) != 1:
            problems.append(f"article {i}: text occurs {norm.count(body)} times")
        spans.append((prev_end, at, at + len(body)))
        prev_end = pos = at + len(body)
    for i, (a, sp) in enumerate(zip(gold["articles"], spans)):
        for field in ("kicker", "headline", "subheadline", "dateline"):
            v = a.get(field)
            if v is not None and (not isinstance(v, str) or BAD_SPACE.search(v)):
                problems.append(f"article {i}: {field} has bad whitespace: {v!r}")
        for p in a["paragraphs"]:
            if BAD_SPACE.search(p) or not p:
                problems.append(f"article {i}: paragraph has bad whitespace: {p[:30]!r}")
            for f in furniture:
                if len(f) >= 5 and squeeze(f) in squeeze(p):
                    problems.append(f"article {i}: furniture {f!r} inside the text")
            if re.search(r"[下上]转第|上接第|责任编辑", p):
                problems.append(f"article {i}: jump/footer text in a paragraph: {p[:30]!r}")
        b = a["byline"]
        for role in ("reporters", "correspondents"):
            for n in b[role]:
                if BAD_SPACE.search(n) or not n:
                    problems.append(f"article {i}: bad name {n!r}")
        dl = a.get("dateline")
        m = DATE_IN.search(dl or "")
        if m:
            if not a.get("date") or tuple(int(x) for x in a["date"].split("-")[1:]) != (int(m.group(1)), int(m.group(2))):
                problems.append(f"article {i}: date {a.get('date')} does not match dateline {dl}")
        elif a.get("date") is not None:
            problems.append(f"article {i}: date {a['date']} without a dated dateline")
        if sp is None:
            continue
        before = norm[sp[0]:sp[1]]
        nxt = next((s[1] for s in spans[i + 1:] if s), len(norm))
        around = norm[sp[0]:nxt]
        if dl and not before.endswith(squeeze(dl)) and not re.search(re.escape(squeeze(dl)) + r"[（(][^）)]*[）)]$", before):
            problems.append(f"article {i}: dateline {dl} not right before the text")
        for field in ("kicker", "headline", "subheadline"):
            if a.get(field) and squeeze(a[field]) not in before:
                problems.append(f"article {i}: {field} {a[field]!r} not before the text")
        for role in ("reporters", "correspondents"):
            for n in b[role]:
                if squeeze(n) not in around:
                    problems.append(f"article {i}: name {n} not near the article")
    return problems


def check_dir(outdir):
    bad, n = 0, 0
    for name in sorted(os.listdir(outdir)):
        if not name.endswith(".gold.json"):
            continue
        stem = os.path.join(outdir, name[: -len(".gold.json")])
        with open(stem + ".txt", encoding="utf-8", newline="") as f:
            raw = f.read()
        with open(stem + ".gold.json", encoding="utf-8") as f:
            gold = json.load(f)
        n += 1
        for p in check_page(raw, gold):
            bad += 1
            print(f"{os.path.basename(stem)}: {p}", file=sys.stderr)
    print(f"checked {n} pages: {bad} problems", file=sys.stderr)
    return bad == 0


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("outdir")
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--layout", default="all", help="all, or one or more of: " + ", ".join(FEATURES))
    ap.add_argument("--typeset", default=os.path.join(ROOT, "..", "shared", "tools", "typeset.py"))
    ap.add_argument("--first-date", default="0000-00-00")
    ap.add_argument("--last-date", default="9999-99-99")
    ap.add_argument("--check", action="store_true", help="verify the pages in OUTDIR afterwards")
    args = ap.parse_args()
    if args.layout != "all":
        unknown = set(args.layout.split(",")) - set(FEATURES)
        if unknown:
            ap.error(f"unknown layout {', '.join(sorted(unknown))}; choose all or {', '.join(FEATURES)}")
    if args.pages > 0:
        load_typeset(args.typeset)
        profile = dict(ts.PROFILES["dev"])
        hook = Pager(args.corpus, profile, args.layout, args.first_date, args.last_date)
        ts.generate(args.corpus, args.outdir, args.pages, args.seed, profile,
                    args.first_date, args.last_date, page_hook=hook)
        # add the per-page layout and furniture records to the gold files
        for n, meta in enumerate(hook.meta):
            path = os.path.join(args.outdir, f"{n:04d}.gold.json")
            with open(path, encoding="utf-8") as f:
                gold = json.load(f)
            gold = {"date": gold["date"], "layout": meta["layout"], "furniture": meta["furniture"],
                    "articles": gold["articles"]}
            with open(path, "w", encoding="utf-8") as f:
                json.dump(gold, f, ensure_ascii=False, indent=1)
    if args.check and not check_dir(args.outdir):
        sys.exit(1)


if __name__ == "__main__":
    main()
