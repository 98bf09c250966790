"""`make bench`: detection speed and memory, against bare spaCy NER and default Presidio.

All three run on the same texts in one process, one core, after a warm-up, so model
loading is not timed. The 100,000-word run happens in a fresh process so that its peak
memory is ours alone.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.model.policy import Policy
from pipeline.model.review_record import ReviewRecord, load_record
from pipeline.text.termmatch import normalise

BIG_WORDS = 100_000


@dataclass(frozen=True)
class Timing:
    """Words per second of one detector on the bench texts."""

    name: str
    words: int
    seconds: float

    @property
    def wps(self) -> float:
        """Words per second."""
        return self.words / self.seconds if self.seconds else 0.0


def bench_texts(folder: Path) -> list[tuple[str, ReviewRecord | None]]:
    """The drafts (and records) of a folder of cases: each subfolder's draft.md."""
    texts = []
    for case in sorted(p for p in folder.iterdir() if (p / "draft.md").is_file()):
        record = load_record(case / "review.yaml") if (case / "review.yaml").is_file() else None
        texts.append((normalise((case / "draft.md").read_text(encoding="utf-8")), record))
    if not texts:
        raise InputError(
            "no drafts to benchmark",
            file=folder,
            fix="pass a folder whose subfolders hold draft.md",
        )
    return texts


def _time_all(
    detectors: dict[str, Callable[[str], object]], texts: list[str], *, repeat: int
) -> list[Timing]:
    """Best of `repeat` rounds per detector; each round runs every detector once in turn.

    Interleaving spreads any slow spell of the machine over all detectors alike, and the
    best round is the one least disturbed (as timeit does). Each detector is warmed up
    first: loading and first-call costs are not detection speed.
    """
    for fn in detectors.values():
        fn(texts[0])
    best = dict.fromkeys(detectors, float("inf"))
    for _ in range(repeat):
        for name, fn in detectors.items():
            start = time.perf_counter()
            for text in texts:
                fn(text)
            best[name] = min(best[name], time.perf_counter() - start)
    words = sum(len(t.split()) for t in texts)
    return [Timing(name, words, seconds) for name, seconds in best.items()]


def ours(policy: Policy) -> Callable[[str, ReviewRecord | None], object]:
    """Our whole detection: findings and proposals."""
    from pipeline.stages.detect.findings import find_all
    from pipeline.stages.detect.propose import build_proposals

    def run(text: str, record: ReviewRecord | None) -> object:
        found = find_all(text, record, policy=policy)
        return build_proposals(text, found, record=record, policy=policy)

    return run


def bare_spacy() -> Callable[[str], object]:
    """SpaCy's NER alone on the pinned model (tok2vec and ner, nothing else)."""
    import spacy

    from pipeline.stages.detect.engine import MODEL_PACKAGE

    nlp = spacy.load(MODEL_PACKAGE, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    return lambda text: [(e.start_char, e.label_) for e in nlp(text).ents]


def default_presidio() -> Callable[[str], object]:
    """Presidio as people usually run it: default recognisers, the same small model."""
    import tldextract
    import tldextract.tldextract as tld_module
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from pipeline.stages.detect.engine import MODEL_PACKAGE

    # The default e-mail recogniser would fetch the Public Suffix List; give the baseline
    # tldextract's bundled snapshot so the benchmark stays offline like everything else.
    tld_module.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": MODEL_PACKAGE}],
        }
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine())
    return lambda text: engine.analyze(text=text, language="en")


def _big_run(texts: list[str], policy: Policy, queue: mp.Queue) -> None:
    detect = ours(policy)
    detect("warm-up text for the model", None)
    big = "\n\n".join(texts)
    while len(big.split()) < BIG_WORDS:
        big += "\n\n" + "\n\n".join(texts)
    start = time.perf_counter()
    detect(big, None)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((len(big.split()), seconds, peak_kib * 1024))


def big_document(texts: list[str], policy: Policy) -> tuple[int, float, int]:
    """(words, seconds, peak bytes) for one document of at least 100,000 words."""
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=_big_run, args=(texts, policy, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def run_bench(
    folder: Path, policy: Policy, *, repeat: int = 3
) -> tuple[list[Timing], tuple[int, float, int]]:
    """Time the three detectors (best of `repeat` passes each) and the big document."""
    cases = bench_texts(folder)
    texts = [t for t, _ in cases]
    records = {id(t): r for t, r in cases}
    detect = ours(policy)
    timings = _time_all(
        {
            "cpr detect (ours)": lambda t: detect(t, records[id(t)]),
            "spaCy NER alone": bare_spacy(),
            "Presidio default AnalyzerEngine": default_presidio(),
        },
        texts,
        repeat=repeat,
    )
    return timings, big_document(texts, policy)


STARTUP_COMMANDS: tuple[tuple[str, ...], ...] = (("--help",), ("status",))


def startup_times(
    workspace: Path, *, repeat: int = 5, commands: Iterable[tuple[str, ...]] = STARTUP_COMMANDS
) -> dict[str, float]:
    """Best wall-clock seconds of each command as a whole new process (target < 1 s).

    Measured as a user meets them: a fresh interpreter each time, so the figure includes
    every import the command pulls in (spaCy or Presidio's analyser would show here).
    """
    exe = Path(sys.executable).with_name("cpr")
    best: dict[str, float] = {}
    for args in commands:
        line = [str(exe), "--workspace", str(workspace), *args]
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(line, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        best["cpr " + " ".join(args)] = min(times)
    return best
