"""Language detectors compared on short passages a UK council's pages carry.

    python benchmarks/language.py [--lingua]

Reads the labelled passages of ``benchmarks/language_passages.tsv`` (English
and Welsh, with pairs of the same sentence in both, and French, German,
Polish, Urdu, Arabic, Romanian, Lithuanian, Portuguese, Spanish, Italian,
Bengali, Punjabi, Chinese, Somali and Irish; 5 to 30 words each) and prints,
for each detector: passages right, English and Welsh right, pairs with both
halves right, the passages missed, the installed size, and the time to import
and answer the first passage (in a fresh Python) and per passage after that.

``py3langid`` is what the auditor ships (through :mod:`auditor.checks.langid`,
with its length and confidence limits reported separately); ``--lingua``
adds lingua-language-detector if it is installed (``pip install
lingua-language-detector``; it is not a dependency). Prints figures only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

PASSAGES = Path(__file__).with_name("language_passages.tsv")

FIRST_CALL = {
    "py3langid": ("from py3langid.langid import MODEL_FILE, LanguageIdentifier; "
                  "LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True).classify('Mae’r llyfrgell ar gau ar ddydd Sul.')"),
    "lingua": ("from lingua import LanguageDetectorBuilder; "
               "LanguageDetectorBuilder.from_all_languages().build().detect_language_of('Mae’r llyfrgell ar gau ar ddydd Sul.')"),
}


def load() -> list[tuple[str, str, str]]:
    """(language, pair, text) of every labelled passage."""
    rows = []
    for line in PASSAGES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, pair, text = line.split("\t")
            rows.append((language, pair, text))
    return rows


def installed_mb(distribution: str) -> float:
    """Megabytes of the files a distribution installed."""
    files = metadata.distribution(distribution).files or ()
    return sum((f.locate().stat().st_size for f in files if Path(f.locate()).exists()), 0) / 1e6


def first_call_s(name: str) -> float:
    """Seconds for a fresh Python to import the detector and answer once."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", FIRST_CALL[name]], check=True)
    return time.perf_counter() - start - baseline_s()


def baseline_s() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start


def py3langid_detector():
    from auditor.checks.langid import raw_guess

    return lambda text: raw_guess(text).language


def lingua_detector():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def guess(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "?"

    return guess


def score(name: str, guess, rows) -> None:
    answers = [guess(text) for _, _, text in rows]  # the first call loads the model
    start = time.perf_counter()
    answers = [guess(text) for _, _, text in rows]
    per_passage_ms = (time.perf_counter() - start) * 1000 / len(rows)
    right = [a == lang for a, (lang, _, _) in zip(answers, rows)]
    en_cy = [r for r, (lang, _, _) in zip(right, rows) if lang in ("en", "cy")]
    pairs: dict[str, list[bool]] = {}
    for r, (_, pair, _) in zip(right, rows):
        if pair != "-":
            pairs.setdefault(pair, []).append(r)
    print(f"\n{name}")
    print(f"  right: {sum(right)}/{len(rows)} ({100 * sum(right) / len(rows):.1f}%)")
    print(f"  English and Welsh right: {sum(en_cy)}/{len(en_cy)}; pairs both right: {sum(all(p) for p in pairs.values())}/{len(pairs)}")
    print(f"  per passage after the first: {per_passage_ms:.2f} ms")
    for a, (lang, _, text) in zip(answers, rows):
        if a != lang:
            print(f"  missed: {lang} read as {a}: {text[:70]}")


def shipped_limits(rows) -> None:
    """How the auditor's own limits (length, confidence) change the answers:
    a passage it does not judge is no false alarm."""
    from auditor.checks.langid import detect

    judged = wrong = 0
    for lang, _, text in rows:
        found = detect(text)
        if found is not None:
            judged += 1
            wrong += found.language != lang
    print(f"\nauditor.checks.langid.detect (length and confidence limits): judged {judged}/{len(rows)}, wrong {wrong}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lingua", action="store_true", help="also measure lingua-language-detector (if installed)")
    args = parser.parse_args()
    rows = load()
    print(f"{len(rows)} passages, {len({r[0] for r in rows})} languages, from {PASSAGES.name}")
    detectors = [("py3langid", "py3langid", py3langid_detector)]
    if args.lingua:
        detectors.append(("lingua", "lingua-language-detector", lingua_detector))
    for name, distribution, make in detectors:
        try:
            size = installed_mb(distribution)
        except metadata.PackageNotFoundError:
            print(f"\n{name}: not installed (pip install {distribution})")
            continue
        first = first_call_s(name)
        score(f"{name} {metadata.version(distribution)}: {size:.1f} MB installed, import and first answer {first:.2f} s", make(), rows)
    shipped_limits(rows)


if __name__ == "__main__":
    main()
