"""Values computed once in a run and served once later in it (``OnceMemo``).

A folder run computes some things about every file twice: the history pass parses each file and
fingerprints its blocks before the file is cleaned, and the cleaning parses and fingerprints the
same text again. While a memo is on, the first computation is kept (keyed by a digest of its
input) and the second takes it instead of computing it anew; a value is forgotten once it is taken,
and at most ``size`` are kept (the first ones: files are cleaned in the order the history pass read
them), so memory stays bounded over any number of files.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from hashlib import blake2b
from typing import Generic, TypeVar

V = TypeVar("V")


class OnceMemo(Generic[V]):
    """Values by the digest of a text, kept while ``on`` and served once each."""

    def __init__(self) -> None:
        self._store: dict[bytes, V] | None = None
        self._limit = 0
        self._lock = threading.Lock()  # cleaning may run in threads (dask)

    @contextlib.contextmanager
    def on(self, size: int) -> Iterator[None]:
        """Within the block, keep up to ``size`` values (nested blocks start empty and restore the outer one)."""
        saved = self._store, self._limit
        self._store, self._limit = {}, size
        try:
            yield
        finally:
            self._store, self._limit = saved

    @property
    def active(self) -> bool:
        return self._store is not None

    def __len__(self) -> int:
        return 0 if self._store is None else len(self._store)

    def get(self, text: str, make: Callable[[], V]) -> V:
        """The value kept for ``text`` (then forgotten), else ``make()`` (kept while there is room)."""
        store = self._store
        if store is None:
            return make()
        key = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._lock:
            known = store.pop(key, None)
        if known is not None:
            return known
        value = make()
        with self._lock:
            if len(store) < self._limit:
                store[key] = value
        return value
