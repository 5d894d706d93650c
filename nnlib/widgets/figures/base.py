"""The figure of a demo: a matplotlib figure drawn again for every result, returned as PNG bytes.

Sizes are in inches, as everywhere in matplotlib, and one inch of a figure is
shown as one CSS inch, :data:`CSS_PX_PER_INCH` = 96 CSS pixels. A live picture
is rendered with :data:`PIXEL_RATIO` = 2 image pixels per CSS pixel (the
device-pixel ratio of a high-density screen) and displayed at its CSS width,
so the browser never enlarges it: text and lines stay sharp.
"""

from __future__ import annotations

import numpy as np

from ...viz import style

__all__ = ["CSS_PX_PER_INCH", "PIXEL_RATIO", "DemoFigure", "png_size", "log_limits", "set_log_ylim"]

#: CSS pixels per inch (fixed by the CSS standard).
CSS_PX_PER_INCH = 96
#: Image pixels per CSS pixel of a live picture.
PIXEL_RATIO = 2


class DemoFigure:
    """Base class: subclasses set ``ncols`` and ``size`` and implement :meth:`draw`.

    Attributes
    ----------
    ncols : int
        Number of axes, side by side.
    size : tuple (width, height)
        In inches.
    """

    ncols = 2
    size = (6.4, 3.0)

    def __init__(self):
        self.fig, self.axes = style.new_figure(self.ncols, width=self.size[0], height=self.size[1])

    @property
    def css_width(self) -> int:
        """Width at which the picture is displayed, in CSS pixels."""
        return int(self.size[0] * CSS_PX_PER_INCH)  # rounded down: the image has >= PIXEL_RATIO px per CSS px

    def draw(self, axes, result) -> None:
        """Draw ``result`` on ``axes`` (one Axes, or an array of ``ncols`` Axes), which are empty."""
        raise NotImplementedError

    def png(self, result, *, dpi: float | None = None) -> bytes:
        """Draw ``result`` and return PNG bytes, at ``dpi`` or (``None``) sharp for a live view."""
        for ax in np.atleast_1d(self.axes):
            ax.clear()
        self.draw(self.axes, result)
        return style.figure_to_png(self.fig, dpi=dpi or CSS_PX_PER_INCH * PIXEL_RATIO)


def png_size(png: bytes) -> tuple[int, int]:
    """``(width, height)`` in pixels of PNG bytes (read from the IHDR header)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("png_size: not a PNG")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def log_limits(values, *, min_decades: int = 2) -> tuple[float, float]:
    """Limits of a log axis showing every value: powers of ten just below the minimum and above the maximum.

    Non-finite and non-positive values (which a log axis cannot show) are
    ignored; the range spans at least ``min_decades`` powers of ten.

    Examples
    --------
    >>> log_limits([3e-5, 2.0, 40.0])
    (1e-05, 100.0)
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return 1e-3, 1e3
    lo, hi = int(np.floor(np.log10(v.min()))), int(np.ceil(np.log10(v.max())))
    pad = min_decades - (hi - lo)
    if pad > 0:
        lo, hi = lo - (pad + 1) // 2, hi + pad // 2
    return 10.0**lo, 10.0**hi


def set_log_ylim(ax, *series, min_decades: int = 2) -> None:
    """Set ``ax``'s log y-limits from the data of ``series`` (see :func:`log_limits`)."""
    ax.set_ylim(*log_limits(np.concatenate([np.ravel(s) for s in series]), min_decades=min_decades))
