"""Values computed once in a run and served once later in it (``OnceMemo``).

A folder run computes some things about every file twice: the history pass parses each file and
fingerprints its blocks before the file is cleaned, and the cleaning parses and fingerprints the
same text again. While a memo is on, the first computation is kept (keyed by a digest of its
input) and the second takes it instead of computing it anew; a value is forgotten once it is taken,
and at most ``size`` are kept (the first ones: files are cleaned in the order the history pass read
them), so memory stays bounded over any number of files. While keeping, a text met again is counted
(the same newsletter twice in a folder) and served as many times; ``serve_all`` ends the keeping.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from hashlib import blake2b
from typing import Generic, TypeVar
from weakref import WeakSet

V = TypeVar("V")
_MEMOS: WeakSet[OnceMemo[object]] = WeakSet()


def serve_all() -> None:
    """Every memo that is on stops keeping and serves what it kept."""
    for memo in list(_MEMOS):
        memo.serve()


class OnceMemo(Generic[V]):
    """Values by the digest of a text, kept while ``on`` and served once each."""

    def __init__(self) -> None:
        self._store: dict[bytes, V] | None = None
        self._times: dict[bytes, int] = {}  # how many times each value was kept, so many it is served
        self._limit = 0
        self._serving = False
        self._lock = threading.Lock()  # cleaning may run in threads (dask)
        _MEMOS.add(self)  # type: ignore[arg-type]

    @contextlib.contextmanager
    def on(self, size: int) -> Iterator[None]:
        """Within the block, keep up to ``size`` values (nested blocks start empty and restore the outer one)."""
        saved = self._store, self._times, self._limit, self._serving
        self._store, self._times, self._limit, self._serving = {}, {}, size, False
        try:
            yield
        finally:
            self._store, self._times, self._limit, self._serving = saved

    def serve(self) -> None:
        """Stop keeping: from now on a kept value is served (as many times as it was kept), then forgotten.
        Nothing to do while the memo is off."""
        if self._store is not None:
            self._serving = True

    @property
    def active(self) -> bool:
        return self._store is not None

    def __len__(self) -> int:
        return 0 if self._store is None else len(self._store)

    def get(self, text: str, make: Callable[[], V]) -> V:
        """While keeping: the value kept for ``text`` (counted once more), else ``make()``, kept while there is
        room. While serving: the kept value (once per time it was kept), else ``make()``."""
        store = self._store
        if store is None:
            return make()
        key = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._lock:
            if key in store:
                value = store[key]
                times = self._times[key] + (-1 if self._serving else 1)
                if times:
                    self._times[key] = times
                else:
                    del store[key], self._times[key]
                return value
        value = make()
        if not self._serving:
            with self._lock:
                if len(store) < self._limit:
                    store[key], self._times[key] = value, 1
        return value
