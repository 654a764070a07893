"""Child processes end when the process that started them is gone.

A situation report is laid out by worker processes, for minutes on a large period.
If their parent dies without stopping them (SIGKILL, SIGTERM, a crash, the task
manager), nothing tells them: they used to keep both cores busy until their jobs ran
out and then wait forever. So every such child calls exit_with_parent(), which
watches the parent from a thread and ends the child at once when it is gone.

How, without fork or prctl (Windows has neither): multiprocessing hands every child
a sentinel of its parent, a pipe end that reads EOF (POSIX) or a process handle that
becomes signalled (Windows) when the parent exits. On POSIX the parent's PID is
polled as well: a child started by fork also copies the pipe ends of the siblings
started before it, which would keep their sentinels from firing until it ends too.
"""

from __future__ import annotations

import multiprocessing
import os
import threading

POLL_SECONDS = 0.5
EXIT_ORPHANED = 70  # an exit code of its own, for anyone reading a process table


def exit_with_parent(poll: float = POLL_SECONDS) -> None:
    """In a multiprocessing child: exit as soon as the parent process is gone."""
    parent = multiprocessing.parent_process()
    if parent is None:  # the main process has no parent to watch
        return
    parent_pid = os.getppid()

    def watch() -> None:
        while True:
            parent.join(poll)  # returns at once when the sentinel fires
            orphaned = os.name == "posix" and os.getppid() != parent_pid  # adopted by init or a subreaper
            if orphaned or not parent.is_alive():
                # Nothing of this child's work can reach anyone now: no cleanup is owed,
                # and a clean exit would wait for the job in the main thread.
                os._exit(EXIT_ORPHANED)

    threading.Thread(target=watch, name="sitrep-lifeline", daemon=True).start()
