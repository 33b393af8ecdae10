"""WAV bytes in and out for speech: what engines hand back, and what the phrase cache keeps.

An engine's WAV may come from a pipe, whose header cannot know its own length (espeak-ng writes
0x7ffff000 for it), so the reader here trusts the bytes that are there rather than the header.
Every phrase is then brought to one shape: mono 16-bit at the mixer's ``RATE``, silence trimmed
from both ends (a count must start on its beat, not after the engine's lead-in), and the same
peak level whatever the engine, so voices from different engines sound alike in loudness and a
voice over a beep stays within full scale.
"""

from __future__ import annotations

import io
import itertools
import math
import struct
import sys
import wave
from array import array

from backtimer.audio.pcm import RATE, Pcm

VOICE_PEAK = 15000
"""The peak every phrase is scaled to: a little under half of full scale, where the shipped beeps
peak, so one phrase over one beep stays clear of full scale (at most 31,384 of 32,767)."""
_FADE_IN = RATE // 500  # 2 ms: no click where the trimmed sound begins
_FADE_OUT = RATE // 200  # 5 ms
_LEAD = RATE // 1000  # kept before the first sound above the threshold
_TAIL = RATE // 50  # kept after the last one: the decay of the final consonant


class SpeechWavError(Exception):
    """Bytes that are not a WAV of PCM samples; the message says why, for a person."""


def decode_wav(data: bytes) -> tuple[int, array[int]]:
    """(sample rate, mono signed 16-bit samples) of a PCM WAV, even one with a streamed header."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SpeechWavError("not a WAV file (no RIFF/WAVE header)")
    fmt: tuple[int, int, int, int] | None = None
    pos = 12
    while pos + 8 <= len(data):
        chunk_id = data[pos : pos + 4]
        (size,) = struct.unpack_from("<I", data, pos + 4)
        body = pos + 8
        if chunk_id == b"fmt ":
            if size < 16 or body + 16 > len(data):
                raise SpeechWavError("its format chunk is cut short")
            tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", data, body)
            if tag == 0xFFFE and size >= 26 and body + 26 <= len(data):
                (tag,) = struct.unpack_from("<H", data, body + 24)  # WAVE_FORMAT_EXTENSIBLE
            fmt = (tag, channels, rate, bits)
        elif chunk_id == b"data":
            if fmt is None:
                raise SpeechWavError("its samples come before their format")
            # A streamed header claims more than was written: take what is there.
            return _samples(fmt, data[body : body + min(size, len(data) - body)])
        pos = body + size + (size & 1)
    raise SpeechWavError("holds no samples (no data chunk)")


def _samples(fmt: tuple[int, int, int, int], frames: bytes) -> tuple[int, array[int]]:
    tag, channels, rate, bits = fmt
    if tag != 1:
        raise SpeechWavError(f"holds format {tag}; only PCM samples are read")
    if bits not in (8, 16, 24, 32):
        raise SpeechWavError(f"has {bits}-bit samples; 8, 16, 24 or 32 are read")
    if not 1 <= channels <= 8 or not 1000 <= rate <= 384000:
        raise SpeechWavError(f"has {channels} channels at {rate} Hz")
    width = bits // 8
    samples = _to_int16(frames, width)
    if channels > 1:
        lanes = [samples[c::channels] for c in range(channels)]
        n = min(len(lane) for lane in lanes)
        lanes_zip = zip(*(lane[:n] for lane in lanes), strict=True)
        samples = array("h", [sum(v) // channels for v in lanes_zip])
    return rate, samples


def _to_int16(frames: bytes, width: int) -> array[int]:
    """Little-endian PCM of any width as signed 16-bit samples (its top 16 bits)."""
    n = len(frames) // width
    if width == 2:
        raw = frames[: 2 * n]
    else:
        le = bytearray(2 * n)
        if width == 1:
            # 8-bit WAV is unsigned: flipping the top bit makes it signed; it becomes the high byte.
            le[1::2] = frames[:n].translate(bytes((b ^ 0x80) for b in range(256)))
        else:
            le[0::2] = frames[width - 2 : n * width : width]
            le[1::2] = frames[width - 1 : n * width : width]
        raw = bytes(le)
    out = array("h")
    out.frombytes(raw)
    if sys.byteorder == "big":
        out.byteswap()
    return out


def resample(samples: array[int], src: int, dst: int) -> array[int]:
    """Linear interpolation from ``src`` to ``dst`` Hz, in whole-number steps.

    The output splits into ``up`` interleaved lanes (``up = dst / gcd``), each a strided slice of
    the input at a fixed fraction, so every lane is one list comprehension rather than a loop
    with a division per sample: about 40 ns a sample, fast enough not to matter beside synthesis.
    """
    if src == dst or not samples:
        return array("h", samples)
    if dst == 2 * src:  # espeak-ng and Piper (22050 Hz) to 44100 Hz: midpoints between samples
        out = array("h", bytes(4 * len(samples)))
        out[0::2] = samples
        mids = [(a + b) >> 1 for a, b in itertools.pairwise(samples)]
        mids.append(samples[-1])
        out[1::2] = array("h", mids)
        return out
    g = math.gcd(src, dst)
    up, down = dst // g, src // g
    n_out = max(1, len(samples) * dst // src)
    ext = list(samples)
    ext.append(ext[-1])  # the point after the last, so every lane has a right neighbour
    out = array("h", bytes(2 * n_out))
    for j in range(min(up, n_out)):
        count = len(range(j, n_out, up))
        k0, r = divmod(j * down, up)
        left = ext[k0 : k0 + count * down : down]
        if len(left) < count:  # the last lanes may run past the end: hold the final value
            left += [ext[-1]] * (count - len(left))
        if r == 0:
            out[j::up] = array("h", left)
            continue
        right = ext[k0 + 1 : k0 + 1 + count * down : down]
        right += [ext[-1]] * (count - len(right))
        out[j::up] = array("h", [a + (b - a) * r // up for a, b in zip(left, right, strict=True)])
    return out


def voice_pcm(samples: array[int], rate: int) -> Pcm:
    """An engine's output as a phrase for the mixer: trimmed, at ``RATE``, at ``VOICE_PEAK``.

    Silence (anything below 2% of the loudest sample) is cut from both ends, keeping 1 ms before
    the first sound and 20 ms after the last. Returns an empty Pcm for a silent input.
    """
    if not samples:
        return Pcm(b"")
    peak = max(max(samples), -min(samples))
    if peak == 0:
        return Pcm(b"")
    threshold = max(1, peak // 50)
    first = next(i for i, s in enumerate(samples) if abs(s) > threshold)
    last = len(samples) - next(i for i, s in enumerate(reversed(samples)) if abs(s) > threshold)
    lead, tail = _LEAD * rate // RATE, _TAIL * rate // RATE
    trimmed = samples[max(0, first - lead) : min(len(samples), last + tail)]
    # The gain as a 16.16 fixed-point factor, applied before resampling (fewer samples): an
    # integer multiply and shift is several times faster than round(s * gain) in Python.
    factor = (VOICE_PEAK << 16) // peak
    out = resample(array("h", [(s * factor) >> 16 for s in trimmed]), rate, RATE)
    n = len(out)
    fade_in, fade_out = min(_FADE_IN, n // 2), min(_FADE_OUT, n // 2)
    for i in range(fade_in):
        out[i] = out[i] * i // fade_in
    for i in range(fade_out):
        out[n - 1 - i] = out[n - 1 - i] * i // fade_out
    return Pcm.from_samples(out)


def encode_wav(pcm: Pcm) -> bytes:
    """A phrase as a WAV file: mono, 16-bit, ``RATE``."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.data)
    return buf.getvalue()


def decode_cached(data: bytes) -> Pcm:
    """A phrase written by ``encode_wav``; anything else (cut short, altered) is SpeechWavError."""
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            shape = (w.getnchannels(), w.getsampwidth(), w.getframerate())
            nframes = w.getnframes()
            frames = w.readframes(nframes)
    except (wave.Error, EOFError, struct.error, ValueError) as exc:
        raise SpeechWavError(f"not a phrase file ({exc})") from None
    if shape != (1, 2, RATE):
        channels, width, rate = shape
        raise SpeechWavError(f"not a phrase file ({channels} ch, {8 * width}-bit, {rate} Hz)")
    if len(frames) != 2 * nframes:  # zero frames is a phrase that says nothing, kept as such
        raise SpeechWavError(f"cut short: {len(frames) // 2} of {nframes} frames")
    return Pcm(frames)
