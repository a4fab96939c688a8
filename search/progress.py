"""A progress bar for long indexing runs on a terminal (plain lines when the output is not one)."""

import time


class ProgressBar:
    WIDTH = 30

    def __init__(self, stream, label):
        self.stream, self.label = stream, label
        self.started = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_line = 0.0

    def __call__(self, done, total):
        elapsed = max(time.monotonic() - self.started, 1e-6)
        share = done / total if total else 1.0
        filled = int(self.WIDTH * share)
        line = (
            f"{self.label}: [{'#' * filled}{'.' * (self.WIDTH - filled)}] {share:4.0%} "
            f"{done}/{total} entries, {done / elapsed:,.0f}/s"
        )
        finished = done >= total
        if self.tty:
            self.stream.write("\r" + line, ending="\n" if finished else "")
            self.stream.flush()
        elif finished or time.monotonic() - self.last_line > 5:
            self.stream.write(line)
            self.last_line = time.monotonic()
