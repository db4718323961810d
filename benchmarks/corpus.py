"""Benchmark corpora: seeded synthetic documents built from the lexicon, and the demo snapshot's real ones.

:func:`generate_documents` yields staged document rows exactly as the parse stage writes them
(``cgtwatch.pipeline.staged_document_row``, columns ``warehouse.loaders.STAGED_DOCUMENT_COLUMNS``),
one at a time: a 100,000-document corpus is never held in memory. Document ``i`` depends only on
``(seed, i)``, so any slice can be regenerated independently and two runs produce identical bytes.

The texts mix what the six sources really publish: announcements with the 证券代码 header and the
directors' statement, CDE acceptance records, NMPA news, policy notices and financial news. Entities
come from ``transforms/lexicon/*.tsv`` (canonical names and aliases), together with invented names the
lexicon does not know, so that the tagger's patterns do real work. Event sentences (approvals, IND,
financing with amounts, policies, market forecasts, clinical results, filings) are mixed with
background, risk boilerplate and noise that carry no event.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import opencc

from cgtwatch.pipeline import staged_document_row
from extractors.base import ParsedDocument
from transforms.lexicon import load_lexicon

DEFAULT_SEED = 20250102
#: Corpus sizes the benchmarks are specified at.
SIZES = (1_000, 10_000, 100_000)
BEIJING = ZoneInfo("Asia/Shanghai")
_EPOCH = datetime(2024, 1, 1, tzinfo=BEIJING)
_DAYS = 731  # 2024-01-01 .. 2025-12-31

# Share of each source in the corpus: filings dominate, as on the live feeds.
_SOURCE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("cninfo", 30),
    ("eastmoney", 20),
    ("news", 18),
    ("cde", 14),
    ("nmpa", 9),
    ("policy", 9),
)
_ROUNDS = ("天使轮", "Pre-A轮", "A轮", "A+轮", "B轮", "B+轮", "C轮", "D轮", "战略")
_SYLLABLES = "康瑞华泽恒博源信宁启辰星锐德诺安睿赛凯合和正元创科君泰立新达盛"
_SUFFIXES = ("生物", "生物科技", "医药", "细胞", "基因", "生物医药")
_CITIES = ("北京", "上海", "苏州", "杭州", "深圳", "广州", "南京", "成都", "武汉", "天津")
_PHASES = ("I期", "II期", "III期", "Ib/II期", "I/II期")
_TARGETS = ("CD19", "BCMA", "CD22", "GPRC5D", "Claudin18.2", "GPC3", "CD7", "CD70", "MSLN")


@dataclass(frozen=True)
class LexiconPools:
    """Surface forms to draw from, by role, read once from the lexicon TSVs."""

    drugs: tuple[tuple[str, tuple[str, ...], str | None], ...]
    companies: tuple[str, ...]
    investors: tuple[str, ...]
    hospitals: tuple[str, ...]
    indications: tuple[str, ...]
    cell_types: tuple[str, ...]
    policies: tuple[str, ...]
    authorities: tuple[str, ...]
    regions: tuple[str, ...]
    media: tuple[str, ...]


@cache
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@cache
def lexicon_pools() -> LexiconPools:
    """The packaged lexicon split into the roles templates need.

    Returns:
        Canonical names (and drug aliases) by role.
    """
    lexicon = load_lexicon()

    def names(type_: str) -> tuple[str, ...]:
        return tuple(e.canonical for e in lexicon.of_type(type_))

    all_companies = names("company")
    investors = tuple(c for c in all_companies if any(k in c for k in ("资本", "创投", "基金", "投", "控股", "红杉")))
    hospitals = tuple(c for c in all_companies if "医院" in c)
    companies = tuple(c for c in all_companies if c not in investors and c not in hospitals)
    return LexiconPools(
        drugs=tuple((e.canonical, e.aliases, e.company) for e in lexicon.of_type("drug")),
        companies=companies,
        investors=investors,
        hospitals=hospitals,
        indications=names("indication"),
        cell_types=names("cell_type"),
        policies=names("policy"),
        authorities=names("authority"),
        regions=names("region"),
        media=names("media"),
    )


class _Writer:
    """Fills the templates of one document from its own random stream."""

    def __init__(self, rng: random.Random, pools: LexiconPools, published: datetime) -> None:
        self.rng = rng
        self.pools = pools
        self.published = published
        drug, aliases, owner = rng.choice(pools.drugs)
        if rng.random() < 0.45:
            # Half the stories are about products the lexicon does not know (pattern-matched instead).
            code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTXYZ") for _ in range(2))
            self.drug = f"{code}-{rng.randint(101, 999)}注射液"
            self.drug_alias = self.drug.removesuffix("注射液")
            self.company = self.new_company()
        else:
            self.drug = drug
            self.drug_alias = rng.choice(aliases) if aliases and rng.random() < 0.5 else drug
            self.company = owner if owner and rng.random() < 0.7 else rng.choice(pools.companies)
        self.indication = rng.choice(pools.indications)
        self.cell_type = rng.choice(pools.cell_types)
        self.region = rng.choice(pools.regions)

    def pick(self, options: Sequence[str]) -> str:
        return self.rng.choice(options)

    def new_company(self) -> str:
        name = "".join(self.rng.choice(_SYLLABLES) for _ in range(2))
        return f"{self.rng.choice(_CITIES)}{name}{self.rng.choice(_SUFFIXES)}有限公司"

    def day(self, back: int = 5) -> str:
        when = self.published - timedelta(days=self.rng.randint(0, back))
        if self.rng.random() < 0.3:
            return f"{when.year}年{when.month}月{when.day}日"
        return f"{when.month}月{when.day}日"

    def amount(self) -> str:
        roll = self.rng.random()
        if roll < 0.45:
            return f"{self.rng.randint(1, 30) / (2 if self.rng.random() < 0.5 else 1):g}亿元"
        if roll < 0.75:
            return f"{self.rng.randint(5, 990) * 10:,}万元"
        if roll < 0.9:
            return f"{self.rng.randint(1, 40) * 500}万美元"
        return f"{self.rng.randint(2, 80)}亿港元"

    def acceptance_no(self, kind: str = "CXSL") -> str:
        return f"{kind}{str(self.published.year)[2:]}{self.rng.randint(0, 99999):05d}"

    # Event sentences --------------------------------------------------------------------------

    def ind_approval(self) -> str:
        return self.pick(
            (
                f"{self.day()}，{self.company}宣布，其自主研发的{self.drug}获得国家药监局临床试验默示许可，"
                f"拟用于治疗{self.indication}。",
                f"{self.company}公告，公司{self.drug_alias}的临床试验申请已获得国家药品监督管理局批准，"
                f"受理号为{self.acceptance_no()}，适应症为{self.indication}。",
                f"据药审中心官网，{self.company}申报的{self.cell_type}产品{self.drug}于{self.day(20)}获批开展"
                f"{self.pick(_PHASES)}临床试验。",
                f"公司近日收到国家药监局核准签发的《药物临床试验批准通知书》，同意{self.drug}开展用于"
                f"{self.indication}的临床试验。",
            )
        )

    def ind_accepted(self) -> str:
        return self.pick(
            (
                f"{self.company}的{self.drug}临床试验申请获国家药监局受理，受理号{self.acceptance_no()}。",
                f"药审中心网站显示，{self.company}靶向{self.pick(_TARGETS)}的{self.drug}IND申请于{self.day(10)}获得受理。",
            )
        )

    def nda(self) -> str:
        return self.pick(
            (
                f"{self.company}宣布，{self.drug}的上市申请已获国家药监局受理，并被纳入优先审评，"
                f"用于治疗{self.indication}。",
                f"国家药监局药品审评中心受理了{self.drug}的上市许可申请（受理号：{self.acceptance_no('CXSS')}）。",
            )
        )

    def approval(self) -> str:
        return self.pick(
            (
                f"{self.day(30)}，国家药监局通过优先审评审批程序附条件批准{self.company}申报的{self.drug}上市，"
                f"用于治疗{self.indication}。",
                f"{self.company}的{self.drug}正式获批上市，成为国内第{self.rng.randint(2, 12)}款获批的"
                f"{self.cell_type}产品。",
            )
        )

    def financing(self) -> str:
        lead, follow = self.rng.sample(self.pools.investors, 2)
        company = self.new_company() if self.rng.random() < 0.6 else self.company
        return self.pick(
            (
                f"{self.day()}，{company}宣布完成{self.amount()}{self.pick(_ROUNDS)}融资，由{lead}领投，{follow}跟投。"
                f"本轮资金将用于{self.cell_type}疗法的临床研究。",
                f"{company}近日获得{self.amount()}{self.pick(_ROUNDS)}投资，投资方包括{lead}和{follow}。",
                f"公司拟以自有资金{self.amount()}认购{company}新增注册资本，交易完成后持有其"
                f"{self.rng.randint(3, 30)}%股权。",
            )
        )

    def policy(self) -> str:
        policy = self.pick(self.pools.policies)
        authority = self.pick(self.pools.authorities)
        return self.pick(
            (
                f"{self.day(15)}，{authority}印发《{policy}》，"
                f"自{self.published.year}年{self.rng.randint(1, 12)}月1日起施行。",
                f"{self.region}发布《关于支持细胞和基因治疗产业高质量发展的若干措施》，对获批上市的"
                f"{self.cell_type}产品给予最高{self.amount()}奖励。",
                f"{authority}就《{policy}》修订稿公开征求意见，意见反馈截止日期为{self.published.year}年"
                f"{self.rng.randint(1, 12)}月{self.rng.randint(1, 28)}日。",
            )
        )

    def forecast(self) -> str:
        year = self.published.year + self.rng.randint(3, 6)
        return self.pick(
            (
                f"据{self.pick(self.pools.media)}援引机构预测，到{year}年我国干细胞治疗市场规模有望超过"
                f"{self.rng.randint(5, 30) * 100}亿元，年复合增长率约{self.rng.randint(15, 45)}%。",
                f"行业报告显示，{year}年中国细胞与基因治疗市场规模预计达到{self.rng.randint(100, 900)}亿元。",
            )
        )

    def clinical(self) -> str:
        return self.pick(
            (
                f"{self.company}公布{self.drug}治疗{self.indication}的{self.pick(_PHASES)}临床研究数据，"
                f"客观缓解率（ORR）为{self.rng.randint(40, 99)}%，完全缓解率为{self.rng.randint(20, 80)}%。",
                f"结果显示，{self.drug}达到主要终点，中位无进展生存期为{self.rng.randint(6, 30)}个月。",
            )
        )

    def filing(self) -> str:
        hospital = self.pick(self.pools.hospitals)
        return (
            f"{hospital}的“{self.cell_type}治疗{self.indication}的临床研究”项目完成国家干细胞临床研究备案，"
            f"备案日期：{self.published.year}年{self.published.month}月{self.published.day}日。"
        )

    def prescription(self) -> str:
        return f"{self.day()}，{self.drug}在{self.pick(self.pools.hospitals)}开出首张处方，标志着该产品进入商业化阶段。"

    # Non-event sentences ----------------------------------------------------------------------

    def background(self) -> str:
        return self.pick(
            (
                f"{self.cell_type}是近年来再生医学领域的研究热点，已在{self.indication}等适应症上开展多项临床研究。",
                f"{self.company}成立于{self.rng.randint(2005, 2021)}年，总部位于{self.pick(_CITIES)}，专注于"
                f"{self.cell_type}药物的研发、生产和商业化。",
                f"截至目前，国内已有{self.rng.randint(60, 180)}款干细胞药物进入临床阶段，"
                "但真正进入III期的品种仍然有限。",
                f"{self.indication}患者基数大、临床需求迫切，现有治疗手段对部分患者疗效有限。",
                f"该产品采用{self.pick(_TARGETS)}靶点设计，生产周期约为{self.rng.randint(7, 21)}天。",
            )
        )

    def risk(self) -> str:
        return self.pick(
            (
                "由于药品研发具有高投入、高风险、周期长的特点，产品从临床试验到获批上市存在诸多不确定性，"
                "敬请广大投资者谨慎决策，注意防范投资风险。",
                "公司将按照有关规定积极推进上述研发项目，并及时对项目后续进展情况履行信息披露义务。",
                "临床试验结果及审评审批进度均存在不确定性，本次事项对公司近期业绩不会产生重大影响。",
                "公司指定信息披露媒体为《证券时报》《中国证券报》和巨潮资讯网，有关信息均以在上述媒体刊登的公告为准。",
            )
        )

    def noise(self) -> str:
        return self.pick(
            (
                f"当日生物医药板块整体{self.pick(('上涨', '下跌', '震荡'))}，成交额较前一交易日"
                f"{self.pick(('放大', '萎缩'))}{self.rng.randint(3, 40)}%。",
                f"会议由董事长主持，应出席董事{self.rng.randint(5, 11)}名，实际出席董事全部出席，"
                f"会议的召集、召开符合《公司法》和《公司章程》的规定。",
                "本次投资者关系活动中，公司未披露应披露的重大信息。",
                f"编辑：{self.pick(('张', '李', '王', '刘', '陈'))}{self.pick(('晓', '一', '明', '子'))}"
                f"{self.pick(('雯', '航', '琪', '涛'))}  责任编辑：{self.pick(('赵', '孙', '周'))}佳",
                "（本文仅供参考，不构成投资建议。）",
                f"点击查看原文 阅读数：{self.rng.randint(100, 99999)}",
            )
        )


# Event kinds and their weights; "none" makes documents with no event at all.
_EVENT_KINDS: tuple[tuple[str, int], ...] = (
    ("ind_approval", 16),
    ("ind_accepted", 8),
    ("nda", 6),
    ("approval", 5),
    ("financing", 14),
    ("policy", 10),
    ("forecast", 6),
    ("clinical", 8),
    ("filing", 4),
    ("prescription", 2),
    ("none", 21),
)

_TITLES: dict[str, tuple[str, ...]] = {
    "ind_approval": ("关于{drug}获得药物临床试验批准通知书的公告", "{company}{drug_alias}获临床试验默示许可"),
    "ind_accepted": ("关于{drug}临床试验申请获得受理的公告", "{company}{drug_alias}IND申请获受理"),
    "nda": ("{drug}上市申请获受理并纳入优先审评", "关于{drug}上市许可申请获得受理的公告"),
    "approval": ("{drug}获批上市", "关于{drug}获得药品注册证书的公告"),
    "financing": ("{company}完成新一轮融资", "关于对外投资的公告", "细胞治疗企业再获资本青睐"),
    "policy": ("关于印发细胞治疗产业支持政策的通知", "{region}出台细胞和基因治疗产业新政"),
    "forecast": ("机构：干细胞治疗市场规模有望持续扩容", "细胞与基因治疗行业深度报告"),
    "clinical": ("{drug}临床研究数据公布", "关于{drug}临床试验取得积极结果的公告"),
    "filing": ("干细胞临床研究备案项目公示", "{cell_type}临床研究项目完成备案"),
    "prescription": ("{drug}开出首张处方", "{drug_alias}商业化落地"),
    "none": ("第五届董事会第{n}次会议决议公告", "投资者关系活动记录表", "股票交易异常波动公告", "生物医药板块午后走强"),
}


def _weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _body(writer: _Writer, kind: str, source: str) -> list[str]:
    """Paragraphs of one document: a lead event (maybe two), background, boilerplate, noise."""
    rng = writer.rng
    paragraphs: list[str] = []
    if kind != "none":
        paragraphs.append(getattr(writer, kind)())
        if rng.random() < 0.3:
            paragraphs.append(getattr(writer, _weighted(rng, _EVENT_KINDS[:-1]))())
    # Lengths vary widely, as on the feeds: a two-line news flash to a long announcement.
    extra = rng.choice((0, 1, 2, 3, 4, 5, 6, 8, 12, 20))
    for _ in range(extra):
        for _attempt in range(3):
            roll = rng.random()
            line = writer.background() if roll < 0.55 else writer.noise() if roll < 0.8 else writer.risk()
            if line not in paragraphs:
                paragraphs.append(line)
                break
    if not paragraphs:
        paragraphs.append(writer.background())
    if source == "cninfo":
        paragraphs.append(writer.risk())
        paragraphs.append("特此公告。")
    return paragraphs


def _document(index: int, seed: int, pools: LexiconPools) -> ParsedDocument:
    rng = random.Random(f"{seed}:{index}")  # noqa: S311 - reproducible test data, not secrets
    source = _weighted(rng, _SOURCE_WEIGHTS)
    published = _EPOCH + timedelta(days=rng.randrange(_DAYS), minutes=rng.randrange(8 * 60, 20 * 60))
    writer = _Writer(rng, pools, published)
    kind = _weighted(rng, _EVENT_KINDS)
    title = rng.choice(_TITLES[kind]).format(
        drug=writer.drug,
        drug_alias=writer.drug_alias,
        company=writer.company,
        region=writer.region,
        cell_type=writer.cell_type,
        n=rng.randint(2, 30),
    )
    paragraphs = _body(writer, kind, source)
    native = f"bench{seed}-{index:07d}"
    stamp = published.strftime("%Y-%m-%d")
    company_code = company_name = attachment = None
    metadata: dict[str, Any] = {"generator": "benchmarks.corpus", "seed": seed, "kind": kind}
    if source == "cninfo":
        company_code = f"{rng.choice(('300', '600', '688', '000'))}{rng.randint(0, 999):03d}"
        company_name = writer.company.removesuffix("有限公司")
        number = f"{published.year}-{rng.randint(1, 120):03d}"
        header = f"证券代码：{company_code} 证券简称：{company_name} 公告编号：{number}"
        statement = "本公司及董事会全体成员保证信息披露的内容真实、准确、完整，没有虚假记载、误导性陈述或重大遗漏。"
        paragraphs = [header, writer.company, title, statement, *paragraphs, f"{writer.company}董事会", stamp]
        url = f"http://www.cninfo.com.cn/new/disclosure/detail?stockCode={company_code}&announcementId={native}"
        attachment = f"http://static.cninfo.com.cn/finalpage/{stamp}/{native}.PDF"
        doc_type = "announcement"
    elif source == "cde":
        number = writer.acceptance_no()
        title = f"受理：{writer.drug}（{number}）— {writer.company}"
        paragraphs = [
            "国家药品监督管理局药品审评中心 受理",
            f"受理号：{number}",
            f"药品名称：{writer.drug}",
            "药品类型：治疗用生物制品",
            f"申请人：{writer.company}",
            f"承办日期：{stamp}",
            *paragraphs[:2],
        ]
        url = f"https://www.cde.org.cn/main/xxgk/listpage/bench#{number}"
        doc_type = "acceptance_record"
    elif source == "nmpa":
        url = f"https://www.nmpa.gov.cn/yaowen/ypjgyw/{native}.html"
        doc_type = "regulatory_news"
    elif source == "policy":
        url = f"https://www.gov.cn/zhengce/zhengceku/{published:%Y%m}/content_{native}.htm"
        doc_type = "policy"
    else:
        metadata["media"] = writer.pick(pools.media)
        if rng.random() < 0.08:
            # Hong Kong outlets write traditional characters; the engine converts them (t2s) itself.
            convert = _to_traditional().convert
            title, paragraphs = convert(title), [convert(p) for p in paragraphs]
            metadata["script"] = "traditional"
        url = (
            f"https://finance.eastmoney.com/a/{native}.html"
            if source == "eastmoney"
            else f"http://www.zqrb.cn/{native}.html"
        )
        doc_type = "news"
    return ParsedDocument(
        source=source,
        native_id=native,
        url=url,
        title=title,
        published_at=published,
        doc_type=doc_type,
        body_text="\n".join(paragraphs),
        attachment_url=attachment,
        company_code=company_code,
        company_name=company_name,
        metadata=metadata,
    )


def generate_documents(count: int, *, seed: int = DEFAULT_SEED, start: int = 0) -> Iterator[dict[str, Any]]:
    """Yield ``count`` staged document rows, one at a time.

    Args:
        count: How many documents.
        seed: Corpus seed; the same seed always gives the same documents.
        start: Index of the first document (to generate a slice of a larger corpus).

    Yields:
        Rows in the parse stage's format, ready for ``loaders.dumps_row``.
    """
    pools = lexicon_pools()
    for index in range(start, start + count):
        doc = _document(index, seed, pools)
        yield staged_document_row(doc, raw_ref=f"{doc.source}/objects/bench/{doc.native_id}.json")


def document_text(row: dict[str, Any]) -> str:
    """The text a segmenter sees for one staged row: title, newline, body."""
    return f"{row['title'] or ''}\n{row['body_text']}"


def read_staged_documents(staging_dir: Path) -> list[dict[str, Any]]:
    """Every staged document row under a run's staging directory (the demo snapshot's real documents).

    Args:
        staging_dir: ``<data>/demo/staging/<run key>`` of a run over the snapshot.

    Returns:
        The rows of all ``*.documents.jsonl`` files, sources in name order.
    """
    rows: list[dict[str, Any]] = []
    for path in sorted(staging_dir.glob("*.documents.jsonl")):
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows
