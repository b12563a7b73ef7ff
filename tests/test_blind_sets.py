"""Floors on the blind sets (tests/data/blind), written without reading the analysers' code.

They caught what the tuning set did not (short Arabic briefs naming Sora only as a tool, a bare
"stunt", negated claims); the floors keep those fixes, and the rest, in place.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks import real_quality
from benchmarks.claims_quality import PipelineMatcher, measure_claims
from benchmarks.quality import measure
from monitor.analysis import AnalysisOptions
from monitor.claims import load_catalogue

BLIND = Path(__file__).parent / "data" / "blind"


def test_analysis_on_the_blind_set() -> None:
    report = measure(BLIND / "analysis")
    assert report["articles"] == 71
    assert report["language"]["accuracy"] == 1.0
    for label, floor in (("relevant", 0.97), ("leak_report", 0.95)):
        for language in ("ar", "en"):
            scores = report["labels"][label][language]
            assert scores["precision"] >= floor and scores["recall"] >= floor, (label, language)
    seed = report["labels"]["seed_copy"]["all"]
    assert seed["precision"] == 1.0 and seed["recall"] == 1.0


def test_claims_on_the_blind_set() -> None:
    result = measure_claims(BLIND / "claims" / "labels.toml", matcher=PipelineMatcher())
    for language in ("ar", "en"):
        assert result["languages"][language]["f1"] >= 0.95, (language, result["errors"])
    assert result["variants"]["accuracy"] == 1.0, result["variants"]["wrong"]


# 165 later sets (6 and 7 December 2026), written by helpers who read only the spec and the
# seed, scored once blind (benchmarks/README.md), then development data. Floors a little under
# what the analysis does on them: (leak precision, leak recall, claims F1 ar, en). The ten
# most recent (FULL_FROM on) are read by the whole analysis; the rest, which earlier sessions
# fixed the rules on, by the lexical rules alone (`AnalysisOptions(semantic=False)`: the
# rules are what changes from one fix to the next, and it takes two-fifths of the time; the
# semantic layer keeps its own tests, and the recent sets hold it on whole articles). The
# figures in the comments are the whole analysis's, when each set was scored once.
WRITTEN_FLOORS = {
    "written-3": (0.98, 0.93, 0.97, 0.94),
    "written-4": (0.98, 0.98, 0.95, 0.96),
    "written-5": (0.93, 0.98, 0.98, 0.95),
    "written-6": (0.98, 0.98, 0.93, 0.94),
    "written-7": (0.98, 0.98, 0.96, 0.93),
    "written-8": (0.98, 0.98, 0.95, 0.98),
    "written-9": (0.98, 0.98, 0.95, 0.92),
    "written-10": (0.98, 0.98, 0.96, 0.93),
    "written-11": (0.98, 0.98, 0.98, 0.96),
    "written-12": (0.98, 0.98, 0.95, 0.95),
    "written-13": (0.92, 0.98, 0.95, 0.94),
    "written-14": (0.98, 0.98, 0.95, 0.97),
    "written-15": (0.98, 0.98, 0.97, 0.96),
    "written-16": (0.98, 0.98, 0.95, 0.93),
    "written-17": (0.98, 0.98, 0.97, 0.93),
    "written-18": (0.98, 0.98, 0.96, 0.96),
    # Scored once at dfa1a04 (leak 0.90 / 0.90, claims F1 0.917 / 0.931), then fixed on.
    "written-19": (0.98, 0.93, 0.98, 0.94),
    # Scored once at a633dec (leak 1.00 / 0.885, claims F1 0.917 / 0.949), then fixed on.
    "written-20": (0.98, 0.98, 0.96, 0.96),
    # Scored once at 17fd177 (leak 1.00 / 0.955, claims F1 0.887 / 0.937), then fixed on.
    "written-21": (0.98, 0.98, 0.96, 0.94),
    # Both scored once at a88bd5e (22: leak 0.963 / 1.00, claims F1 0.958 / 0.938; 23: leak
    # 0.952 / 0.909, claims F1 0.921 / 0.924), then fixed on.
    "written-22": (0.98, 0.98, 0.95, 0.96),
    "written-23": (0.98, 0.98, 0.94, 0.94),
    # Scored once at e400a02 (leak 0.926 / 0.962, claims F1 0.970 / 0.948), then fixed on.
    "written-24": (0.98, 0.98, 0.98, 0.94),
    # Scored once at fdaf41d (leak 1.00 / 0.923, claims F1 0.924 / 0.903), then fixed on.
    "written-25": (0.98, 0.98, 0.97, 0.91),
    # Scored once at c97869b (26: leak 0.897 / 1.00, claims F1 0.912 / 0.907) and 9c359cc (27:
    # leak 0.88 / 1.00, claims F1 0.943 / 0.889), then fixed on. Written-3 keeps its writer's
    # early convention (an op-ed that looks back on "last November" is a report), which the
    # analysis no longer follows: a story set later that looks back on the leak is not one.
    "written-26": (0.98, 0.98, 0.94, 0.92),
    "written-27": (0.98, 0.98, 0.95, 0.94),
    # Scored once at 2ed54cd (28: leak 0.867 / 1.00, claims F1 0.929 / 0.954; 29: leak 0.923 /
    # 1.00, claims F1 0.973 / 0.970, the English translation of the seed found), then fixed on:
    # the later stories that looked back on the leak ("not the first time", "weeks before the
    # original model's launch") were read as reports of it.
    "written-28": (0.98, 0.98, 0.92, 0.94),
    "written-29": (0.98, 0.98, 0.95, 0.96),
    # Scored once at d593c2c (30: leak 0.923 / 1.00, claims F1 0.954 / 0.96; 31: leak 0.96 /
    # 1.00, claims F1 0.945 / 0.965, the partial English translation of the seed found), then
    # fixed on ("the launch follows a bruising fortnight", "a long way from the Sora leak").
    "written-30": (0.98, 0.98, 0.96, 0.94),
    "written-31": (0.98, 0.98, 0.95, 0.96),
    # The last pair, scored once at 291e2e8 (32: leak 0.963 / 1.00, claims F1 0.924 / 0.928;
    # 33: leak 0.958 / 0.958, claims F1 0.935 / 0.979, the English translation found), then
    # fixed on ("إنه لا يرى في Sora تهديدا", "وأي حد في العالم يقدر", "فاكرين لما ...؟", "the
    # tension predates Sora 2. Before Sora's first public release, ...").
    "written-32": (0.98, 0.98, 0.93, 0.94),
    "written-33": (0.98, 0.98, 0.93, 0.96),
    # Sixth session (6 December 2026). Scored once at 6c06ff9 (34: leak 0.929 / 1.00, claims F1
    # 0.937 / 0.934; 35: leak 0.963 / 1.00, relevance precision 0.914, the edited Arabic copy
    # missed, claims F1 0.928 / 0.915), then fixed on (a copy edited in every sentence found by
    # meaning; a footballer, the town told apart from OpenAI's tool, a rival's yardstick; "Cast
    # your mind back to November 2024").
    "written-34": (0.98, 0.98, 0.93, 0.94),
    "written-35": (0.98, 0.98, 0.94, 0.96),
    # Scored once at a76e5ac (36: leak 0.923 / 0.923, claims F1 0.98 / 0.946; 37: leak 0.889 /
    # 1.00, relevance precision 0.941, claims F1 0.945 / 0.948), then fixed on (a later story's
    # section on its past, "Flashback:", a build "available for download", "by coincidence").
    "written-36": (0.98, 0.98, 0.97, 0.94),
    "written-37": (0.98, 0.98, 0.95, 0.94),
    # The session's last pair, scored once at e420047 (38: leak 0.96 / 0.923, relevance
    # precision 0.971, claims F1 0.951 / 0.921; 39: leak 1.00 / 1.00, claims F1 0.964 / 0.956,
    # the Arabic copy and the English translation found), then fixed on (a rival that competes
    # "with OpenAI's Sora 2", clips "لم تعرض على الجمهور" that "أي زائر" could see).
    "written-38": (0.98, 0.94, 0.94, 0.93),
    # (Its writer labels a later story that retells the leak at length a report; the analysis
    # reads it as background, as the writers of written-33, -34, -36, -37 and -40 label it.)
    "written-39": (0.98, 0.94, 0.94, 0.93),
    # Written while the review's fixes were made, scored once at 3a08aec (40: leak 0.92 / 0.885,
    # relevance precision 0.971, claims F1 0.929 / 0.916; 41: leak 1.00 / 0.923, claims F1
    # 0.885 / 0.935), then fixed on ("a page went up on Hugging Face", "ظهرت صفحة", "هاقنق فيس",
    # an animator "who shares her first name" with OpenAI's tool).
    "written-40": (0.98, 0.94, 0.95, 0.93),
    "written-41": (0.98, 0.94, 0.91, 0.9),
    # Seventh session (6 December 2026), six fresh sets, each scored once before being fixed on
    # (benchmarks/README.md): 42 (leak 1.00 / 0.923: a source-code framing told without the
    # word), 43 (relevance and leak precision 0.97 / 0.957: another model's weights on Hugging
    # Face), 44 (0.962 / 0.962, English claims F1 0.864), 45 (1.00 / 0.957), 46 (1.00 / 0.923: a
    # timeline, a flaw that showed users' drafts), 47 (relevance and leak precision 0.938 /
    # 0.917: Kingdom Hearts leaks with an aside about OpenAI).
    "written-42": (0.98, 0.98, 0.93, 0.91),
    "written-43": (0.98, 0.98, 0.93, 0.95),
    "written-44": (0.98, 0.98, 0.91, 0.92),
    "written-45": (0.98, 0.98, 0.93, 0.93),
    "written-46": (0.98, 0.98, 0.94, 0.95),
    "written-47": (0.98, 0.98, 0.94, 0.93),
    # Scored once at b8c83d5 (48: relevance precision 0.971, leak 1.00 / 0.923, claims F1 0.837
    # / 0.892; 49: leak 1.00 / 0.958, claims F1 0.963 / 0.951), then fixed on (a newsletter's
    # item headline, drafts a link "could expose", a short film called Sora). Written-48's
    # Arabic press criticism quotes what other sites wrote to reject it, which its writer labels
    # not carried and the analysis reads as reported.
    "written-48": (0.98, 0.98, 0.89, 0.9),
    "written-49": (0.98, 0.93, 0.94, 0.94),
    # The session's last pair, scored once at 50a8fd9, met every target on each set as a whole
    # (50: leak 1.00 / 0.962, claims F1 0.94 / 0.92; 51: leak 1.00 / 1.00, claims F1 0.952 /
    # 0.963, the Arabic copy and the English translation found), then fixed on (a link flaw
    # that showed drafts, said in Arabic).
    "written-50": (0.98, 0.98, 0.94, 0.91),
    "written-51": (0.98, 0.98, 0.95, 0.94),
    # Scored once at 486c1ee (52: leak 0.958 / 0.885, claims F1 0.925 / 0.923; 53: leak 1.00 /
    # 0.957, claims F1 0.941 / 0.947, the copy and the translation found), then fixed on (a
    # timeline's entries told as news; "OpenAI's tester program opened up a public page").
    "written-52": (0.98, 0.94, 0.94, 0.91),
    "written-53": (0.98, 0.98, 0.93, 0.95),
    # The eighth session's four, scored once at 74a6f64 (54: relevance P 0.971, leak 1.00 /
    # 0.885, claims F1 0.955 / 0.921; 55: every target met, 0.954 / 0.968; 56: relevance P
    # 0.971, leak 1.00 / 0.962, 0.921 / 0.917; 57: relevance P 0.914, leak 0.913 / 0.955, 0.926 /
    # 0.921), then fixed on (namesakes that disown OpenAI's Sora, keys and tokens made public,
    # the programme as marketing said other ways, what others said set up to be rejected).
    "written-54": (0.98, 0.94, 0.94, 0.95),
    "written-55": (0.98, 0.98, 0.95, 0.95),
    "written-56": (0.98, 0.98, 0.95, 0.92),
    "written-57": (0.93, 0.98, 0.93, 0.94),
    # Scored once at 7d89382 (58: leak 0.96 / 0.923, claims F1 0.943 / 0.923; 59: every target
    # met, 0.985 / 0.964; 60: relevance P 0.971, leak 1.00 / 0.929, 0.909 / 0.936; 61: every
    # target met, leak 0.957 / 1.00, 0.952 / 0.944), then fixed on (Hugging Face named: read as
    # a report; a footballer called Sora; a flaw in a headline; more ways to say who and why).
    "written-58": (0.98, 0.98, 0.93, 0.93),
    "written-59": (0.98, 0.98, 0.96, 0.94),
    "written-60": (0.98, 0.9, 0.91, 0.92),
    "written-61": (0.93, 0.98, 0.95, 0.93),
    # Scored once at 96ba316, after the review mend (62: relevance P 0.944, leak 0.893 / 0.962,
    # claims F1 0.854 / 0.903; 63: every target met, 0.929 / 0.909; 64: leak 1.00 / 0.893,
    # 0.922 / 0.912; 65: leak 0.952 / 0.909, 0.923 / 0.914), then fixed on (clips in a storage
    # bucket, a rival compared with Sora, an op-ed's one mention before the release).
    "written-62": (0.98, 0.98, 0.86, 0.92),
    "written-63": (0.93, 0.98, 0.92, 0.9),
    "written-64": (0.98, 0.9, 0.93, 0.92),
    "written-65": (0.98, 0.93, 0.93, 0.92),
    # the ninth session's twenty (6 December 2026), floors set after they were fixed on
    "written-66": (0.98, 0.98, 0.92, 0.9),
    "written-67": (0.98, 0.98, 0.95, 0.93),
    "written-68": (0.98, 0.98, 0.92, 0.92),
    "written-69": (0.98, 0.98, 0.93, 0.96),
    "written-70": (0.98, 0.98, 0.95, 0.95),
    "written-71": (0.98, 0.98, 0.96, 0.94),
    # written-72: a launch story that recalls the leak "من شي أسبوعين" on a page "فـHugging Face"
    # (Hugging Face read since the clitic came off) is a report for written-8's writer, not for
    # this one's.
    "written-72": (0.94, 0.98, 0.91, 0.95),
    "written-73": (0.98, 0.98, 0.94, 0.95),
    "written-74": (0.98, 0.98, 0.9, 0.91),
    "written-75": (0.98, 0.98, 0.94, 0.94),
    "written-76": (0.98, 0.98, 0.94, 0.95),
    "written-77": (0.98, 0.98, 0.96, 0.93),
    "written-78": (0.98, 0.98, 0.92, 0.94),
    "written-79": (0.98, 0.98, 0.91, 0.93),
    "written-80": (0.98, 0.98, 0.95, 0.93),
    "written-81": (0.98, 0.98, 0.95, 0.95),
    "written-82": (0.98, 0.94, 0.9, 0.9),
    "written-83": (0.94, 0.98, 0.94, 0.93),
    "written-84": (0.94, 0.98, 0.91, 0.91),
    "written-85": (0.98, 0.98, 0.92, 0.94),
    # the tenth session's twenty (6 December 2026), scored once (benchmarks/README.md), then
    # fixed on; floors set after
    "written-86": (0.98, 0.98, 0.95, 0.95),
    "written-87": (0.98, 0.98, 0.96, 0.94),
    "written-88": (0.98, 0.98, 0.93, 0.91),
    "written-89": (0.98, 0.98, 0.95, 0.96),
    "written-90": (0.98, 0.98, 0.93, 0.95),
    "written-91": (0.98, 0.98, 0.93, 0.92),
    "written-92": (0.98, 0.98, 0.94, 0.92),
    "written-93": (0.98, 0.98, 0.96, 0.95),
    "written-94": (0.98, 0.98, 0.88, 0.9),
    "written-95": (0.98, 0.94, 0.96, 0.92),
    "written-96": (0.98, 0.98, 0.93, 0.9),
    "written-97": (0.98, 0.98, 0.91, 0.89),
    "written-98": (0.98, 0.98, 0.92, 0.94),
    "written-99": (0.98, 0.98, 0.94, 0.95),
    "written-100": (0.98, 0.98, 0.91, 0.91),
    "written-101": (0.98, 0.98, 0.92, 0.92),
    "written-102": (0.98, 0.94, 0.94, 0.94),
    "written-103": (0.94, 0.98, 0.93, 0.93),
    "written-104": (0.98, 0.94, 0.92, 0.94),
    "written-105": (0.98, 0.86, 0.93, 0.91),
    "written-106": (0.98, 0.98, 0.95, 0.94),
    "written-107": (0.98, 0.98, 0.88, 0.93),
    "written-108": (0.94, 0.98, 0.93, 0.95),
    "written-109": (0.93, 0.98, 0.93, 0.93),
    "written-110": (0.98, 0.98, 0.93, 0.94),
    "written-111": (0.98, 0.98, 0.88, 0.91),
    "written-112": (0.98, 0.98, 0.93, 0.93),
    "written-113": (0.98, 0.98, 0.92, 0.93),
    "written-114": (0.98, 0.98, 0.9, 0.91),
    "written-115": (0.98, 0.98, 0.92, 0.95),
    "written-116": (0.98, 0.94, 0.88, 0.89),
    "written-117": (0.98, 0.98, 0.92, 0.95),
    "written-118": (0.98, 0.98, 0.95, 0.89),
    "written-119": (0.98, 0.98, 0.92, 0.94),
    # written-120 to -123 were scored once at the session's last commit and fixed on only for
    # relevance (Kingdom Hearts shorthand): their floors hold what they scored.
    "written-120": (0.98, 0.98, 0.94, 0.95),
    "written-121": (0.98, 0.98, 0.91, 0.93),
    "written-122": (0.94, 0.94, 0.92, 0.86),
    "written-123": (0.93, 0.84, 0.91, 0.87),
    # the twelfth session's ten (7 December 2026), scored once (benchmarks/README.md), then
    # fixed on; floors set after
    "written-124": (0.98, 0.98, 0.95, 0.95),
    "written-125": (0.94, 0.98, 0.93, 0.93),
    "written-126": (0.94, 0.98, 0.92, 0.95),
    "written-127": (0.98, 0.98, 0.89, 0.95),
    "written-128": (0.98, 0.98, 0.91, 0.92),
    "written-129": (0.94, 0.98, 0.94, 0.90),
    "written-130": (0.98, 0.98, 0.97, 0.93),
    "written-131": (0.98, 0.94, 0.95, 0.94),
    "written-132": (0.94, 0.90, 0.93, 0.89),
    "written-133": (0.98, 0.98, 0.96, 0.95),
    # the thirteenth session's six (7 December 2026), scored once at e4ddf10 (134: leak 0.926 /
    # 0.962, claims F1 0.953 / 0.943; 135: 0.808 / 1.00, 0.943 / 0.95; 136: 1.00 / 0.962, 0.905
    # / 0.88; 137: 0.90 / 0.818, 0.948 / 0.911; 138: 1.00 / 0.962, 0.918 / 0.945; 139: 0.95 /
    # 0.95, 0.93 / 0.914), then fixed on
    "written-134": (0.98, 0.98, 0.94, 0.93),
    "written-135": (0.94, 0.98, 0.93, 0.94),
    "written-136": (0.98, 0.98, 0.91, 0.90),
    "written-137": (0.98, 0.94, 0.95, 0.96),
    "written-138": (0.98, 0.98, 0.93, 0.94),
    "written-139": (0.98, 0.98, 0.94, 0.91),
    # Scored once at 0b4ca2b (140: leak 0.917 / 0.846, claims F1 0.910 / 0.834; 141: 0.96 / 1.00,
    # 0.935 / 0.928; 142: 0.96 / 0.923, 0.876 / 0.917; 143: 0.88 / 1.00, 0.932 / 0.873; 144:
    # 0.96 / 0.923, 0.881 / 0.796; 145: 0.957 / 1.00, 0.910 / 0.953), then fixed on.
    "written-140": (0.98, 0.98, 0.90, 0.90),
    "written-141": (0.98, 0.94, 0.92, 0.94),
    "written-142": (0.98, 0.98, 0.93, 0.92),
    "written-143": (0.98, 0.94, 0.94, 0.91),
    "written-144": (0.98, 0.98, 0.90, 0.89),
    "written-145": (0.98, 0.98, 0.90, 0.93),
    # Both scored once at 6e9d3da, the session's last analysis (146: leak 0.926 / 0.962, claims
    # F1 0.843 / 0.905, relevance 0.943 / 0.971; 147: 0.952 / 0.909, 0.911 / 0.928, relevance
    # 0.968 / 1.00), then fixed on.
    "written-146": (0.98, 0.98, 0.89, 0.90),
    "written-147": (0.98, 0.94, 0.90, 0.91),
    # Scored once at e0d582a (148: leak 0.957 / 0.846, claims F1 0.816 / 0.860, relevance R 0.971;
    # 149: 1.00 / 0.955, 0.916 / 0.920, every target met; 150: 0.962 / 0.962, 0.896 / 0.910,
    # relevance P 0.971; 151: 0.957 / 0.917, 0.968 / 0.926), then fixed on.
    "written-148": (0.94, 0.94, 0.87, 0.85),
    "written-149": (0.98, 0.98, 0.90, 0.91),
    # (150's leak recall by the rules alone is 0.962: one English report needs the meaning layer.)
    "written-150": (0.98, 0.94, 0.90, 0.92),
    "written-151": (0.98, 0.98, 0.95, 0.91),
    # Scored once at 701e482 (152: leak 0.963 / 1.00, claims F1 0.907 / 0.943, every target met;
    # 153: 1.00 / 1.00, 0.988 / 0.973, relevance P 0.968; 154: 1.00 / 0.846, 0.905 / 0.907,
    # relevance R 0.971; 155: 1.00 / 0.917, 0.895 / 0.946), then fixed on.
    "written-152": (0.98, 0.98, 0.95, 0.93),
    "written-153": (0.98, 0.98, 0.97, 0.96),
    "written-154": (0.98, 0.98, 0.93, 0.90),
    # (155's leak recall is 0.958: its Kuwaiti op-ed's "قبل الجميع" was dropped after review.)
    "written-155": (0.98, 0.94, 0.91, 0.93),
    # Scored once at ff2d544 (156: leak 0.958 / 0.885, claims F1 0.901 / 0.913, relevance P
    # 0.971; 157: 1.00 / 1.00, 0.946 / 0.960, every target met), then fixed on.
    "written-156": (0.98, 0.98, 0.88, 0.91),
    "written-157": (0.98, 0.98, 0.92, 0.94),
    # Scored once at 2987f93 (158: leak 0.941 / 0.615, claims F1 0.727 / 0.851, relevance R
    # 0.941; 159: 1.00 / 0.958, 0.966 / 0.931, relevance R 0.969; 160: 0.917 / 0.846, 0.843 /
    # 0.891, relevance R 0.912; 161: 1.00 / 0.846, 0.931 / 0.942), then fixed on. (161's writer
    # labels two launch stories that recall the leak as reports, which the others do not.)
    "written-158": (0.98, 0.98, 0.91, 0.90),
    "written-159": (0.98, 0.98, 0.94, 0.94),
    "written-160": (0.98, 0.98, 0.95, 0.90),
    "written-161": (0.98, 0.90, 0.91, 0.92),
    # Scored once at ef2cd50 (162: leak 0.929 / 1.00, claims F1 0.901 / 0.944, relevance 1.00
    # / 1.00; 163: 1.00 / 1.00, 0.966 / 0.945, every target met), then fixed on.
    "written-162": (0.98, 0.98, 0.91, 0.94),
    "written-163": (0.98, 0.98, 0.96, 0.93),
    # Scored once at 15b98c1 (164: leak 1.00 / 0.731, claims F1 0.851 / 0.809, relevance R 0.971;
    # 165: 0.958 / 0.958, 0.895 / 0.917, relevance 0.968 / 0.968), then fixed on (164's Scottish
    # caller who tells who did it only across her turns is still missed).
    "written-164": (0.98, 0.94, 0.89, 0.84),
    "written-165": (0.98, 0.98, 0.90, 0.90),
    # Scored once at def34fe (166: leak 1.00 / 0.962, claims F1 0.929 / 0.917, relevance R 0.971,
    # every target met; 167: 1.00 / 1.00, 0.904 / 0.945, relevance P 0.969), then fixed on (a
    # drone lab's "not OpenAI's video model").
    "written-166": (0.98, 0.94, 0.91, 0.90),
    "written-167": (0.98, 0.98, 0.89, 0.93),
}
# Relevance (precision, recall) is (1.0, >= 0.94) on every set but five: written-16's look-alike
# about another video model's leak names Sora once, as the leak it compares itself to; in
# written-116, -118, -119 and -125 a story about something else names OpenAI's Sora twice or
# three times in passing (a weather avatar, a YouTube round-up of free tools, a film festival's
# rules on AI), or a painter called Sora is sent links to OpenAI's tool.
RELEVANCE = {
    "written-16": (0.97, 0.94),
    "written-116": (0.97, 0.94),
    "written-118": (0.97, 0.94),
    "written-119": (0.96, 0.94),
    "written-125": (0.96, 0.94),
}


FULL_FROM = 158

# Under CI (which has ten minutes on two cores) the sets before written-100, which the rules
# have held for five sessions and more, are read one in three; everywhere else, and with
# SORA_MONITOR_ALL_SETS=1, every set is: run the suite so after any change to the analysis.
SAMPLED_BEFORE = 100
EVERY_SET = os.environ.get("SORA_MONITOR_ALL_SETS") == "1" or not os.environ.get("CI")


def _read_here(name: str) -> bool:
    number = int(name.split("-")[1])
    return EVERY_SET or number >= SAMPLED_BEFORE or number % 3 == 0


@pytest.mark.parametrize("name", sorted(filter(_read_here, WRITTEN_FLOORS)))
def test_the_later_written_sets_hold_their_floors(name: str) -> None:
    folder = BLIND / name
    texts = real_quality.load_labels(folder / "labels.toml")
    whole = int(name.split("-")[1]) >= FULL_FROM
    options = AnalysisOptions() if whole else AnalysisOptions(semantic=False)
    outcomes, problems = real_quality.analyse(texts, folder, options)
    assert not problems
    claim_ids = {claim.id for claim in load_catalogue().claims}
    result = real_quality.report(outcomes, claim_ids)
    leak_precision, leak_recall, ar_f1, en_f1 = WRITTEN_FLOORS[name]
    leak = result["all"]["leak_report"]
    assert leak["precision"] >= leak_precision and leak["recall"] >= leak_recall, leak
    relevant = result["all"]["relevant"]
    precision, recall = RELEVANCE.get(name, (1.0, 0.94))
    assert relevant["precision"] >= precision and relevant["recall"] >= recall, relevant
    assert result["ar"]["claims"]["f1"] >= ar_f1, real_quality.errors(outcomes, claim_ids)
    assert result["en"]["claims"]["f1"] >= en_f1, real_quality.errors(outcomes, claim_ids)
