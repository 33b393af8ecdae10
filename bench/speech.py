"""Speech benchmark: phrase render time per engine, cache-hit start-up, rendering a workout to a
file, and a live workout with the voice on: count-onset error and CPU per minute.

Run it with ``.venv/bin/python bench/speech.py`` (``make bench`` runs it after ``bench/run.py``);
``--runs N`` for more repeats, ``--only engines,startup,render,live`` for some sections,
``--live-seconds S`` for shorter live runs. It prints Markdown tables and writes
``bench/speech-results.json``.

Engines (one row per engine that opens here):

- open: opening the engine (it speaks one test word);
- phrase: one phrase, "Pause. Two. One.", from text to a Pcm at the mixer's rate (median);
- count: one short word, "two" (median);
- of which processing: the share of ``phrase`` spent trimming, resampling and levelling in Python;
- cold: every phrase of ``borden-back`` rendered by the background renderer into an empty cache;
- warm: the same phrases read back from that cache by a new renderer (a second start);
- layout + mix: the whole workout's beeps and voice laid out and mixed into one track.

Start-up: ``LiveVoice`` as the app makes it: how long its constructor takes (the screen never
waits for more), then until every phrase of borden-back is ready, from a warm and a cold cache.

Render: ``backtimer render borden-back -o FILE`` (the 13-minute workout) as a process, wall time,
with an empty phrase cache and with the cache filled by the run before; WAV and FLAC.

Live: the real app, headless, running borden-back in real time with miniaudio's own null device
(which takes samples at the real rate, unlike ALSA's file plugin), once with ``--voice espeak-ng``
(falling back along the chain) and once with the voice off. Count onset: when each count's beep
reached the mixer, against its planned time (the session's start plus the plan's offset); the
voice's words are measured the same way. CPU: the process's CPU time per minute, after the first
five seconds (start-up and first rendering left out).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
SHIPPED = ROOT / "content" / "borden-back.yaml"
RESULTS = ROOT / "bench" / "speech-results.json"
SECTIONS = ("engines", "startup", "render", "live")
LIVE_SECONDS = 60.0
SKIP_START = 5.0  # seconds of a live run left out of its CPU figure


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


def bench_engines(runs: int, results: dict[str, Any]) -> list[str]:
    plan = compile_plan(load_routine(SHIPPED))
    said = announcements(plan)
    texts = phrases(said)
    sounds = load_sounds()
    rows = [
        "| engine | open | phrase | count | of which processing | "
        f"cold ({len(texts)} phrases) | warm | layout + mix ({plan.total_seconds / 60:.0f} min) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    found: dict[str, Any] = {}
    for name in ENGINE_ORDER:
        started = time.perf_counter()
        choice = open_voice(name)
        opened = 1000 * (time.perf_counter() - started)
        engine = choice.engine
        if engine is None:
            rows.append(f"| {name} | {choice.notices[0]} | | | | | | |")
            found[name] = {"opened": False, "why": choice.notices[0]}
            continue
        phrase = _median_ms(lambda e=engine: e.synth(PHRASE), runs)
        count = _median_ms(lambda e=engine: e.synth("two"), runs)
        processing = _processing_ms(engine, runs)
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
        found[name] = {
            "detail": engine.detail,
            "open_ms": opened,
            "phrase_ms": phrase,
            "count_ms": count,
            "processing_ms": processing,
            "cold_s": cold,
            "warm_s": warm,
            "layout_mix_s": mixed,
            "phrases": len(texts),
        }
        choice.close()
    results["engines"] = found
    return rows


def _startup_once(name: str, folder: Path, plan: Any) -> tuple[float, float]:
    """(constructor seconds, seconds until every phrase is ready) of a LiveVoice."""
    from backtimer.audio.speech import VoiceSetup
    from backtimer.audio.speech.live import LiveVoice

    class Nowhere:
        def speak(self, sound: Any) -> None:
            pass

        def hush(self) -> None:
            pass

    started = time.perf_counter()
    voice = LiveVoice(VoiceSetup(name), Nowhere(), cache_dir=folder)
    voice.prepare(plan)
    made = time.perf_counter() - started
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        renderer = voice.renderer
        if renderer is not None and renderer.progress[1] > 0 and renderer.done:
            break
        time.sleep(0.002)
    ready = time.perf_counter() - started
    voice.close()
    return made, ready


def bench_startup(results: dict[str, Any]) -> list[str]:
    plan = compile_plan(load_routine(SHIPPED))
    rows = [
        "| engine | LiveVoice() returns | all phrases ready, warm cache | cold cache |",
        "|---|---|---|---|",
    ]
    found: dict[str, Any] = {}
    for name in ENGINE_ORDER:
        choice = open_voice(name)
        opened = choice.engine is not None
        choice.close()
        if not opened:
            continue
        with tempfile.TemporaryDirectory() as folder:
            _, cold = _startup_once(name, Path(folder), plan)
            made, warm = _startup_once(name, Path(folder), plan)
        rows.append(f"| {name} | {1e6 * made:.0f} µs | {1000 * warm:.0f} ms | {cold:.2f} s |")
        found[name] = {"constructor_s": made, "warm_ready_s": warm, "cold_ready_s": cold}
    results["startup"] = found
    return rows


def _render_command(out: Path, cache: Path, *extra: str) -> float:
    env = {**os.environ, "BACKTIMER_CACHE_DIR": str(cache)}
    env.pop("BACKTIMER_CONFIG_DIR", None)
    with tempfile.TemporaryDirectory() as config:
        env["BACKTIMER_CONFIG_DIR"] = config
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "backtimer", "render", "borden-back", "-o", str(out), *extra],
            env=env,
            check=True,
            capture_output=True,
            stdin=subprocess.DEVNULL,
        )
        return time.perf_counter() - started


def bench_render(runs: int, results: dict[str, Any]) -> list[str]:
    rows = [
        "| backtimer render borden-back (12:51) | empty phrase cache | cache filled (median) |",
        "|---|---|---|",
    ]
    found: dict[str, Any] = {}
    for label, suffix, extra in (
        ("WAV, --voice espeak-ng", "wav", ("--voice", "espeak-ng")),
        ("WAV, --voice espeakng-loader", "wav", ("--voice", "espeakng-loader")),
        ("WAV, --voice off", "wav", ("--voice", "off")),
        ("FLAC, --voice espeak-ng", "flac", ("--voice", "espeak-ng")),
    ):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / f"b.{suffix}"
            try:
                cold = _render_command(out, Path(folder) / "cache", *extra)
                warm = statistics.median(
                    _render_command(out, Path(folder) / "cache", *extra)
                    for _ in range(max(1, min(runs, 3)))
                )
            except subprocess.CalledProcessError as exc:
                rows.append(f"| {label} | failed: {exc.stderr.decode()[-120:].strip()} | |")
                continue
        rows.append(f"| {label} | {cold:.2f} s | {warm:.2f} s |")
        found[label] = {"cold_s": cold, "warm_s": warm}
    results["render"] = found
    return rows


# -- live: the app, headless, in real time ---------------------------------------------------


def worker_live(voice_name: str, seconds: float) -> dict[str, Any]:
    """The app running borden-back for ``seconds`` with miniaudio's null device; the hand-off
    time of every beep and phrase, the session's start, and CPU time after SKIP_START."""
    from backtimer.audio import open_audio
    from backtimer.audio.backends import MiniaudioBackend
    from backtimer.audio.speech import VoiceSetup
    from backtimer.settings.catalog import Entry
    from backtimer.tui.app import BacktimerApp
    from backtimer.tui.screens.workout import WorkoutScreen

    handed: list[tuple[float, str]] = []

    class Logged(MiniaudioBackend):
        def play(self, event: Any, sound: Any) -> None:
            handed.append((time.monotonic(), event.value))
            super().play(event, sound)

        def speak(self, sound: Any) -> None:
            handed.append((time.monotonic(), "voice"))
            super().speak(sound)

    def null_device(ctx: Any) -> MiniaudioBackend:
        return Logged.open(ctx, backends=["NULL"])

    player = open_audio("miniaudio", openers={"miniaudio": null_device})
    if player.name != "miniaudio":
        raise RuntimeError(f"miniaudio's null device did not open: {player.describe()}")
    routine = load_routine(SHIPPED)
    screens: list[WorkoutScreen] = []
    cpu: dict[str, float] = {}

    class BenchApp(BacktimerApp):
        CSS_PATH = str(
            Path(sys.modules[BacktimerApp.__module__].__file__ or "").parent
            / str(BacktimerApp.CSS_PATH)
        )

        def start_workout(self, *args: Any, **kwargs: Any) -> None:
            super().start_workout(*args, **kwargs)
            screen = self.screen_stack[-1]
            assert isinstance(screen, WorkoutScreen)
            screens.append(screen)
            if self.voice is not None:
                self.voice.use_sounds(player.sounds, None)
            self.set_timer(SKIP_START, lambda: cpu.setdefault("start", time.process_time()))
            self.set_timer(SKIP_START + seconds, self._stop)

        def _stop(self) -> None:
            cpu["end"] = time.process_time()
            self.exit()

    setup = VoiceSetup("off") if voice_name == "off" else VoiceSetup(voice_name)
    app = BenchApp(
        start="workout",
        entry=Entry("borden-back", SHIPPED, "shipped"),
        routine=routine,
        player=player,
        voice=setup,
    )
    asyncio.run(app.run_async(headless=True, size=(80, 24)))
    session = screens[0].session
    t0 = session.stats.started_at
    assert t0 is not None
    engine = app.voice.engine_name if app.voice is not None else "off"
    spoken = list(app.voice.spoken) if app.voice is not None else []
    player.close()
    return {
        "voice": voice_name,
        "engine": engine,
        "seconds": seconds,
        "t0": t0,
        "handed": handed,
        "spoken": spoken,
        "cpu_per_min": (cpu["end"] - cpu["start"]) / seconds * 60,
    }


def _onsets(run: dict[str, Any]) -> dict[str, Any]:
    """Count-onset errors (ms) of a live run: each count's beep, and each spoken count."""
    from backtimer.audio.speech.announce import Priority, count_beats

    plan = compile_plan(load_routine(SHIPPED))
    t0, end = run["t0"], run["t0"] + SKIP_START + run["seconds"] - 1.0
    planned = sorted(
        (t0 + step.start + sound.offset, sound.event.value)
        for step in plan.steps
        for sound in step.sounds
        if t0 + step.start + sound.offset < end
    )
    beeps = [(at, what) for at, what in run["handed"] if what != "voice"]
    beats = {round(step.start + offset, 6) for step in plan.steps for offset in count_beats(step)}
    errors = []
    for (want, event), (got, what) in zip(planned, beeps, strict=False):
        assert event == what, f"{event} planned, {what} played"
        if round(want - t0, 6) in beats:
            errors.append(1000 * (got - want))
    words = []
    said = [a for a in announcements(plan) if a.priority == Priority.BEAT]
    spoken = run["spoken"]
    for a in said:
        want = t0 + a.at
        if want >= end:
            break
        near = [at for at, text in spoken if text == a.text and abs(at - want) < 0.5]
        if near:
            words.append(1000 * (near[0] - want))
    out: dict[str, Any] = {"counts": len(errors)}
    for name, values in (("beep", errors), ("word", words)):
        if values:
            values.sort()
            out[name] = {
                "n": len(values),
                "median_ms": statistics.median(values),
                "p99_ms": values[min(len(values) - 1, int(0.99 * len(values)))],
                "max_ms": max(values),
            }
    return out


def bench_live(seconds: float, results: dict[str, Any]) -> list[str]:
    rows = [
        "| live, borden-back, miniaudio null device | count beep onset: median / p99 / max | "
        "count word onset: median / p99 / max | CPU per minute |",
        "|---|---|---|---|",
    ]
    found: dict[str, Any] = {}
    for voice in ("espeak-ng", "off"):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "out.json"
            env = {**os.environ, "BACKTIMER_CONFIG_DIR": folder}
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    voice,
                    "--live-seconds",
                    str(seconds),
                    "--out",
                    str(out),
                ],
                env=env,
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                check=False,
            )
            if done.returncode != 0 or not out.exists():
                rows.append(f"| voice {voice} | failed: {done.stderr[-200:].strip()} | | |")
                continue
            run = json.loads(out.read_text())
        onsets = _onsets(run)

        def spread(kind: str, found_onsets: dict[str, Any] = onsets) -> str:
            o = found_onsets.get(kind)
            if not o:
                return "-"
            return f"{o['median_ms']:.2f} / {o['p99_ms']:.2f} / {o['max_ms']:.2f} ms"

        label = f"voice {run['engine']}" if voice != "off" else "voice off"
        rows.append(
            f"| {label} ({seconds:g} s) | {spread('beep')} | {spread('word')} | "
            f"{run['cpu_per_min']:.2f} s |"
        )
        found[voice] = {"engine": run["engine"], "cpu_per_min": run["cpu_per_min"], **onsets}
    results["live"] = found
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="repeats for each median")
    parser.add_argument(
        "--only",
        type=lambda text: [x.strip() for x in text.split(",") if x.strip()],
        default=list(SECTIONS),
        help=f"comma-separated sections: {', '.join(SECTIONS)}",
    )
    parser.add_argument("--live-seconds", type=float, default=LIVE_SECONDS)
    parser.add_argument("--no-write", action="store_true", help="do not write the results file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        Path(args.out).write_text(json.dumps(worker_live(args.worker, args.live_seconds)))
        return 0
    results: dict[str, Any] = {
        "command": "bench/speech.py",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "load_average": [list(os.getloadavg())],
    }
    tables = []
    if "engines" in args.only:
        tables.append(bench_engines(args.runs, results))
    if "startup" in args.only:
        tables.append(bench_startup(results))
    if "render" in args.only:
        tables.append(bench_render(args.runs, results))
    if "live" in args.only:
        tables.append(bench_live(args.live_seconds, results))
    results["load_average"].append(list(os.getloadavg()))
    print("\n\n".join("\n".join(rows) for rows in tables))
    if not args.no_write:
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
