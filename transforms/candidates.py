"""Candidate spans of the entity finders and how overlapping candidates are resolved.

Shared by :mod:`transforms.tagger` and the finders it delegates to (:mod:`transforms.indications`,
:mod:`transforms.products`, :mod:`transforms.policy_names`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Priorities break ties between candidates of equal length: lexicon facts beat patterns.
PRIO_LEXICON = 3
PRIO_PATTERN = 2
PRIO_WEAK = 1

#: Function characters that jieba's HMM glues to the front of an unknown name (其布瑞…, 试验中|肺癌).
LEADING_FUNCTION_CHARS = frozenset("其的由与及将已在于对向从获该即被把经以并且也都还又拟这为是继乃据如让曾")
#: Words of a sentence that come right before a drug's or a scheme's name (如|利妥昔单抗, 联合|来那度胺).
NAME_LEAD_CHARS = LEADING_FUNCTION_CHARS | frozenset("如用联合")

#: Words that end the backward walk from a name suffix: function words, verbs and phrases
#: that precede organisation or product names in news sentences.
STOP_TOKENS = frozenset(
    """由 与 和 及 以及 同 跟 或 除 除了 宣布 表示 称 指出 公告 披露 发布 为 是
    的 了 在 于 对 向 从 获 获得 将 已 已经 其 旗下 下属 子公司 全资
    控股子公司 近日 今日 日前 昨日 昨天 今天 据 据悉 联合 携手 等 这家
    该 此次 本次 即 被 把 经 通过 作为 位于 来自 其中 包括 包含 以 并
    且 也 都 还 首个 首款 一款 款 个 家 名 这 自主 研发 自主研发 开发
    申报 提交 递交 参股 投资 领投 跟投 参投 合作 牵头 主导 完成 股东 又
    新 拟将 将 产品 药物 一种 一个 用于 治疗 针对 名为 商品名 通用名
    候选 管线 旗下 公司 企业 医院 方面 后 前 中 上 下 至 到 注射液
    获批 批准 上市 临床 试验 申请 受理 落地 开出 首张 处方 患者 该院
    院方 牵头 合资 成立 设立 全国 国内 国产 我国 目前 当前 一家 多家
    两家 某 某家 各 各级 定点 三甲 公立 民营 类 1类 新药 药品 生物制品
    治疗用生物制品 同时 正式 成功 首次 首例 获准 拟 计划 有望 预计 已于
    分别 共同 联手 则 而 但 所 旗舰 重磅 首批 第一 第二 两款 多款 三款
    一批 新一代 创新药 创新 药 疗法
    关于 有关 自愿 披露 自愿披露 暨 公告 收到 核准 签发 同意 审议 本公司 参股公司 全资子公司 控股公司
    附属公司 本集团 乃 系 称为 全称 全称为 简称 认购 入股 持有 继
    印发 出台 颁布 发文 制定 券商 业内 行业 一位 分析师 机构 围绕 聚焦 优先 重点 涵盖 覆盖
    保证 确保 不能 能够 无法 不会 上月 本月 当月 今年 去年 此前 随后 余家 数家 几家 各家 可在
    多位 需要 减轻 受访 三级甲等 二级甲等 进入 指 有 十余家 数十家 成为 作为
    启动 使用 制成 要去 要 去 使得 本地 母公司 增资 收购 出售 领导者 引领者 龙头 年 我们 负责人
    销售 生产 推出 引进 商业化 接受 输注 回输 延长 按照 根据 依据 委托 标志着 意味着 强调 支持 推动 依托
    开具 采用 注射 给予""".split()
)


@dataclass(frozen=True, slots=True)
class Cand:
    """A candidate span before overlap resolution."""

    start: int
    end: int
    type: str
    canonical: str
    prio: int
    source: str


@dataclass(frozen=True, slots=True)
class Scan:
    """One view being scanned by the pattern finders, with the lexicon's candidates in it.

    Attributes:
        view: The analysis view.
        known: Lexicon candidates of the view.
    """

    view: str
    known: list[Cand]

    def inside(self, a: int, b: int) -> bool:
        """True when ``[a, b)`` lies inside a longer lexicon name (华龛生物, 复星凯特生物科技有限公司).

        Suffix hits there need no jieba walk: the lexicon span is at least as long and wins anyway.
        """
        return any(
            c.start <= a and b <= c.end and (c.start < a or c.end > b or c.end - c.start > b - a)
            for c in self.known
            if c.end - c.start >= 4
        )


def resolve(cands: Iterable[Cand]) -> list[Cand]:
    """Pick non-overlapping candidates, longest first, then by priority.

    Longest-first is what implements the context rules: a place inside an organisation name,
    or anything inside a policy title, is covered by the longer span and dropped.
    """
    ordered = sorted(cands, key=lambda c: (-(c.end - c.start), -c.prio, c.start))
    taken: list[tuple[int, int]] = []
    chosen: list[Cand] = []
    for c in ordered:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen
