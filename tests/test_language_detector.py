"""monitor.language_detector gives langdetect's own Detector's probabilities, value for value."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.lang_profile import LangProfile

from monitor import language_detector
from monitor.language_detector import all_probabilities, load_profiles, probabilities

# Our own sentences, one language each (langdetect's code in the key).
TEXTS = {
    "en": "The library opens at nine on weekdays. Children may borrow up to five books at a "
    "time, and the reading room upstairs stays quiet all afternoon.",
    "fr": "La boulangerie du quartier ouvre à sept heures. Le dimanche, il faut arriver tôt : "
    "les croissants disparaissent avant neuf heures et la file déborde sur le trottoir.",
    "de": "Der Zug nach Hamburg hatte heute früh zwanzig Minuten Verspätung, weil eine Weiche "
    "vereist war. Die Fahrgäste warteten geduldig auf dem kalten Bahnsteig.",
    "es": "El mercado municipal abre los sábados por la mañana. Los vecinos compran fruta, "
    "pescado fresco y pan recién hecho mientras conversan en los pasillos.",
    "it": "Il museo della città ha riaperto dopo due anni di lavori. Le sale del piano terra "
    "ospitano ora una mostra dedicata ai pittori della regione.",
    "pt": "A biblioteca da escola recebeu mais de trezentos livros novos este mês. Os alunos "
    "poderão levá-los para casa a partir da próxima segunda-feira.",
    "nl": "De gemeente gaat volgend jaar de fietspaden langs het kanaal verbreden. Bewoners "
    "kunnen tot eind maart hun mening geven over het ontwerp.",
    "ru": "Вчера вечером в городском парке прошёл концерт духового оркестра. Несмотря на "
    "прохладную погоду, послушать музыку пришли сотни жителей.",
    "ar": "افتتحت البلدية حديقة جديدة في وسط المدينة، وتضم ملعبا للأطفال ومسارات للمشي "
    "وأشجارا زرعها طلاب المدارس في الربيع الماضي.",
    "fa": "کتابخانه شهر از هفته آینده ساعت کار خود را تا ده شب افزایش می‌دهد تا دانشجویان "
    "بتوانند در فصل امتحانات بیشتر درس بخوانند.",
    "zh-cn": "这个小镇每年秋天都会举办一次农产品市场，"
    "附近的农民带来新鲜的苹果、南瓜和自己做的果酱。",
    "ja": "駅前の古い本屋は来月で閉店するそうです。"
    "子どものころから通っていたので、とても残念です。",
    "ko": "우리 동네 도서관은 주말에도 문을 엽니다. 아이들과 함께 그림책을 읽으러 자주 갑니다.",
    "tr": "Belediye, önümüzdeki yaz sahil yolunu yenilemeyi planlıyor. Çalışmalar sırasında "
    "otobüsler alternatif güzergâhları kullanacak.",
    "pl": "W sobotę na rynku odbędzie się festyn rodzinny. Organizatorzy zapowiadają koncert, "
    "warsztaty plastyczne i stoiska z domowymi ciastami.",
    "sv": "Färjan till ön går tre gånger om dagen under sommaren. På vintern blir det bara "
    "en tur, och den ställs in när isen lägger sig.",
    "el": "Το λεωφορείο για το χωριό φεύγει κάθε πρωί στις επτά από την πλατεία. Το ταξίδι "
    "διαρκεί περίπου μία ώρα μέσα από τα βουνά.",
    "hi": "गाँव के स्कूल में इस साल एक नया पुस्तकालय खोला गया है। बच्चे अब छुट्टी के दिन भी वहाँ पढ़ने आते हैं।",
    "vi": "Chợ nổi trên sông mở cửa từ sáng sớm. Người bán chèo thuyền chở đầy trái cây và "
    "rau xanh từ các vườn quanh vùng.",
    "he": "הספרייה העירונית תהיה סגורה בשבוע הבא בגלל שיפוצים. ספרים שהושאלו אפשר להחזיר "
    "בתיבה שליד הכניסה.",
    "uk": "Минулого тижня в нашому селі відкрили нову амбулаторію. Тепер лікар приймає "
    "пацієнтів щодня, крім неділі.",
}
EDGE_CASES = [
    "",
    "   \n\t  ",
    "12345 67890 2024-11-26 10:00",
    "!!! ... ؟؟؟ ،،،",
    "x",
    "Sora 2",
    "nuevo modelo het the video openai",
    "novo der video est modell",
    "THE NEW MODEL IS OUT and NASA SAID SO",  # capital words are skipped
    "ABc DEF gh. Ümlaut ÄÖÜ straße Æsir ŒUVRE",
    "See https://example.org/a?b=c&d=e#f or write to someone@example.org today",
    "Tiếng Việt có dấu: Hà Nội, Sài Gòn",  # precomposed
    "Tie\u0302\u0301ng Vie\u0323\u0302t co\u0301 da\u0302\u0301u",  # combining marks
    "Şcoala şi ţara, școala și țara",  # Romanian cedilla and comma below
    "OpenAI Sora модель видео 動画 生成 비디오 모델 نموذج فيديو",  # mixed scripts
    "Привет, как дела? OpenAI Sora and ChatGPT are English words here",
    "ひらがな カタカナ ㄅㄆㄇ 漢字",
    "a " * 700,
    "the " * 3000,  # far beyond the length cut
    "emoji 🎬🎥 and \u200b zero \u200e width \u2028 separators\u00a0here",
]


def _reference() -> DetectorFactory:
    """langdetect's own factory, profiles in sorted order: monitor.language's former path."""
    factory = DetectorFactory()
    folder = resources.files("langdetect") / "profiles"
    entries = sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=str)
    for index, entry in enumerate(entries):
        profile = LangProfile(**json.loads(entry.read_text(encoding="utf-8")))
        factory.add_profile(profile, index, len(entries))
    return factory


@pytest.fixture(scope="module")
def reference() -> DetectorFactory:
    return _reference()


def _theirs(factory: DetectorFactory, text: str, seed: int, max_chars: int) -> tuple[Any, Any]:
    """langdetect's langprob and get_probabilities for `text` ([] and [] where it raises)."""
    factory.seed = seed
    detector = factory.create()
    detector.set_max_text_length(max_chars)
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return [], []
    return detector.langprob, [(x.lang, x.prob) for x in ranked]


def _salads(count: int, seed: int) -> list[str]:
    """Random texts mixing words of every language above, punctuation, digits and capitals."""
    rng = random.Random(seed)
    words = [w for text in (*TEXTS.values(), *EDGE_CASES) for w in text.split()]
    result = []
    for _ in range(count):
        picked = [rng.choice(words) for _ in range(rng.randint(1, 40))]
        picked = [w.upper() if rng.random() < 0.1 else w for w in picked]
        result.append(rng.choice([" ", "  ", ", ", "\n"]).join(picked))
    return result


def test_same_languages_as_langdetect(reference: DetectorFactory) -> None:
    assert load_profiles().languages == tuple(reference.langlist)
    assert load_profiles().keys.tolist() == sorted(reference.word_lang_prob_map)


def test_profiles_hold_langdetects_probabilities(reference: DetectorFactory) -> None:
    profiles = load_profiles()
    for row, word in list(enumerate(profiles.keys.tolist()))[::97]:
        assert profiles.rows_of([word, "@@", word]) == [row, -1, row]
        dense = profiles.dense(language_detector.np.array([row]))[0].tolist()
        assert dense == reference.word_lang_prob_map[word]


@pytest.mark.parametrize("text", [*TEXTS.values(), *EDGE_CASES])
def test_probabilities_equal_langdetects(reference: DetectorFactory, text: str) -> None:
    for seed in (0, 1, 7, 12345):
        for max_chars in (1000, 10000, 40):
            langprob, ranked = _theirs(reference, text, seed, max_chars)
            assert all_probabilities(text, seed=seed, max_chars=max_chars) == langprob
            ours = probabilities(text, seed=seed, max_chars=max_chars)
            assert [(x.lang, x.prob) for x in ours] == ranked


def test_each_text_is_in_its_language() -> None:
    for lang, text in TEXTS.items():
        assert probabilities(text, seed=0, max_chars=1000)[0].lang == lang


@pytest.mark.parametrize("salad_seed", [1, 2, 3, 4])
def test_random_texts_equal_langdetects(reference: DetectorFactory, salad_seed: int) -> None:
    for text in _salads(25, salad_seed):
        langprob, _ = _theirs(reference, text, salad_seed, 1000)
        assert all_probabilities(text, seed=salad_seed, max_chars=1000) == langprob


def test_remembered_words_change_nothing(reference: DetectorFactory) -> None:
    text = TEXTS["de"] + " " + TEXTS["nl"]
    language_detector._WORDS.clear()
    cold = all_probabilities(text, seed=3, max_chars=1000)
    warm = all_probabilities(text, seed=3, max_chars=1000)
    assert cold == warm == _theirs(reference, text, 3, 1000)[0]


def test_the_benchmark_runs() -> None:
    # benchmarks/language.py: both loaders measured, both detectors timed (and found equal).
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "language.py"
    result = subprocess.run(
        [sys.executable, str(script), "--repeats", "1", "--calls", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for row in ("ours (numpy CSR)", "ours, words cold", "langdetect (lists)"):
        assert row in result.stdout


def test_the_profiles_are_read_back_from_the_cache_as_they_were_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from monitor import encoder_cache, language_detector

    monkeypatch.setenv(encoder_cache.CACHE_ENV, str(tmp_path))
    built = language_detector._profile_arrays()
    calls: list[int] = []

    def counting() -> dict[str, Any]:
        calls.append(1)
        return language_detector._profile_arrays()

    tag = "test"
    first = encoder_cache.cached_arrays("profiles", tag, counting)
    again = encoder_cache.cached_arrays("profiles", tag, counting)
    assert calls == [1]  # the second process reads the archive back
    for name, array in built.items():
        assert np.array_equal(first[name], array) and np.array_equal(again[name], array), name
    assert again["keys"].dtype == built["keys"].dtype and again["values"].dtype == np.float64
    # A file cut short is built and written again; another tag is another file.
    (written,) = (tmp_path / "encoder").glob("profiles-*.npz")
    written.write_bytes(written.read_bytes()[:1000])
    rebuilt = encoder_cache.cached_arrays("profiles", tag, counting)
    assert np.array_equal(rebuilt["keys"], built["keys"])
    encoder_cache.cached_arrays("profiles", "other", counting)
    assert calls == [1, 1, 1]


def test_profiles_are_built_when_the_cache_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from monitor import encoder_cache, language_detector

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(encoder_cache.CACHE_ENV, str(blocked))
    arrays = encoder_cache.cached_arrays("profiles", "test", language_detector._profile_arrays)
    assert "ar" in [str(language) for language in arrays["languages"]]
