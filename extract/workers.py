"""Worker processes that read one file at a time under limits enforced from
outside the code they limit.

A file is read in a worker process whose address space is capped
(`resource.setrlimit(RLIMIT_AS)`, default 2 GB): an allocation past the cap
fails inside the worker (MemoryError, or the worker dies), never in the
batch. The parent watches the time of every file and kills the worker at the
limit (SIGKILL: library code that catches exceptions and loops on cannot
stop that), then starts a fresh worker for the next file. Workers die with
their parent: the parent-death signal (Linux `prctl`), a check of the parent
pid between files, and `close()` on every way out of the batch.

`WorkerPool.map(tasks)` yields `(key, result)` as files finish, in the order
they finish; a result is what the job function returned, or
`("error", stage, reason)` when the worker hit a limit or died.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import time
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

DEFAULT_MAX_MEMORY = 2 * 1024**3
_PR_SET_PDEATHSIG = 1


def format_bytes(n: int) -> str:
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            v = n / size
            return f"{v:g} {unit}" if v == int(v) else f"{v:.1f} {unit}"
    return f"{n} bytes"


def parse_size(text: str) -> int:
    """"2G", "1500M", "2 GB", "1073741824" -> bytes."""
    s = str(text).strip().upper().replace(" ", "").removesuffix("B")
    mult = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
    if s and s[-1] in mult:
        return int(float(s[:-1]) * mult[s[-1]])
    return int(float(s))


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pid check below remains
        pass


def cap_memory(max_memory: int | None) -> None:
    """Cap this process's address space (its children inherit the cap)."""
    if not max_memory:
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_main(conn, job: Callable, max_memory: int | None, parent: int) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    cap_memory(max_memory)
    while True:
        if os.getppid() != parent:
            return
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        key, args = msg
        try:
            res = job(*args)
        except MemoryError:
            res = ("error", "extract", f"needed more than {format_bytes(max_memory)} of memory" if max_memory else "out of memory")
        except BaseException as e:  # noqa: BLE001 - a worker reports, never dies of a bug
            res = ("error", "extract", f"internal error: {type(e).__name__}")
        try:
            conn.send((key, res))
        except MemoryError:
            conn.send((key, ("error", "extract", f"needed more than {format_bytes(max_memory)} of memory")))


class _Worker:
    def __init__(self, ctx, job, max_memory):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, job, max_memory, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.key: Any = None
        self.started = 0.0

    def kill(self) -> None:
        try:
            self.proc.kill()
        except (OSError, AttributeError):
            pass
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """`n` worker processes running `job(*args)` one task at a time."""

    def __init__(self, job: Callable, n: int = 1, *, max_memory: int | None = DEFAULT_MAX_MEMORY,
                 time_limit: float | None = None):
        self.job, self.n = job, max(1, n)
        self.max_memory, self.time_limit = max_memory, time_limit
        # fork: workers start with the parent's modules loaded (fast); the
        # parent holds no threads while a batch runs
        self.ctx = mp.get_context("fork")
        self.workers: list[_Worker] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        for w in self.workers:
            if w.key is None:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self.workers:
            w.proc.join(0.5 if w.key is None else 0)
            if w.proc.is_alive():
                w.kill()
            else:
                w.conn.close()
        self.workers = []

    def _spawn(self) -> _Worker:
        w = _Worker(self.ctx, self.job, self.max_memory)
        self.workers.append(w)
        return w

    def _retire(self, w: _Worker) -> None:
        w.kill()
        self.workers.remove(w)

    def map(self, tasks: Iterable[tuple[Any, tuple]]) -> Iterator[tuple[Any, Any]]:
        queue = list(tasks)
        queue.reverse()
        while queue or any(w.key is not None for w in self.workers):
            # give every idle worker a task (start workers as needed)
            while queue:
                idle = next((w for w in self.workers if w.key is None), None)
                if idle is None:
                    if len(self.workers) >= self.n:
                        break
                    idle = self._spawn()
                key, args = queue.pop()
                try:
                    idle.conn.send((key, args))
                except OSError:  # died while idle: replace it and retry the task
                    self._retire(idle)
                    queue.append((key, args))
                    continue
                idle.key, idle.started = key, time.monotonic()
            busy = [w for w in self.workers if w.key is not None]
            timeout = None
            if self.time_limit:
                now = time.monotonic()
                timeout = max(0.0, min(w.started + self.time_limit - now for w in busy))
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout)
            now = time.monotonic()
            for w in list(busy):
                if w.conn in ready:
                    try:
                        key, res = w.conn.recv()
                    except (EOFError, OSError):
                        key, res = w.key, self._death(w)
                        self._retire(w)
                    else:
                        w.key = None
                    yield key, res
                elif w.proc.sentinel in ready and not w.proc.is_alive():
                    key = w.key
                    res = self._death(w)
                    self._retire(w)
                    yield key, res
                elif self.time_limit and now - w.started >= self.time_limit:
                    key = w.key
                    self._retire(w)
                    yield key, ("error", "extract", f"still reading after {self.time_limit:g} s (time limit)")

    def _death(self, w: _Worker) -> tuple:
        w.proc.join(1)
        code = w.proc.exitcode
        if code is not None and code < 0:
            sig = -code
            if sig == signal.SIGKILL and self.max_memory:
                return ("error", "extract", f"the worker was killed (signal {sig}); it may have needed more than {format_bytes(self.max_memory)} of memory")
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
            return ("error", "extract", f"the worker crashed ({name})")
        if self.max_memory:
            return ("error", "extract", f"the worker ended (exit code {code}); it may have needed more than {format_bytes(self.max_memory)} of memory")
        return ("error", "extract", f"the worker ended (exit code {code})")
