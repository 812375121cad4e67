"""Page timings that measure the code, not where CPython 3.11's stack chunks end.

CPython 3.11 keeps Python frames in 16 KB chunks and frees a chunk as soon as the frame at its
start returns. A loop whose calls go back and forth across a chunk's end therefore maps and
unmaps memory on every call (python/cpython#142183, fixed in 3.13 and 3.14, not in 3.11).
Django's template rendering is deep, and where the chunk ends depends on how deep the caller
already is: adding three middlewares moved the plan agreement page onto such an edge inside
the test client, where `strace -c` counted about 1,000 mmap/munmap pairs a request and the
page took 25 ms instead of 17 (the 22 November code, one chunk shallower, did not hit one).
Under gunicorn the depth is different again (about 145 pairs a request on the same page).

`run(fn)` calls `fn` below one frame large enough to get a chunk of its own with a quarter of
a megabyte to spare, so the whole request runs inside one chunk and the bench's figures
compare the work the code does, the same way for every version measured.
"""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# 33,000 locals take 264 KB of a 512 KB chunk, leaving about 31,000 slots (1,000 or more
# frames) for the request below.
_LOCALS = 33_000
_SOURCE = (
    "def deep(fn):\n"
    "    if fn is None:  # never: the names only make the frame large\n"
    f"        {' = '.join(f'v{i}' for i in range(_LOCALS))} = None\n"
    "    return fn()\n"
)
_namespace: dict = {}
exec(compile(_SOURCE, "<deep_stack>", "exec"), _namespace)  # noqa: S102 - fixed source above
_deep = _namespace["deep"]


def run(fn: Callable[[], T]) -> T:
    return _deep(fn)
