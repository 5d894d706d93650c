"""The view layer of the demos: one :class:`~nnlib.widgets.demo.Demo` subclass per demo.

A view names its demo, lists its :class:`~nnlib.widgets.controls.Control` s
(with their defaults) once, calls the compute function of
:mod:`nnlib.widgets.compute` and picks the figure of :mod:`nnlib.widgets.figures`.
Each module also defines the public demo function (``nl.widgets.<name>``),
which returns the live view or the static twin.

The modules are not imported here: ``nl.widgets`` loads each one on first use.
"""
