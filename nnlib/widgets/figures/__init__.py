"""The figure layer of the demos: each draws one kind of compute result with matplotlib.

One module per demo, each with a :class:`~nnlib.widgets.figures.base.DemoFigure`
subclass (its size and number of axes, and ``draw(axes, result)``). They use
the book's style (:mod:`nnlib.viz.style`) and never ipywidgets. Live pictures
are rendered at :data:`~nnlib.widgets.figures.base.PIXEL_RATIO` image pixels
per CSS pixel of their displayed width, so they stay sharp.
"""

from .base import CSS_PX_PER_INCH, PIXEL_RATIO, DemoFigure, png_size

__all__ = ["CSS_PX_PER_INCH", "PIXEL_RATIO", "DemoFigure", "png_size"]
