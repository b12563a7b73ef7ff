"""What our langdetect (`monitor.language_detector`) saves beside langdetect's own Detector:
memory added by loading the profiles, and time per `detect_language` call.

    python benchmarks/language.py [--repeats 7] [--calls 50]

Memory: each loader runs in a fresh process, which prints VmRSS after importing what it needs
and after loading the profiles (and VmHWM, the peak while loading). Time: `detect_language` on
a 1,000-character English and French text (our own writing), with the detection done by ours
and then by langdetect's Detector (profiles loaded in sorted order, as monitor.language did),
in the same process, best of `--repeats` rounds of `--calls` calls; ours also with its
remembered words forgotten before each call ("words cold": a page of words never seen before).
All give the same probabilities; the script checks it on these texts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import monitor.language  # noqa: E402
from monitor.language import _MAX_CHARS, _SEED, detect_language  # noqa: E402
from monitor.language_detector import _WORDS, load_profiles, probabilities  # noqa: E402

ENGLISH = (
    "The town council met on Tuesday evening to talk about next year's budget. Several "
    "residents came to ask why the repairs on the old bridge had been delayed again, and why "
    "the library now closes at five on weekdays. The treasurer explained that heating costs "
    "had risen sharply over the winter and that two grants the town had counted on were not "
    "renewed. A teacher from the primary school asked whether the new playground would still "
    "be built in the spring; the mayor answered that the money for it had been set aside and "
    "that work should start in April. After a long discussion the members agreed to postpone "
    "the vote on the bus subsidy until the next meeting, when the regional transport office "
    "is expected to publish its figures. The meeting ended shortly before ten o'clock. "
    "Minutes will be posted on the notice board outside the hall and sent by post to anyone "
    "who asks for a copy. The next session is open to the public, and residents are invited "
    "to submit written questions beforehand."
)[:1000]
FRENCH = (
    "Le conseil municipal s'est réuni mardi soir pour examiner le budget de l'année "
    "prochaine. Plusieurs habitants sont venus demander pourquoi les travaux sur le vieux pont "
    "avaient encore été reportés, et pourquoi la bibliothèque ferme désormais à dix-sept "
    "heures en semaine. Le trésorier a expliqué que les frais de chauffage avaient fortement "
    "augmenté pendant l'hiver et que deux subventions sur lesquelles la commune comptait "
    "n'avaient pas été renouvelées. Une institutrice de l'école primaire a demandé si la "
    "nouvelle aire de jeux serait toujours construite au printemps ; le maire a répondu que "
    "l'argent avait été mis de côté et que les travaux devraient commencer en avril. Après "
    "une longue discussion, les élus ont décidé de reporter le vote sur l'aide aux transports "
    "jusqu'à la prochaine séance, lorsque l'office régional aura publié ses chiffres. La "
    "réunion s'est terminée peu avant vingt-deux heures. Le compte rendu sera affiché devant "
    "la mairie."
)[:1000]

_STATUS = (
    "def status():\n"
    "    fields = dict(line.split(':', 1) for line in open('/proc/self/status'))\n"
    "    return {k: int(fields[k].split()[0]) // 1024 for k in ('VmRSS', 'VmHWM')}\n"
)
_LOADERS = {
    "ours (numpy CSR)": (
        "from monitor.language_detector import load_profiles",
        "load_profiles()",
    ),
    "langdetect (lists)": (
        "import benchmarks.language as b",
        "b.langdetect_factory()",
    ),
}


def langdetect_factory() -> Any:
    """langdetect's DetectorFactory with its profiles in sorted order (monitor.language's loader
    before our own detector replaced it)."""
    from importlib import resources

    from langdetect.detector_factory import DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    factory = DetectorFactory()
    factory.seed = _SEED
    folder = resources.files("langdetect") / "profiles"
    entries = sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=str)
    for index, entry in enumerate(entries):
        profile = LangProfile(**json.loads(entry.read_text(encoding="utf-8")))
        factory.add_profile(profile, index, len(entries))
    return factory


def langdetect_probabilities(factory: Any) -> Callable[..., list[Any]]:
    """`probabilities` done by langdetect's own Detector."""
    from langdetect.lang_detect_exception import LangDetectException

    def detect(text: str, *, seed: int, max_chars: int) -> list[Any]:
        factory.seed = seed
        detector = factory.create()
        detector.set_max_text_length(max_chars)
        detector.append(text)
        try:
            return list(detector.get_probabilities())
        except LangDetectException:
            return []

    return detect


def memory() -> dict[str, dict[str, int]]:
    """MB of VmRSS after the imports and after the load, and VmHWM, per loader."""
    result = {}
    for name, (imports, load) in _LOADERS.items():
        code = (
            f"import json, sys; sys.path.insert(0, {str(ROOT)!r})\n{_STATUS}{imports}\n"
            f"before = status()\n{load}\nafter = status()\n"
            "print(json.dumps({'imported': before['VmRSS'], 'loaded': after['VmRSS'], "
            "'peak': after['VmHWM']}))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        result[name] = json.loads(out)
    return result


def timing(repeats: int, calls: int) -> dict[str, dict[str, float]]:
    """Best ms per detect_language call, per detector and text."""

    def forgetful(text: str, *, seed: int, max_chars: int) -> list[Any]:
        # Ours with no word remembered from an earlier call (the same text repeats here).
        _WORDS.clear()
        return probabilities(text, seed=seed, max_chars=max_chars)

    detectors = {
        "ours (numpy CSR)": probabilities,
        "ours, words cold": forgetful,
        "langdetect (lists)": langdetect_probabilities(langdetect_factory()),
    }
    load_profiles()
    texts = {"English": ENGLISH, "French": FRENCH}
    for text in texts.values():
        ours, cold, theirs = (d(text, seed=_SEED, max_chars=_MAX_CHARS) for d in detectors.values())
        assert [(x.lang, x.prob) for x in ours] == [(x.lang, x.prob) for x in theirs]
        assert [(x.lang, x.prob) for x in cold] == [(x.lang, x.prob) for x in theirs]
    result: dict[str, dict[str, float]] = {}
    original = monitor.language.probabilities
    try:
        for name, detect in detectors.items():
            monitor.language.probabilities = detect  # type: ignore[assignment]
            for label, text in texts.items():
                detect_language(text)
                best = float("inf")
                for _ in range(repeats):
                    start = time.perf_counter()
                    for _ in range(calls):
                        detect_language(text)
                    best = min(best, (time.perf_counter() - start) / calls)
                result.setdefault(name, {})[label] = round(best * 1000, 3)
    finally:
        monitor.language.probabilities = original
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()
    print("MB (fresh process):   after imports  after load  added  peak")
    for name, mb in memory().items():
        added = mb["loaded"] - mb["imported"]
        print(f"  {name:20} {mb['imported']:13} {mb['loaded']:11} {added:6} {mb['peak']:5}")
    print(f"ms per detect_language call (best of {args.repeats} x {args.calls}):")
    for name, per_text in timing(args.repeats, args.calls).items():
        print(f"  {name:20} " + "  ".join(f"{k} {v:.3f}" for k, v in per_text.items()))


if __name__ == "__main__":
    main()
