"""Figure (chapter 15): the playground's decision boundary (left) and loss curves (right).

Redrawing a whole matplotlib figure costs ~100 ms, mostly for text (tick
labels). So the figure is drawn once with the changing artists marked
*animated*; each frame restores that background and redraws only the
boundary image, the points, the two loss lines and the title (*blitting*),
then encodes the pixels as PNG. The background is drawn again only when the
data change (a reset) or the step axis must grow (it doubles).
"""

from __future__ import annotations

import io

import numpy as np

from ...viz import style
from ...viz.boundary import BoundaryPlot
from .base import CSS_PX_PER_INCH, PIXEL_RATIO, DemoFigure

__all__ = ["PlaygroundFigure"]

_LOSS_CAP = 1.19  # losses above this are drawn at the top of the axis (ylim 1.2)


class PlaygroundFigure(DemoFigure):
    """Draws a :class:`~nnlib.widgets.compute.playground.PlaygroundState`, fast enough to animate."""

    ncols = 2
    size = (6.4, 3.0)

    def __init__(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        super().__init__()
        self.canvas = FigureCanvasAgg(self.fig)
        self._attached = None  # (X_train, X_test, dpi) the background was drawn for

    def _attach(self, r, dpi: float) -> None:
        """Draw the static parts for the data of ``r`` at ``dpi`` and mark the changing artists."""
        ax, lx = self.axes
        ax.clear()
        lx.clear()
        self.fig.set_dpi(dpi)
        X, y = np.vstack([r.X_train, r.X_test]), np.vstack([r.y_train, r.y_test])
        self.boundary = BoundaryPlot(ax, X, y, r.extent)
        self.test_points = ax.scatter(
            r.X_test[:, 0],
            r.X_test[:, 1],
            s=26,
            facecolors="none",
            edgecolors=style.INK,
            linewidths=0.6,
            label="test (ringed)",
            zorder=4,
        )
        ax.legend(loc="upper right", fontsize=6, framealpha=0.7)  # class colours, and the ringed test points
        (self.train_line,) = lx.plot([], [], label="train loss")
        (self.test_line,) = lx.plot([], [], linestyle="--", label="test loss")
        lx.set_ylim(0, 1.2)
        style.label_axes(lx, "step", "loss (BCE)")
        lx.legend(loc="upper right")
        ax.set_title(" ")
        self.animated = [
            self.boundary.image,
            *self.boundary.points,
            self.test_points,
            self.train_line,
            self.test_line,
            ax.title,
        ]
        for artist in self.animated:
            artist.set_animated(True)
        self._attached = (r.X_train, r.X_test, dpi)
        self._draw_background(100)

    def _draw_background(self, xmax: int) -> None:
        self.xmax = xmax
        self.axes[1].set_xlim(0, xmax)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def png(self, r, *, dpi: float | None = None) -> bytes:
        """PNG of state ``r``: fast compression for a live frame (``dpi=None``), small for a static one."""
        from PIL import Image

        live = dpi is None
        dpi = CSS_PX_PER_INCH * PIXEL_RATIO if live else dpi
        a = self._attached
        if a is None or a[0] is not r.X_train or a[1] is not r.X_test or a[2] != dpi:
            self._attach(r, dpi)
        steps = r.history["step"]
        if steps[-1] > self.xmax:
            self._draw_background(int(self.xmax * 2 ** np.ceil(np.log2(steps[-1] / self.xmax))))
        self.boundary.update(r.prob)
        self.train_line.set_data(steps, np.minimum(r.history["train_loss"], _LOSS_CAP))
        self.test_line.set_data(steps, np.minimum(r.history["test_loss"], _LOSS_CAP))
        self.axes[0].set_title(f"step {r.steps}: test accuracy {r.test_accuracy:.2f}")
        self.canvas.restore_region(self.background)
        for artist in self.animated:
            artist.axes.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1 if live else 9)
        return buffer.getvalue()
