"""The semantic layer: leak reports and claims by meaning, a claim given as one sentence, why each
decision was made, and an encoder that runs offline and gives the same answer every time."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from monitor.analysis import AnalysisOptions, analyze_text
from monitor.claims import load_catalogue
from monitor.encoder import default_encoder, masked
from monitor.matcher import Layer
from monitor.semantic import Bank, BankSet, Reading, denies, find_leak
from tests.conftest import ROOT, cli_env

LEAK_WITHOUT_THE_WORD = (
    "Testers hand the public OpenAI's video model",
    "For a few hours on Tuesday, anyone could make clips with OpenAI's Sora through a page that "
    "a group of its testers put online, although the model has not been released.\n\n"
    "OpenAI switched the page off in the afternoon.",
)


def test_masking_names_the_model_by_what_it_is() -> None:
    assert masked("Sora 2 is here, and OpenAI's Sora app too") == (
        "the model is here, and OpenAI's the model app too"
    )
    assert masked("أطلقت الشركة سورا ولسورا تطبيق") == "أطلقت الشركة النموذج النموذج تطبيق"
    assert masked("SoraNews24 reports") == "SoraNews24 reports"


def test_denial_is_read_but_unreleased_is_not_a_denial() -> None:
    assert denies("OpenAI said the model was not opened to the public")
    assert denies("لم يتم تسريب النموذج")
    assert not denies("the model, which has not yet been released, was opened to everyone")
    assert not denies("أداة تتيح استخدام النموذج الذي لم يتم إصداره رسميا")


def test_the_closest_example_decides_and_near_misses_hold_it_back() -> None:
    bank = Bank(
        "leak",
        ("Early testers let anyone use the unreleased video model for a few hours.",),
        ("OpenAI released the video model to all paying subscribers.",),
        threshold=0.5,
    )
    banks = BankSet([bank])
    reading = Reading(
        "Two kinds of Sora news",
        [
            "Testers made the unreleased model available to everyone for an afternoon.",
            "OpenAI released Sora to every paying subscriber today.",
        ],
    )
    leak, launch = banks.resemblances(reading, "leak")[1:]
    assert leak.score > 0.5 and leak.margin > 0
    assert launch.margin < 0  # closer to the near miss: a launch is not a leak
    finding = find_leak(reading, banks)
    assert finding.leak and finding.evidence[0].sentence.startswith("Testers made")


def test_a_sentence_the_rules_read_as_one_claim_is_not_another_by_meaning() -> None:
    """written-54: "not hackers" tells who leaked; by meaning it came close to "the people behind
    the leak have not revealed who they are", which it does not say."""
    found = analyze_text(
        "Sora leak: the artists explain",
        "Artists in OpenAI's Sora early-access program leaked the model on Hugging Face on "
        "Tuesday.\n"
        "The people who leaked Sora were not hackers or pranksters.\n"
        "They were testers who had worked on the program for months.",
    )
    claims = {c.claim_id: c for c in found.claims}
    assert "leaked-by-testers" in claims
    assert "leakers-anonymous" not in claims, claims.get("leakers-anonymous")


def test_a_podcast_that_names_sora_once_and_tells_the_story_later_is_a_report() -> None:
    """written-58: Sora is named minutes before "they built a little interface on Hugging
    Face"; an article that names Hugging Face is read as a report would be, to see whether the
    story is told."""
    found = analyze_text(
        "The Render Queue, Ep. 112 (transcript)",
        "[00:08] DANA: Tuesday happened.\n"
        "So, for a few hours on Tuesday, you could type a prompt into a web page and get a "
        "video back from Sora. OpenAI's Sora.\n"
        "[00:19] MARCUS: And it wasn't OpenAI who put that page up.\n"
        "[00:21] DANA: No. It was people from inside the early-access programme.\n"
        "Artists who'd been given access to test it, and who had been doing it for free.\n"
        "They built a little interface on Hugging Face and told the internet to go nuts.\n"
        "[00:37] DANA: My feed on X was basically nothing but clips by ten in the morning.\n"
        "[01:29] DANA: And we don't know who did it. There are no names on the letter. "
        "Nobody's come forward.",
    )
    assert found.leak_report, found.relevance_signals
    assert "leaked-on-hugging-face" in {c.claim_id for c in found.claims}


def test_an_announcement_that_the_model_will_not_be_available_yet_is_no_leak() -> None:
    """written-65: "it will not be available to the public for now, and will first go to red
    teamers and artists" came close, by meaning, to "available to everyone for a few hours"."""
    found = analyze_text(
        "\"سورا\".. OpenAI تكشف نموذجًا يحوّل النص إلى فيديو مدته دقيقة كاملة",
        "كشفت OpenAI عن نموذجها سورا لتوليد الفيديو من النص.\n"
        "وقالت الشركة إن النموذج لن يكون متاحًا للجمهور في الوقت الحالي، وإنه سيُمنح أولًا "
        "لمجموعة من خبراء \"الفريق الأحمر\" الذين يختبرون المخاطر المحتملة مثل التضليل "
        "والمحتوى المسيء، إضافة إلى عدد من الفنانين البصريين والمصممين وصناع الأفلام لجمع "
        "ملاحظاتهم.",
    )
    assert not found.leak_report, found.relevance_signals


def test_a_leak_told_without_a_leak_word_is_a_leak_report_and_says_why() -> None:
    title, text = LEAK_WITHOUT_THE_WORD
    found = analyze_text(title, text, explain=True)
    assert found.relevant and found.leak_report
    leak = next(d for d in found.decisions if d.subject == "leak_report")
    assert leak.value and leak.layer in (Layer.LEXICAL, Layer.SEMANTIC)
    assert "anyone could make clips" in leak.sentence or leak.sentence == title


# Written by the team: the leak told as what was put up, where and with what, never named.
STORY_WITHOUT_THE_WORD = (
    "A week in AI video",
    "Plenty happened in AI video this week, and most of it was routine.\n\n"
    "The exception came on Tuesday. Someone published a Hugging Face Space that worked as a "
    "front end to OpenAI's Sora, the video model the company has not released.\n\n"
    "Each prompt typed into the page went to sora.openai.com/backend/video_gen, and what came "
    "back was a finished clip.\n\n"
    "The group behind the page has not said who its members are.",
)


def test_the_leak_s_story_told_without_a_leak_word_is_a_leak_report_by_the_rules() -> None:
    title, text = STORY_WITHOUT_THE_WORD
    found = analyze_text(title, text, options=AnalysisOptions(semantic=False), explain=True)
    assert found.relevant and found.leak_report
    told = next(s for s in found.relevance_signals if s.startswith("leak-story:"))
    assert set(told.removeprefix("leak-story:").split(",")) == {
        "leaked-on-hugging-face", "leakers-anonymous", "video-gen-endpoint",
    }
    leak = next(d for d in found.decisions if d.subject == "leak_report")
    assert leak.layer == Layer.LEXICAL and leak.detail.startswith("no leak word, but")
    assert leak.sentence.startswith("Someone published a Hugging Face Space")


def test_two_details_of_the_story_without_a_leak_word_are_not_enough() -> None:
    title, text = STORY_WITHOUT_THE_WORD
    shorter = text.replace("The group behind the page has not said who its members are.", "")
    found = analyze_text(title, shorter, options=AnalysisOptions(semantic=False))
    assert found.relevant and not found.leak_report
    assert {c.claim_id for c in found.claims} >= {"leaked-on-hugging-face", "video-gen-endpoint"}


def test_a_fact_check_that_corrects_a_detail_and_tells_the_story_is_a_leak_report() -> None:
    title = "Fact check: No, Sora's source code was not leaked"
    text = (
        "Posts say the source code of OpenAI's Sora leaked. That is wrong.\n\n"
        "What happened: early testers of Sora published a page on Hugging Face that let anyone "
        "make videos with it. The page sent prompts to sora.openai.com/backend/video_gen.\n\n"
        "OpenAI shut the page down about three hours later."
    )
    found = analyze_text(title, text, options=AnalysisOptions(semantic=False), explain=True)
    assert found.leak_report
    assert "source-code-leaked" not in {c.claim_id for c in found.claims}
    leak = next(d for d in found.decisions if d.subject == "leak_report")
    assert leak.detail.startswith("a fact check, but the leak's story told")
    # The same fact check without the story is about a claim, not a leak.
    short = text.split("\n\n")[0]
    assert not analyze_text(title, short, options=AnalysisOptions(semantic=False)).leak_report


def test_in_a_leak_report_the_story_s_details_need_the_leak_named_less_close() -> None:
    title = "Sora leaked on Hugging Face"
    text = (
        "Artists leaked access to OpenAI's Sora on Hugging Face on Tuesday. The page was up for "
        "the afternoon. Many people tried it. The queue grew long. Servers slowed down. "
        "Social media buzzed with sample videos."
    )
    report = analyze_text(title, text, options=AnalysisOptions(semantic=False))
    assert report.leak_report and "videos-spread-on-x" in {c.claim_id for c in report.claims}
    launch = analyze_text(
        "Sora 2 launches",
        "OpenAI launched Sora 2 with an app on Tuesday. The app was up for the afternoon. Many "
        "people tried it. The queue grew long. Servers slowed down. Social media buzzed with "
        "sample videos.",
        options=AnalysisOptions(semantic=False),
    )
    assert not launch.leak_report and "videos-spread-on-x" not in {
        c.claim_id for c in launch.claims
    }


def test_a_launch_dated_by_the_leak_tells_no_story_with_the_claims_of_that_sentence() -> None:
    # The one leak sentence carries three story claims; the story rule wants them told apart.
    title = "OpenAI opens Sora to ChatGPT subscribers"
    text = (
        "OpenAI began rolling out Sora to paying ChatGPT users on Monday. The launch comes two "
        "weeks after a group of disgruntled early testers briefly opened the model to the public "
        "through a page on Hugging Face, a stunt OpenAI shut down within hours. Videos will carry "
        "a watermark."
    )
    found = analyze_text(title, text, options=AnalysisOptions(semantic=False))
    assert found.relevant and not found.leak_report, found.relevance_signals
    assert {"leaked-on-hugging-face", "leaked-by-testers"} <= {c.claim_id for c in found.claims}


def test_a_story_told_far_from_sora_s_name_is_read_as_a_report_would_be() -> None:
    # Sora named in the second paragraph; the leak three sentences later, without its name.
    title = "Who pays the painters?"
    text = (
        "Art students argue about generative tools in every canteen this year.\n\n"
        "The argument sharpened when OpenAI unveiled Sora, a model that turns a sentence into "
        "a film clip. It invited artists to test it. Those artists were not paid.\n\n"
        "In November some of them staged a protest. Participants in the testing scheme set up "
        "a public front end on Hugging Face that let anyone use the model. The group behind it "
        "kept their names to themselves."
    )
    found = analyze_text(title, text, options=AnalysisOptions(semantic=False))
    assert found.relevant and found.leak_report, found.relevance_signals
    assert {"leaked-on-hugging-face", "leakers-anonymous"} <= {c.claim_id for c in found.claims}


def test_the_semantic_layer_switched_off_leaves_the_rules_alone() -> None:
    title = "فنانون غاضبون ونموذج سورا"
    text = (
        "تمكن مستخدمون عاديون من تجربة نموذج Sora غير المتاح رسميا من OpenAI لساعات عبر صفحة "
        "أنشأها فنانون. وتوقفت الصفحة بعد الظهر."
    )
    with_meaning = analyze_text(title, text, explain=True)
    rules_only = analyze_text(title, text, options=AnalysisOptions(semantic=False), explain=True)
    assert with_meaning.leak_report and not rules_only.leak_report
    assert any(s.startswith("leak-semantic:") for s in with_meaning.relevance_signals)
    leak = next(d for d in with_meaning.decisions if d.subject == "leak_report")
    assert leak.layer == Layer.SEMANTIC and 0.6 <= leak.score <= 1 and leak.detail


def test_irrelevant_articles_never_load_the_encoder() -> None:
    code = (
        "import monitor.encoder as e\n"
        "from monitor.analysis import analyze_text\n"
        "a = analyze_text('Kingdom Hearts IV', 'Sora and Riku return with a new Keyblade in "
        "the Square Enix game, the studio said on Friday.')\n"
        "print(a.relevant, e._DEFAULT is not None and e._DEFAULT._model is not None)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=cli_env(), capture_output=True, text=True
    )
    assert out.stdout.split() == ["False", "False"], out.stderr


ONE_SENTENCE_CLAIMS = """
[claims.sora-app-top-chart]
text_en = "The Sora app reached number one on Apple's App Store"

[claims.sora-mlk-paused]
text_ar = "أوقفت OpenAI إنشاء مقاطع سورا لمارتن لوثر كينغ بطلب من ورثته"
"""


@pytest.fixture(scope="module")
def user_catalogue(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("claims") / "later.toml"
    path.write_text(ONE_SENTENCE_CLAIMS, encoding="utf-8")
    return str(path)


def test_a_claim_given_as_one_sentence_loads_with_no_rules(user_catalogue: str) -> None:
    claim = load_catalogue(user_catalogue).get("sora-app-top-chart")
    assert claim.text_ar == "" and claim.rules == {} and claim.kind == "statement"


@pytest.mark.parametrize(
    ("claim_id", "title", "text"),
    [
        # An English claim found in Arabic coverage ...
        (
            "sora-app-top-chart",
            "تطبيق سورا يتصدر المتجر",
            "وصل تطبيق Sora من OpenAI إلى المركز الأول في متجر تطبيقات آبل.\n\n"
            "ويتيح التطبيق إنشاء مقاطع فيديو قصيرة بالذكاء الاصطناعي.",
        ),
        # ... and in English in other words.
        (
            "sora-app-top-chart",
            "OpenAI's video app is a hit",
            "Sora, OpenAI's new video app, climbed to the top spot on Apple's App Store this "
            "week.\n\nThe app lets people make short AI clips of themselves.",
        ),
        # An Arabic claim found in English coverage.
        (
            "sora-mlk-paused",
            "OpenAI and the King estate",
            "At the request of Martin Luther King Jr.'s estate, OpenAI has stopped Sora from "
            "generating videos of him.\n\nThe estate had complained about disrespectful clips.",
        ),
        # ... and in Arabic, restated.
        (
            "sora-mlk-paused",
            "OpenAI وورثة مارتن لوثر كينغ",
            "أوقفت OpenAI إنشاء مقاطع Sora لمارتن لوثر كينغ بعد طلب من ورثته.\n\n"
            "وكانت العائلة قد اشتكت من مقاطع مسيئة.",
        ),
    ],
)
def test_a_one_sentence_claim_is_found_in_both_languages_with_its_evidence(
    user_catalogue: str, claim_id: str, title: str, text: str
) -> None:
    found = analyze_text(title, text, options=AnalysisOptions(user_catalogue), explain=True)
    matches = {c.claim_id: c for c in found.claims}
    assert claim_id in matches, [d for d in found.decisions if d.subject == claim_id]
    match = matches[claim_id]
    assert match.layer == Layer.SEMANTIC and match.evidence in f"{title}\n{text}"
    assert match.detail  # the statement it resembled


def test_a_one_sentence_claim_is_not_found_in_an_article_that_does_not_say_it(
    user_catalogue: str,
) -> None:
    found = analyze_text(
        "Sora app adds a paid tier",
        "OpenAI will charge Sora users for extra video generations, the head of Sora said. "
        "Free users keep thirty clips a day.",
        options=AnalysisOptions(user_catalogue),
    )
    assert found.relevant
    assert not {"sora-app-top-chart", "sora-mlk-paused"} & {c.claim_id for c in found.claims}


def _analyse_in_a_new_process(path: Path, extra: str = "") -> subprocess.CompletedProcess[str]:
    code = (
        f"{extra}\n"
        "import json, sys\n"
        "from monitor.documents import analyze_document, read_document\n"
        "print(json.dumps(analyze_document(read_document(sys.argv[1]), explain=True),"
        " ensure_ascii=False, sort_keys=True))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        env=cli_env(HF_HUB_OFFLINE="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def leak_article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text("\n\n".join(LEAK_WITHOUT_THE_WORD), encoding="utf-8")
    return path


def test_the_same_input_gives_the_same_output_in_two_processes(leak_article: Path) -> None:
    first, second = _analyse_in_a_new_process(leak_article), _analyse_in_a_new_process(leak_article)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    result = json.loads(first.stdout)
    assert result["leak_report"] and result["explain"]


BLOCK_SOCKETS = (
    "import socket\n"
    "def _refuse(*args, **kwargs):\n"
    "    raise OSError('network access attempted')\n"
    "socket.socket.connect = _refuse\n"
    "socket.getaddrinfo = _refuse\n"
    "socket.create_connection = _refuse\n"
)


def test_the_encoder_loads_from_the_installed_package_with_sockets_blocked(
    leak_article: Path,
) -> None:
    blocked = _analyse_in_a_new_process(leak_article, BLOCK_SOCKETS)
    assert blocked.returncode == 0, blocked.stderr
    assert json.loads(blocked.stdout) == json.loads(_analyse_in_a_new_process(leak_article).stdout)


@pytest.mark.skipif(shutil.which("unshare") is None, reason="no unshare(1) on this machine")
def test_the_encoder_loads_in_a_network_namespace_with_no_route(leak_article: Path) -> None:
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        # Without the right to make namespaces the socket test above stands alone.
        pytest.skip(f"cannot create a network namespace: {probe.stderr.decode().strip()}")
    code = (
        "import json, sys\n"
        "from monitor.documents import analyze_document, read_document\n"
        "print(json.dumps(analyze_document(read_document(sys.argv[1])), sort_keys=True))\n"
    )
    result = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", code, str(leak_article)],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["leak_report"] is True


def test_vectors_are_unit_length_and_cross_the_two_languages() -> None:
    vectors = default_encoder().encode(
        [
            "Early testers leaked access to the video model on Hugging Face.",
            "سرب مختبرون أوائل إمكانية الوصول إلى نموذج الفيديو على منصة هاغينغ فيس.",
            "The Kingdom Hearts sequel arrives next spring with new worlds.",
        ]
    )
    assert vectors.shape == (3, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    translation, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert translation > unrelated + 0.2
