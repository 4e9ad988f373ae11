"""A small hand-built Extraction for testing the assembler, shapes and exports
without depending on the extractors (which are built alongside).

`mini_extraction(text)` builds records from a short plan in the example's layout.
Every record's span is found in the text by its quote, so `quote ==
text[start:end]` holds by construction, and keys come from content (as the
extractors' do), so editing one paragraph leaves other records' keys alone.
"""

from __future__ import annotations

import hashlib

from graph.records import (
    DocumentInfo,
    Entity,
    Extraction,
    Measure,
    NumberUse,
    Quantity,
    Result,
    Section,
    Span,
    Statement,
    Target,
    stable_key,
)

TEXT = """关键词【稳中求进】
【郑州实践】
持续稳定经济运行

强化投资关键作用。抓好1000个省市重点项目、年度完成投资5000亿元以上，产业项目投资占比提高到48%以上，力争签约项目1~2个。

加快释放消费潜力。社会消费品零售总额增长6%左右。

关键词【科技创新】
【郑州实践】
持续推进创新驱动发展

打造高水平科创平台。推动中原科技城与省科学院深度融合，建设龙子湖新能源实验室，新建创新平台100家。2022年新增高新技术企业1000家。

省人大代表、荥阳市市长何雄说：“我们将实施十大战略，在荥阳建设中原科技城。”

郑报全媒体记者 王红
"""

PARA2 = "加快释放消费潜力。社会消费品零售总额增长6%左右。"


def _span(text: str, quote: str, after: int = 0) -> Span:
    start = text.index(quote, after)
    return Span(start, start + len(quote), quote)


def _all(text: str, quote: str) -> list[Span]:
    spans, i = [], text.find(quote)
    while i >= 0:
        spans.append(Span(i, i + len(quote), quote))
        i = text.find(quote, i + 1)
    return spans


def _q(text: str, quote: str, value: float, unit: str, norm: float, code: str,
       vmax: float | None = None, nmax: float | None = None) -> Quantity:
    return Quantity(value, vmax, unit, norm, nmax, code, _span(text, quote))


def mini_extraction(text: str = TEXT, doc_id: str = "mini-2023") -> Extraction:
    doc = DocumentInfo(
        doc_id=doc_id, source_name=f"{doc_id}.txt",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), encoding="utf-8",
        title="奋力推动经济发展全面提速提质", jurisdiction="郑州", plan_year=2023, length=len(text),
    )
    s1 = Section(stable_key("section", "稳中求进"), "稳中求进", "郑州实践", "持续稳定经济运行", "稳中求进", "plan",
                 _span(text, "关键词【稳中求进】"),
                 Span(0, text.index("关键词【科技创新】"), text[:text.index("关键词【科技创新】")]),
                 ordinal=1)
    b2 = text.index("关键词【科技创新】")
    e2 = text.index("省人大代表")
    s2 = Section(stable_key("section", "科技创新"), "科技创新", "郑州实践", "持续推进创新驱动发展", "科技创新", "plan",
                 _span(text, "关键词【科技创新】"), Span(b2, e2, text[b2:e2]), ordinal=2)

    def measure(section: Section, lead: str) -> Measure:
        span = _span(text, lead)
        end = text.find("\n", span.end)
        body = Span(span.start, end, text[span.start:end])
        return Measure(stable_key("measure", lead), section.key, lead, span, body, "plan")

    m1 = measure(s1, "强化投资关键作用")
    m2 = measure(s1, "加快释放消费潜力")
    m3 = measure(s2, "打造高水平科创平台")

    def target(m: Measure, metric: str, quote: str, q: Quantity, comparator: str, kind: str,
               aspirational: bool = False, direction: str = "level") -> Target:
        return Target(stable_key("target", m.key, metric, quote), m.section_key, m.key, metric, q,
                      comparator, kind, aspirational, 2023, None, _span(text, quote), direction=direction)

    targets: list[Target] = []
    if "1000个省市重点项目" in text:
        targets.append(target(m1, "省市重点项目", "1000个省市重点项目",
                              _q(text, "1000个", 1000, "个", 1000, "1"), "=", "level"))
    if "年度完成投资5000亿元以上" in text:
        targets.append(target(m1, "年度完成投资", "年度完成投资5000亿元以上",
                              _q(text, "5000亿元", 5000, "亿元", 5e11, "CNY"), ">=", "level"))
    if "产业项目投资占比提高到48%以上" in text:
        targets.append(target(m1, "产业项目投资占比", "产业项目投资占比提高到48%以上",
                              _q(text, "48%", 48, "%", 48, "percent"), ">=", "share"))
    if "签约项目1~2个" in text:
        targets.append(target(m1, "签约项目", "签约项目1~2个",
                              _q(text, "1~2个", 1, "个", 1, "1", 2, 2), "range", "level", aspirational=True))
    if "社会消费品零售总额增长6%左右" in text:
        targets.append(target(m2, "社会消费品零售总额", "社会消费品零售总额增长6%左右",
                              _q(text, "6%", 6, "%", 6, "percent"), "~", "growth", direction="increase"))
    if "新建创新平台100家" in text:
        targets.append(target(m3, "创新平台", "新建创新平台100家",
                              _q(text, "100家", 100, "家", 100, "1"), "=", "level"))

    results = [Result(stable_key("result", "新增高新技术企业", "2022"), s2.key, m3.key, "新增高新技术企业",
                      _q(text, "1000家", 1000, "家", 1000, "1"), "=", "level", 2022, None,
                      _span(text, "2022年新增高新技术企业1000家"), direction="increase")]

    def entity(etype: str, label: str, **kw: object) -> Entity:
        return Entity(stable_key(etype, label), etype, label, mentions=_all(text, label), **kw)

    zz = entity("place", "郑州", section_keys=[s1.key, s2.key])
    xy = entity("place", "荥阳", aliases=["荥阳市"])
    org = entity("organization", "省科学院", section_keys=[s2.key], measure_keys=[m3.key])
    prog = entity("program", "十大战略")
    lab = entity("project", "龙子湖新能源实验室", section_keys=[s2.key], measure_keys=[m3.key])
    city = entity("project", "中原科技城", section_keys=[s2.key], measure_keys=[m3.key],
                  located_in=[xy.key], involves=[org.key], implements=[prog.key])
    hx = entity("person", "何雄", role="省人大代表", affiliation="荥阳市市长")
    wh = entity("person", "王红", role="记者")
    quote_start = text.index("我们将实施")
    quote_end = text.index("”", quote_start)
    st = Statement(stable_key("statement", "何雄"), hx.key, "何雄", "省人大代表", None,
                   Span(quote_start, quote_end, text[quote_start:quote_end]),
                   touches=(prog.key, xy.key, city.key), theme_keys=(s2.key,))
    byline = _span(text, "郑报全媒体记者 王红")
    numbers = [NumberUse(t.quantity.span, "target", t.key) for t in targets]
    numbers.append(NumberUse(_span(text, "2022"), "date"))
    return Extraction(
        document=doc, text=text, sections=[s1, s2], measures=[m1, m2, m3], targets=targets,
        results=results, entities=[zz, xy, org, prog, lab, city, hx, wh], statements=[st],
        numbers=numbers + [NumberUse(Span(0, 1, text[0]), "residue", None, "test residue")], byline=byline,
    )
