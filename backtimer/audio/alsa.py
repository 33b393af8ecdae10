"""Keeps ALSA's C library from printing its errors on the terminal.

libasound reports problems (``ALSA lib confmisc.c:855:(parse_card) cannot find card '0'`` and
more) by writing straight to file descriptor 2. Textual draws the screen on that same descriptor,
so one failed device open would garble the workout screen. Installing a do-nothing error handler
with ``snd_lib_error_set_handler`` silences it for every user of libasound in the process:
simpleaudio links against it and miniaudio loads the same ``libasound.so.2`` at run time.
"""

from __future__ import annotations

import ctypes
import sys
import threading

# snd_lib_error_handler_t: void (*)(const char *file, int line, const char *function, int err,
# const char *fmt, ...). The trailing variadic arguments are the caller's to clean up on every
# platform ALSA runs on, so a handler that declares only the fixed ones is safe.
_HANDLER_TYPE = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _ignore(
    file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None
) -> None:
    return None


# Module-level so the C side never calls a freed callback: it must live as long as the process.
_handler = _HANDLER_TYPE(_ignore)
_lock = threading.Lock()
_state: bool | None = None  # None: not tried yet; True: installed; False: no libasound


def silence_alsa_errors() -> bool:
    """Installs the silent handler (once); True if libasound is present and now silent."""
    global _state
    with _lock:
        if _state is None:
            _state = _install()
        return _state


def _install() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes.util

    names = ["libasound.so.2"]
    found = ctypes.util.find_library("asound")
    if found and found not in names:
        names.append(found)
    for name in names:
        try:
            lib = ctypes.CDLL(name)
            lib.snd_lib_error_set_handler.argtypes = [_HANDLER_TYPE]
            lib.snd_lib_error_set_handler.restype = ctypes.c_int
            lib.snd_lib_error_set_handler(_handler)
        except (OSError, AttributeError):
            continue
        return True
    return False
