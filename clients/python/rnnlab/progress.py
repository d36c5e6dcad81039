"""A progress bar: tqdm.auto (a widget in Jupyter, text in a terminal) when installed, plain text otherwise."""
from __future__ import annotations

import sys
import time

try:  # pragma: no cover - optional
    from tqdm.auto import tqdm as _tqdm
except Exception:  # pragma: no cover
    _tqdm = None


class Progress:
    def __init__(self, total: int, desc: str = "", enabled: bool = True, file=None):
        self.total = total
        self.n = 0
        self.enabled = enabled
        self._file = file or sys.stderr
        self._bar = _tqdm(total=total, desc=desc, unit="task") if (enabled and _tqdm is not None) else None
        self._desc = desc
        self._last = 0.0
        self._postfix = ""

    def update_to(self, n: int, failed: int = 0, eta: float | None = None) -> None:
        if not self.enabled:
            return
        n = min(n, self.total)
        if self._bar is not None:
            if failed:
                self._bar.set_postfix(failed=failed, refresh=False)
            self._bar.update(n - self.n)
            self.n = n
            return
        if n == self.n and self._last and n == self.total:
            return
        self.n = n
        now = time.monotonic()
        if now - self._last < 0.5 and n < self.total:
            return
        self._last = now
        width = 30
        filled = int(width * n / max(self.total, 1))
        eta_s = f" ETA {eta:.0f}s" if eta else ""
        fail_s = f" ({failed} failed)" if failed else ""
        self._file.write(f"\r{self._desc} [{'#' * filled}{'.' * (width - filled)}] {n}/{self.total}{fail_s}{eta_s}   ")
        self._file.flush()

    def close(self) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.close()
        else:
            self._file.write("\n")
            self._file.flush()
