"""Speech benchmark: phrase render time per engine, cache-hit start-up, and mixing a workout.

Run it with ``.venv/bin/python bench/speech.py`` (``--runs N`` for more repeats). For each speech
engine that opens on this machine it prints, as a Markdown table:

- open: opening the engine (it speaks one test word);
- phrase: one phrase, "Pause. Two. One.", from text to a Pcm at the mixer's rate (median);
- count: one short word, "two" (median);
- of which processing: the share of ``phrase`` spent trimming, resampling and levelling in Python;
- cold: every phrase of ``borden-back`` rendered by the background renderer into an empty cache;
- warm: the same phrases read back from that cache by a new renderer (a second start);
- layout + mix: the whole workout's beeps and voice laid out and mixed into one track.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backtimer.audio import load_sounds  # noqa: E402
from backtimer.audio.speech import ENGINE_ORDER, open_voice  # noqa: E402
from backtimer.audio.speech.announce import announcements, phrases  # noqa: E402
from backtimer.audio.speech.arrange import to_frame  # noqa: E402
from backtimer.audio.speech.cache import PhraseCache  # noqa: E402
from backtimer.audio.speech.engines import Engine  # noqa: E402
from backtimer.audio.speech.mixdown import layout, mix  # noqa: E402
from backtimer.audio.speech.renderer import PhraseRenderer  # noqa: E402
from backtimer.audio.speech.wavdata import voice_pcm  # noqa: E402
from backtimer.core.loader import load_routine  # noqa: E402
from backtimer.core.plan import compile_plan  # noqa: E402

PHRASE = "Pause. Two. One."


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def _processing_ms(engine: Engine, runs: int) -> float:
    # The same work voice_pcm does on the engine's own output: a phrase's length at 22050 Hz.
    from array import array

    pcm = engine.synth(PHRASE)
    raw = array("h", pcm.samples()[::2])
    return _median_ms(lambda: voice_pcm(raw, 22050), runs)


def _render_all(engine: Engine, folder: Path, texts: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    renderer = PhraseRenderer(engine, PhraseCache(folder, engine.key))
    renderer.request(texts)
    renderer.wait(600)
    elapsed = time.perf_counter() - started
    renderer.close()
    return elapsed, renderer.from_cache


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="repeats for each median")
    args = parser.parse_args(argv)
    plan = compile_plan(load_routine(ROOT / "content" / "borden-back.yaml"))
    said = announcements(plan)
    texts = phrases(said)
    sounds = load_sounds()
    rows = [
        "| engine | open | phrase | count | of which processing | "
        f"cold ({len(texts)} phrases) | warm | layout + mix ({plan.total_seconds / 60:.0f} min) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in ENGINE_ORDER:
        started = time.perf_counter()
        choice = open_voice(name)
        opened = 1000 * (time.perf_counter() - started)
        engine = choice.engine
        if engine is None:
            rows.append(f"| {name} | {choice.notices[0]} | | | | | | |")
            continue
        phrase = _median_ms(lambda e=engine: e.synth(PHRASE), args.runs)
        count = _median_ms(lambda e=engine: e.synth("two"), args.runs)
        processing = _processing_ms(engine, args.runs)
        with tempfile.TemporaryDirectory() as folder:
            cold, _ = _render_all(engine, Path(folder), texts)
            warm, hits = _render_all(engine, Path(folder), texts)
            assert hits == len(texts), f"{hits} of {len(texts)} from the cache"
            renderer = PhraseRenderer(engine, PhraseCache(Path(folder), engine.key))
            renderer.request(texts)
            renderer.wait(600)
            started = time.perf_counter()
            plays = layout(plan, said, renderer.get, sounds)
            mix(plays, to_frame(plan.total_seconds))
            mixed = time.perf_counter() - started
            renderer.close()
        rows.append(
            f"| {engine.detail} | {opened:.0f} ms | {phrase:.1f} ms | {count:.1f} ms | "
            f"{processing:.1f} ms | {cold:.2f} s | {1000 * warm:.0f} ms | {mixed:.2f} s |"
        )
        choice.close()
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
