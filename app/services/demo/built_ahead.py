"""Batches made by a thread of their own while the caller writes the previous ones.

The demo's rows are pure Python (holding the GIL) and SQLite's inserts run in C with the GIL released:
on two cores building the next batch costs the load almost nothing.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar, cast

T = TypeVar("T")

_END = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def built_ahead(batches: Iterable[T], depth: int = 2) -> Iterator[T]:
    """The items of ``batches`` in order, each made by a worker thread up to ``depth`` items ahead.

    An error in the worker is raised here; a caller that stops early (an error of its own) stops it.
    """
    made: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                made.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for batch in batches:
                if not put(batch):
                    return
        except BaseException as error:  # handed to the caller, raised there
            put(_Failed(error))
            return
        put(_END)

    worker = threading.Thread(target=work, name="demo-rows", daemon=True)
    worker.start()
    try:
        while (item := made.get()) is not _END:
            if isinstance(item, _Failed):
                raise item.error
            yield cast(T, item)
    finally:
        stop.set()
        worker.join()
