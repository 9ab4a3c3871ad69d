"""Ids for a drafted ledger's targets, made from the indicators' Chinese names (`kzt draft`).

An id must match ^[a-z0-9][a-z0-9-]*$ (people type it: `kzt record gdp-growth 5.8`). The scheme,
deterministic and readable:

1. The name is read left to right, each time taking the longest word of `WORDS` (a table of the
   words of government work reports and their English: 地区生产总值 gdp, 增长 growth, 森林覆盖率
   forest-coverage …; a few, like 规上 or 全区, say nothing and give no English); characters no
   word covers are passed over. The words found, joined by hyphens, are the id — each word once,
   at most MOST_WORDS hyphenated pieces: 地区生产总值增长 → gdp-growth, 港口货物吞吐量 →
   port-throughput, 新增规上工业企业 → new-industrial-firms.
2. A name less than half of whose letters the table's words cover (引进知名主题乐园: only 引进)
   gets the numbered fallback `target-NNN` (`task-NNN` for a milestone), NNN its place in the
   draft: target-007 is the draft's 7th entry.
3. An id already taken gets -2, -3 … (实质性开工50亿级以上项目 projects, then 实质性开工10亿—20亿级项目
   projects-2).

The same names in the same order always give the same ids; `kzt rename OLD NEW` gives a better
one at any time, its history moving with it.
"""

from __future__ import annotations

import re

from .indicator_names import fold

MOST_WORDS = 5

# Chinese word, English slug ("-" drops a word that says nothing: 规上, 全区). Longest match wins,
# so 规上工业企业 finds 工业企业 after dropping 规上, and 工业增加值 beats 工业.
_TABLE = """
地区生产总值 gdp|GDP gdp|生产总值 gdp|人均 per-capita|增加值 value-added|增长 growth|增速 growth|年均 average
规上 -|规模以上 -|规模 -|全社会 -|全区 -|全县 -|辖区 -|年度 annual|城区 urban|城乡 urban-rural|城镇 urban|农村 rural
工业企业 industrial-firms|工业税收 industrial-tax|工业 industry|制造业 manufacturing|制造 manufacturing
固定资产投资 fixed-investment|民间投资 private-investment|技改投资 tech-upgrade-investment|投资 investment
社会消费品零售总额 retail-sales|社会消费品零售额 retail-sales|网络零售额 online-retail|零售 retail
一般公共预算收入 public-budget-revenue|税收 tax|收入 income|可支配收入 income|人均可支配收入 income|居民 residents
新增就业 new-jobs|就业 jobs|失业率 unemployment-rate|调查失业率 unemployment-rate|创业 startup
进出口总额 foreign-trade|进出口 foreign-trade|外贸 foreign-trade|外向型企业 export-firms
港口 port|货物 -|吞吐量 throughput|物流 logistics|公路 roads|农村路 rural-roads|路网 road-network|停车位 parking
贷款余额 loans|存贷款余额 deposits-loans|存贷款 deposits-loans|贷款 loans|金融机构 financial-institutions
金融业 finance-sector|科技金融 tech-finance|普惠金融 inclusive-finance|绿色金融 green-finance
养老金融 elderly-finance|数字金融 digital-finance|金融 finance|分支机构 branches|担保贷款 guarantee-loans
民营经济 private-economy|经营主体 market-entities|市场主体 market-entities|“四上” four-above|四上 four-above
高新技术企业 high-tech-firms|科技型企业 tech-firms|企业 firms|创新平台 innovation-platforms|平台 platforms
研发经费投入强度 rd-intensity|研发 rd|技术合同成交额 tech-contract-turnover|技术合同 tech-contracts
人才 talents|高层次人才 high-level-talents|领军型人才 leading-talents|团队 teams
招商 investment-promotion|合同额 contracts|到位资金 funds-in-place|资金 funds|上级资金 higher-level-funds
项目 projects|重大项目 major-projects|储备项目 project-reserve|重点任务 key-tasks|任务 tasks
商业综合体 commercial-complex|授权店 licensed-stores|消费 consumption|旅游 tourism|游客 tourists
度假区 resort|文化产业 cultural-industry|文化 culture|非遗 intangible-heritage|文物 cultural-relics
粮食播面 grain-sown-area|播面 sown-area|粮食产量 grain-output|粮食 grain|产量 output|高标准农田 high-standard-farmland
农田 farmland|中药材 herbs|道地药材 herbs|育苗基地 seedling-bases|基地 bases|GAP gap|产业集群 industry-clusters
产值 output|农产品加工 agri-processing|加工园 processing-parks|加工业 processing|农业 agriculture
社会化服务 socialized-services|科技进步贡献率 tech-contribution|贡献率 contribution-rate|制种 seed
垃圾转运站 garbage-transfer-stations|污水治理率 sewage-treatment-rate|污水 sewage|直排 discharge|村社 villages
乡村 villages|村集体经济 village-collective-economy|建成率 completion-rate|乡镇 townships|和美乡村 harmonious-villages
空气质量优良天数 good-air-days|优良天数 good-air-days|空气质量 air-quality|水质 water-quality|类别 class
饮用水 drinking-water|水源地 water-sources|达标率 compliance-rate|建设用地 construction-land|安全利用率 safe-use-rate
森林覆盖率 forest-coverage|覆盖率 coverage|营造林 afforestation|绿地 green-space|城市 city|老旧小区 old-residential
改造 renewal|能耗 energy-intensity|二氧化碳 co2|碳排放 carbon|排放 emissions|单位 per-unit
养老保险 pension-insurance|医疗保险 medical-insurance|参保率 coverage|养老服务 elderly-care|养老 elderly-care
医疗 medical|医院 hospital|教育 education|学校 schools|院校 colleges|托育 childcare
城镇化率 urbanization-rate|常住人口 resident-population|人口 population|收入比 income-ratio|比 ratio
新增 new|新建设 new|新建 new|新培育 new|新引进 new|新发展 new|新谋划 new|新升规 new-above-scale
培育引进 new|培育 new|引进 new|落户 new|发放 -|完成 -|打造 -|建设 -|建成 -|创成 -|启动 -|开工 -|组建 -|实施 -
推动 -|推进 -|力争 -|确保 -|实质性开工 -
综合场景 scenarios|场景 scenarios|应用 applications|数字 digital|“AI+” ai-plus|AI ai|智能 smart
示范区 demonstration-zone|示范 demonstration|园区 park|产业园 industrial-park|中心 center|试点 pilot|机制 mechanism
规划 plan|台阶 steps|净增 increase
"""
WORDS: dict[str, str] = {}
for _line in _TABLE.strip().splitlines():
    for _pair in _line.split("|"):
        _word, _, _slug = _pair.partition(" ")
        WORDS[fold(_word).lower()] = "" if _slug.strip() == "-" else _slug.strip()
_LONGEST = max(len(w) for w in WORDS)
_CLEAN = re.compile(r"[^a-z0-9-]+")


def _read(name: str) -> tuple[list[str], int, int]:
    """The slugs of a name's table words, in the name's order (a word repeated right after itself
    once: 新增 + 新建 → new), how many of its letters the table's words cover, and how many letters
    it has (digits and punctuation not counted)."""
    text = fold(name).lower()
    found: list[str] = []
    covered = 0
    i = 0
    while i < len(text):
        for size in range(min(_LONGEST, len(text) - i), 0, -1):
            slug = WORDS.get(text[i:i + size])
            if slug is not None:
                if slug and (not found or found[-1] != slug):
                    found.append(slug)
                covered += sum(ch.isalpha() for ch in text[i:i + size])
                i += size
                break
        else:
            i += 1
    return found, covered, sum(ch.isalpha() for ch in text)


def words_of(name: str) -> list[str]:
    """The English words of a name, by the longest words of the table, in the name's order."""
    return _read(name)[0]


def slug_of(name: str) -> str:
    """The id the scheme gives a name on its own: its words while they come to at most MOST_WORDS
    hyphenated pieces (at least the first word); "" when the table's words cover less than half
    of the name's letters (引进知名主题乐园 is not just "new")."""
    words, covered, letters = _read(name)
    if not words or covered * 2 < letters:
        return ""
    chosen: list[str] = []
    for word in words:
        if chosen and len("-".join([*chosen, word]).split("-")) > MOST_WORDS:
            break
        chosen.append(word)
    return _CLEAN.sub("-", "-".join(chosen)).strip("-")


def make_ids(names: list[tuple[str, bool]]) -> list[str]:
    """The ids of a draft's entries, given (name, is_milestone) in the draft's order."""
    ids: list[str] = []
    taken: set[str] = set()
    for place, (name, milestone) in enumerate(names, 1):
        base = slug_of(name) or f"{'task' if milestone else 'target'}-{place:03d}"
        chosen, n = base, 2
        while chosen in taken:
            chosen, n = f"{base}-{n}", n + 1
        taken.add(chosen)
        ids.append(chosen)
    return ids
