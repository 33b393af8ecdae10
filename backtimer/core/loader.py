"""Reads content files strictly and safely; every problem is ``PATH:LINE:COLUMN: message``.

YAML is turned into plain values by walking the parser's event stream, never by a constructor that
could run code: tags other than the core ones are refused, duplicate keys are errors, and aliases,
nesting depth and file size all have hard limits, so no file can hang, exhaust or crash the loader.
The values are then checked against the file's schema (``core.schema``) and become a
``core.model.Routine``.

This module imports PyYAML and pydantic: only reading a file needs it. What else the program needs
of content files (the problems, reading bytes, checking sound files) is in ``core.content``,
re-exported here.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from backtimer.core import schema
from backtimer.core.collector import collector_paused
from backtimer.core.content import MAX_BYTES as MAX_BYTES
from backtimer.core.content import MAX_ERRORS as MAX_ERRORS
from backtimer.core.content import ContentError as ContentError
from backtimer.core.content import ContentErrors as ContentErrors
from backtimer.core.content import decode as decode
from backtimer.core.content import read_text as read_text
from backtimer.core.content import sound_problems
from backtimer.core.events import SoundEvent
from backtimer.core.model import Routine, semantic_problems

MAX_DEPTH = 64
MAX_NODES = 200_000  # values after expanding aliases; stops alias bombs.
# The longest number a file may hold: far more than any real value needs, and short enough that
# reading it (YAML's patterns, base-60 arithmetic, int()) costs nothing, whatever its form.
MAX_NUMBER_CHARS = 100

_Loc = tuple[Any, ...]
_Pos = tuple[int, int]  # 0-based line and column, as the parser gives them
M = TypeVar("M", bound=BaseModel)

# Both parsers give the same plain values and positions; libyaml is faster when PyYAML has it.
PARSERS: dict[str, Any] = {"python": yaml.SafeLoader}
if getattr(yaml, "__with_libyaml__", False):
    PARSERS["libyaml"] = yaml.CSafeLoader
_Parser: Any = PARSERS.get("libyaml", yaml.SafeLoader)

# libyaml has its own nesting limit (1000 levels in 0.2.5) and its scanner reads ahead of the
# events, so in a long run of '[' it can stop before our limit is reached; its message is then
# replaced by ours, found by reading the same text with the pure-Python parser, which stops at our
# limit as soon as it is crossed.
_LIBYAML_LIMITS = ("maximum nesting depth",)

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")} | {"!"}
_COLLECTION_TAGS = (_CORE + "map", _CORE + "seq")


def _shown_tag(tag: str) -> str:
    """A tag as a file spells it: '!!int' rather than the full 'tag:yaml.org,2002:int'."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _Abort(Exception):
    """A problem that stops reading the document at once."""


@dataclass
class Document:
    """Plain values read from YAML, with where each value and key sits in the file."""

    data: Any
    values: dict[_Loc, _Pos] = field(default_factory=dict)
    keys: dict[_Loc, _Pos] = field(default_factory=dict)
    # Problems that did not stop reading (duplicate keys, refused tags); reported with the rest.
    problems: list[ContentError] = field(default_factory=list)
    # Keys by (their mapping's location, the key as text), built on the first look-up that needs
    # it: a validator names a key as text, and a scan of every key for each error would make a
    # file of many bad keys cost the square of its size.
    _by_text: dict[tuple[_Loc, str], _Pos] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def position(self, loc: _Loc, *, key: bool = False) -> _Pos:
        """The position of the value (or its key) at ``loc``, or of its nearest ancestor."""
        if key and loc in self.keys:
            return self.keys[loc]
        if key and loc:
            if self._by_text is None:
                self._by_text = {}
                for found, pos in self.keys.items():
                    self._by_text.setdefault((found[:-1], str(found[-1])), pos)
            at = self._by_text.get((loc[:-1], str(loc[-1])))
            if at is not None:
                return at
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (0, 0))


def _text_position(text: str, index: int) -> _Pos:
    """The 0-based line and column of a character index in text (the start when not found)."""
    if index < 0:
        return (0, 0)
    before = text[:index]
    # YAML breaks lines at CR LF, CR and LF alike.
    lines = before.replace("\r\n", "\n").replace("\r", "\n")
    return lines.count("\n"), len(lines) - (lines.rfind("\n") + 1)


def _mark(event: Any) -> _Pos:
    mark = event.start_mark
    return (mark.line, mark.column) if mark is not None else (0, 0)


_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


_BUILDERS: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    _CORE + "null": _constructor.construct_yaml_null,
    _CORE + "bool": _constructor.construct_yaml_bool,
    _CORE + "int": _constructor.construct_yaml_int,
    _CORE + "float": _constructor.construct_yaml_float,
}
_IMPLICIT: dict[Any, Any] = _resolver.yaml_implicit_resolvers


_NUMBER_TAGS = (_CORE + "int", _CORE + "float")
_DIGITS = frozenset("0123456789")
# The characters of a long YAML 1.1 number after its sign ('.inf' and '.nan' are short): decimal
# and base-60 ints and floats, hexadecimal, binary.
_DECIMAL_CHARS = frozenset("0123456789_:.eE+-")
_HEX_CHARS = frozenset("0123456789abcdefABCDEF_")
_BINARY_CHARS = frozenset("01_")


def _could_be_number(value: str) -> bool:
    """Whether YAML 1.1 might read plain text as a number; a linear look at its characters,
    where matching YAML's patterns against a long text is not."""
    body = value.lstrip("+-")
    if body[:2] == "0x":
        return _HEX_CHARS.issuperset(body[2:])
    if body[:2] == "0b":
        return _BINARY_CHARS.issuperset(body[2:])
    return _DECIMAL_CHARS.issuperset(body) and not _DIGITS.isdisjoint(body)


class _Refused(Exception):
    """A scalar the loader will not read; the message says what to write instead."""


class _AsciiDigits(dict[int, str]):
    """A ``str.translate`` table from any script's decimal digits to 0-9."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if not char.isdecimal():
            raise LookupError(code)
        self[code] = digit = str(unicodedata.decimal(char))
        return digit


_ASCII_DIGITS = _AsciiDigits()
_FOREIGN_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of any script but 0-9


def _resolve(value: str) -> str:
    """The tag YAML 1.1 gives a plain ASCII scalar of at most MAX_NUMBER_CHARS characters."""
    return _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call,no-any-return]


def _too_long(value: str) -> _Refused:
    return _Refused(
        f"a number of {len(value):,} characters; a number has at most {MAX_NUMBER_CHARS} "
        "(put it in quotes if it is text)"
    )


def _foreign_digits(value: str) -> str | None:
    """What to write instead of plain text that is a number in digits other than 0-9 (full-width,
    Arabic-Indic...), or None when the text is no number in any script."""
    if len(value) > MAX_NUMBER_CHARS:
        return None
    if unicodedata.is_normalized("NFKC", value) and not _FOREIGN_DIGIT.search(value):
        return None  # most text in other scripts: nothing here to read as a digit
    ascii_text = unicodedata.normalize("NFKC", value).translate(_ASCII_DIGITS).strip()
    if ascii_text == value or not ascii_text.isascii() or _resolve(ascii_text) not in _NUMBER_TAGS:
        return None
    return ascii_text


def _check_number(value: str, tag: str, *, tagged: bool) -> None:
    """Refuse the number forms YAML 1.1 reads but a person would not mean: '_' separators, base
    60 ('1:30'), octal ('010'), hexadecimal and binary, and digits other than 0-9. ``tagged``:
    the file gave the tag ('!!int 3'), so quoting would not make it text."""
    or_text = "" if tagged else ", or put it in quotes if it is text"
    if len(value) > MAX_NUMBER_CHARS:
        raise _too_long(value)
    if not value.isascii():
        ascii_text = _foreign_digits(value)
        instead = f"write {ascii_text}" if ascii_text else "write it with the digits 0-9"
        raise _Refused(f"{_show(value)} uses characters other than the digits 0-9; {instead}")
    if _resolve(value) not in _NUMBER_TAGS:
        shown = "!!" + tag[len(_CORE) :]
        raise _Refused(f"{_show(value)} does not match its tag '{shown}'")
    if "_" in value:
        raise _Refused(
            f"{_show(value)}: write numbers without '_' ({value.replace('_', '')}){or_text}"
        )
    if ":" in value:
        read = _BUILDERS[tag](yaml.ScalarNode(tag, value))
        raise _Refused(
            f"{_show(value)} is a base-60 number to YAML ({_number(read)}); write "
            f"{_number(read)}{or_text}"
        )
    digits = value.lstrip("+-")
    if tag == _CORE + "int" and len(digits) > 1 and digits[0] == "0":
        read = _BUILDERS[tag](yaml.ScalarNode(tag, value))
        kind = {"x": "hexadecimal", "b": "binary"}.get(digits[1], "octal")
        raise _Refused(
            f"{_show(value)} is {kind} to YAML ({read}); write numbers in decimal, without a "
            "leading 0"
        )


def _scalar(event: Any) -> Any:
    """The plain value of a scalar event; raises _Refused for a number written in a form that is
    refused. The work is bounded whatever the scalar holds: nothing longer than
    MAX_NUMBER_CHARS is matched against YAML's patterns or converted."""
    tag = event.tag
    value: str = event.value
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return value  # quoted: text as it is
        if not value.isascii():
            # YAML's implicit types are all ASCII, so this is text; unless it is a number in
            # another script's digits, which YAML would silently take as text.
            ascii_text = _foreign_digits(value)
            if ascii_text is not None:
                raise _Refused(
                    f"{_show(value)} uses characters other than the digits 0-9; write "
                    f"{ascii_text}, or put it in quotes if it is text"
                )
            return value
        if value and value[0] not in _IMPLICIT:
            # Most of a routine: no implicit type (number, boolean, null) starts this way.
            return value
        if len(value) > MAX_NUMBER_CHARS:
            # Of the implicit types only numbers can be this long; anything else here is text.
            if _could_be_number(value):
                raise _too_long(value)
            return value
        tag = _resolve(value)
    build = _BUILDERS.get(tag)
    if build is None:
        # Timestamps, merge markers and anything else stay text; the model says what it wants.
        return value
    if tag in _NUMBER_TAGS:
        _check_number(value, tag, tagged=event.tag not in (None, "!"))
    try:
        return build(yaml.ScalarNode(tag, value, None, None, event.style))
    except Exception:  # each builder fails its own way: ValueError, KeyError, IndexError
        shown = "!!" + tag[len(_CORE) :]
        raise _Refused(f"{_show(value)} does not match its tag '{shown}'") from None


def parse_document(text: str, name: str) -> Document:
    """Plain values and positions from YAML text, or every structural problem found."""
    try:
        return _parse_document(text, name, _Parser)
    except _ParserLimit:
        return _parse_document(text, name, yaml.SafeLoader)


class _ParserLimit(Exception):
    """libyaml stopped at a limit of its own; ours is reported instead."""


def _parse_document(text: str, name: str, parser: Any) -> Document:
    doc = Document(None)
    errors: list[ContentError] = []
    # Each open mapping or list is a frame: [container, its location, pending key (or _NO_KEY),
    # that key's position, merges, keys seen, anchor, the container's own position].
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    sizes: list[int] = []  # values inside each open container, for anchors
    budget = 0
    documents = 0
    root_set = False
    fatal = False

    def err(pos: _Pos, message: str) -> None:
        errors.append(ContentError(name, pos[0] + 1, pos[1] + 1, message))

    def child_loc() -> _Loc:
        if not stack:
            return ()
        container, loc, key = stack[-1][0], stack[-1][1], stack[-1][2]
        if isinstance(container, list):
            return (*loc, len(container))
        return (*loc, key) if key is not _NO_KEY else (*loc, "<key>")

    def add(value: Any, pos: _Pos, size: int) -> None:
        nonlocal root_set
        if sizes:
            sizes[-1] += size
        if not stack:
            doc.data = value
            doc.values[()] = pos
            root_set = True
            return
        frame = stack[-1]
        container, loc = frame[0], frame[1]
        if isinstance(container, list):
            doc.values.setdefault((*loc, len(container)), pos)
            container.append(value)
            return
        if frame[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                err(pos, "a key must be a plain value, not a list or mapping")
                raise _Abort
            if value in container or value in frame[5]:
                first = doc.keys.get((*loc, value))
                where = f" (first at line {first[0] + 1})" if first else ""
                err(pos, f"duplicate key {_show(value)}{where}")
                frame[2] = _DUPLICATE
            else:
                frame[2] = value
                frame[3] = pos
            return
        key = frame[2]
        frame[2] = _NO_KEY
        if key is _DUPLICATE:
            return
        if key == "<<":
            merges = value if isinstance(value, list) else [value]
            if not all(isinstance(m, dict) for m in merges):
                err(pos, "a merge ('<<') needs a mapping or a list of mappings")
                return
            frame[4].append((merges, pos))
            return
        frame[5].add(key)
        container[key] = value
        doc.keys[(*loc, key)] = frame[3]
        doc.values.setdefault((*loc, key), pos)

    try:
        events: Any = yaml.parse(text, Loader=parser)
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    p = _mark(event)
                    err(p, "a routine file holds one YAML document; this starts a second")
                    raise _Abort
                continue
            if not isinstance(event, yaml.NodeEvent):
                if isinstance(event, yaml.CollectionEndEvent):
                    frame = stack.pop()
                    container = frame[0]
                    for merges, mpos in frame[4]:
                        for m in merges:
                            for k, v in m.items():
                                if k not in container:
                                    container[k] = v
                                    doc.values.setdefault((*frame[1], k), mpos)
                                    doc.keys.setdefault((*frame[1], k), mpos)
                    size = sizes.pop()
                    if frame[6] is not None:
                        anchors[frame[6]] = (container, size)
                    add(container, frame[7], size)
                continue
            pos = _mark(event)
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    err(pos, f"unknown alias '*{event.anchor}'")
                    raise _Abort
                value, size = anchors[event.anchor]
                budget += size
                if budget > MAX_NODES:
                    err(pos, f"aliases expand to more than {MAX_NODES:,} values")
                    raise _Abort
                add(value, pos, size)
                continue
            tag: str | None = getattr(event, "tag", None)
            bad_tag = tag is not None and tag not in _ALLOWED_TAGS
            if tag is not None and bad_tag:
                shown = _shown_tag(tag)
                err(pos, f"unsupported tag '{shown}': routines use plain YAML values only")
            budget += 1
            if budget > MAX_NODES:
                err(pos, f"more than {MAX_NODES:,} values")
                raise _Abort
            if isinstance(event, yaml.ScalarEvent):
                value = None
                if tag in _COLLECTION_TAGS:
                    err(pos, f"the tag '{_shown_tag(tag)}' does not fit a plain value; remove it")
                elif not bad_tag:
                    try:
                        value = _scalar(event)
                    except _Refused as exc:
                        err(pos, str(exc))
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                add(value, pos, 1)
                continue
            if len(stack) >= MAX_DEPTH:
                err(pos, f"nested more than {MAX_DEPTH} levels deep")
                raise _Abort
            loc = child_loc()
            is_map = isinstance(event, yaml.MappingStartEvent)
            if not bad_tag and tag not in (None, "!", _CORE + ("map" if is_map else "seq")):
                what = "a mapping" if is_map else "a list"
                err(pos, f"the tag '{_shown_tag(tag)}' does not fit {what}; remove it")
            container = {} if is_map else []
            sizes.append(1)
            stack.append([container, loc, _NO_KEY, None, [], set(), event.anchor, pos])
    except _Abort:
        fatal = True
    except yaml.MarkedYAMLError as exc:
        if parser is not yaml.SafeLoader and any(
            limit in str(exc.problem) for limit in _LIBYAML_LIMITS
        ):
            raise _ParserLimit from None
        fatal = True
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line, mark.column) if mark is not None else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        start = exc.context_mark
        if exc.problem and exc.context and start is not None and start is not mark:
            # e.g. an unclosed '[': say where it was opened, not only where parsing gave up.
            problem += f" ({exc.context} at line {start.line + 1}, column {start.column + 1})"
        err((line, col), f"YAML syntax error: {problem}")
    except yaml.reader.ReaderError as exc:
        fatal = True
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        at = _text_position(text, text.find(chr(code)))
        err(at, f"character U+{code:04X} is not allowed in YAML text")
    except UnicodeError:
        # Only text handed in directly can get here (files are decoded strictly).
        fatal = True
        err((0, 0), "text that cannot be encoded as UTF-8 (a lone surrogate)")
    except yaml.YAMLError as exc:
        fatal = True
        err((0, 0), f"YAML error: {exc}")
    except RecursionError:
        fatal = True
        err((0, 0), "nested too deeply")
    if fatal:
        raise ContentErrors(errors)
    if not root_set:
        raise ContentErrors([ContentError(name, 1, 1, "file is empty")])
    doc.problems = errors
    return doc


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NO_KEY: Any = _Marker("<no key>")
_DUPLICATE: Any = _Marker("<duplicate>")


_ITEM_NAMES = {"cues": "cue", "tips": "tip", "rep": "phase", "exercises": "exercise"}


def _field_name(loc: _Loc) -> str:
    if len(loc) >= 2 and isinstance(loc[-1], int) and isinstance(loc[-2], str):
        return f"{_ITEM_NAMES.get(loc[-2], loc[-2] + ' item')} {loc[-1] + 1}"
    for part in reversed(loc):
        if isinstance(part, str) and part != "[key]":
            return part
    return "value"


def _show(value: Any) -> str:
    """A value as a message shows it: short, and spelt as in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        text = _number(value)
        return text if len(text) <= 40 else text[:37] + "..."
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return repr(value)


def _number(value: Any) -> str:
    """A limit or value without a needless '.0': 0, 1.5, 3600."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    try:
        return str(value)
    except ValueError:  # an int too long to print
        return "a number with too many digits"


def _fields_at(model: type[BaseModel], loc: _Loc) -> list[str]:
    """Valid keys of the model found at ``loc`` (a path into the data)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _message(model: type[BaseModel], error: Any) -> tuple[_Loc, bool, str]:
    """(location, whether it points at the key, message) for one pydantic error."""
    loc: _Loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    name = _field_name(loc)
    if kind == "extra_forbidden":
        valid = _fields_at(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.6)
        hint = f", did you mean '{guess[0]}'?" if guess else f" (valid keys: {', '.join(valid)})"
        return loc, True, f"unknown key {_show(loc[-1])}{hint}"
    if kind == "invalid_key":
        return loc, True, f"a key must be text, got {_show(value)}"
    if kind == "missing":
        return loc[:-1], False, f"missing required key '{loc[-1]}'"
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        expected = ctx.get("expected", "")
        return loc, True, f"unknown name '{loc[-1]}' in '{loc[-2]}'; expected one of {expected}"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return loc, False, f"'{name}' must be a whole number, got {_show(value)}"
    if kind in ("float_type", "float_parsing"):
        return loc, False, f"'{name}' must be a number, got {_show(value)}"
    if kind == "string_type":
        return loc, False, f"'{name}' must be text, got {_show(value)}"
    if kind == "bool_type":
        return loc, False, f"'{name}' must be true or false, got {_show(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        what = "a routine" if not loc else f"'{name}'"
        return loc, False, f"{what} must be a mapping of keys, got {_show(value)}"
    if kind == "list_type":
        return loc, False, f"'{name}' must be a list, got {_show(value)}"
    if kind == "greater_than_equal":
        return loc, False, f"'{name}' must be at least {_number(ctx['ge'])}, got {_show(value)}"
    if kind == "greater_than":
        return loc, False, f"'{name}' must be greater than {_number(ctx['gt'])}, got {_show(value)}"
    if kind == "less_than_equal":
        return loc, False, f"'{name}' must be at most {_number(ctx['le'])}, got {_show(value)}"
    if kind == "string_too_short":
        return loc, False, f"'{name}' must not be empty"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return loc, False, f"'{name}' needs at least {n} item{'s' if n != 1 else ''}"
    if kind == "string_pattern_mismatch":
        return (
            loc,
            False,
            f"'{name}' must be lower-case words joined by hyphens, got {_show(value)}",
        )
    if kind == "finite_number":
        return loc, False, f"'{name}' must be a finite number, got {_show(value)}"
    if kind == "value_error":
        return loc, False, str(ctx.get("error", error["msg"]))
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        guess = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
        hint = f", did you mean '{guess[0]}'?" if guess else ""
        return loc, False, f"'{name}' must be one of {expected}, got {_show(value)}{hint}"
    return loc, False, f"'{name}': {error['msg']}"


def _where(error: Any) -> tuple[_Loc, bool]:
    """(location, whether it is the key's) that a pydantic error is reported at; as ``_message``
    places it, without the cost of wording it."""
    loc: _Loc = tuple(error["loc"])
    kind = error["type"]
    if kind in ("extra_forbidden", "invalid_key"):
        return loc, True
    if kind == "missing":
        return loc[:-1], False
    if loc and loc[-1] == "[key]":
        return loc[:-1], True
    return loc, False


def validate(model: type[M], doc: Document, name: str) -> M:
    """The document as ``model``, or every problem (reading and validation) with its position."""
    try:
        result = model.model_validate(doc.data)
    except ValidationError as exc:
        errors = list(doc.problems)
        # A value already reported (a refused tag) is not reported again as the wrong type.
        taken = {(e.line - 1, e.column - 1) for e in doc.problems}
        placed: list[tuple[int, int, int, Any]] = []
        for i, error in enumerate(exc.errors(include_url=False)):
            loc, at_key = _where(error)
            line, col = doc.position(loc, key=at_key)
            if (line, col) not in taken:
                placed.append((line, col, i, error))
        # Only the errors that will be listed are worded (a suggestion for a misspelt key is
        # the costly part); the rest are counted.
        placed.sort(key=lambda p: p[:3])
        seen: set[tuple[int, int, str]] = set()
        for n, (line, col, _, error) in enumerate(placed):
            if len(seen) == MAX_ERRORS:
                rest = len(placed) - n
                errors.append(ContentError(name, line + 1, col + 1, "", more=rest))
                break
            message = _message(model, error)[2]
            if (line, col, message) not in seen:
                seen.add((line, col, message))
                errors.append(ContentError(name, line + 1, col + 1, message))
        raise ContentErrors(errors) from None
    if doc.problems:
        raise ContentErrors(doc.problems)
    return result


@dataclass(frozen=True)
class Checked:
    """A routine read from its file and checked, with where each of its ``sounds`` entries
    sits in the file (0-based line and column), for reporting a sound file that goes missing."""

    routine: Routine
    sound_positions: dict[SoundEvent, tuple[int, int]]


def check_routine_text(text: str, name: str = "<routine>", base: Path | None = None) -> Checked:
    """The routine in YAML text, checked (its sound files too, relative to ``base``), or
    ContentErrors naming every problem."""
    # Reading makes many small objects and no garbage cycles: the collector only slows it down
    # (a quarter of the time for a large routine).
    with collector_paused():
        doc = parse_document(text, name)
        routine = schema.to_model(validate(schema.Routine, doc, name))
    errors = []
    for loc, message in semantic_problems(routine):
        line, col = doc.position(loc)
        errors.append(ContentError(name, line + 1, col + 1, message))
    positions = {event: doc.position(("sounds", event.value)) for event in routine.sounds}
    errors.extend(sound_problems(routine, positions, name, base))
    if errors:
        raise ContentErrors(errors)
    return Checked(routine, positions)


def load_routine_text(text: str, name: str = "<routine>", base: Path | None = None) -> Routine:
    """A Routine from YAML text, or ContentErrors naming every problem."""
    return check_routine_text(text, name, base).routine


def load_routine(path: Path | str) -> Routine:
    """A Routine from a file, or ContentErrors naming every problem in it."""
    path = Path(path)
    text = read_text(path)
    return load_routine_text(text, str(path), base=path.parent)
