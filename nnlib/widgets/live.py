"""The live view of a demo in Jupyter: ipywidgets controls, a sharp picture, a caption.

Moving a control recomputes (through the demo's cache) and redraws in the
kernel. The picture is a PNG rendered at twice the size it is shown at
(:data:`~nnlib.widgets.figures.base.PIXEL_RATIO`), and the ``<img>`` is given
that CSS size, so the browser only ever scales it *down*: sharp on ordinary
and on high-density (retina) screens.
"""

from __future__ import annotations

__all__ = ["LiveDemo", "image_widget"]


def image_widget(css_width: int):
    """Return an ``ipywidgets.Image`` shown ``css_width`` CSS pixels wide (less in a narrower output area)."""
    import ipywidgets as W

    layout = W.Layout(width=f"{css_width}px", max_width="100%", height="auto")
    return W.Image(format="png", layout=layout)


#: Visually hidden, read by screen readers (the usual "sr-only" CSS).
_SR_ONLY = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"


def alt_text_widget(alt: str):
    """Return the picture's text alternative, as a visually hidden element placed just before it.

    ipywidgets' ``Image`` has no ``alt`` attribute (and setting its ``tooltip``
    breaks the picture in JupyterLab 4's widget manager), so screen readers get
    the description from this element instead.
    """
    import html

    import ipywidgets as W

    return W.HTML(f'<span class="nnlib-alt" role="note" style="{_SR_ONLY}">{html.escape(alt)}</span>')


class LiveDemo:
    """Live ipywidgets view of a :class:`~nnlib.widgets.demo.Demo`.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What Jupyter shows: title, controls, buttons, picture, caption.
    controls : dict of str to widget
        One widget per control, by parameter name; a test (or a reader) can
        set ``view.controls['lr'].value = 0.5`` and the picture is recomputed.
    buttons : dict of str to ipywidgets.Button
        One button per :class:`~nnlib.widgets.controls.Action`; a click calls
        the view's method of the same name.
    image : ipywidgets.Image
    result : object
        The last compute result shown.
    """

    def __init__(self, demo):
        import ipywidgets as W

        self.demo = demo
        self._quiet = False
        self.controls = {c.name: c.make_widget() for c in demo.controls}
        self.buttons = {a.name: a.make_widget() for a in demo.ACTIONS}
        self.image = image_widget(demo.figure.css_width)
        self.alt_text = alt_text_widget(demo.alt or demo.title)
        self.caption = W.HTML()
        self.title = W.HTML(f"<b>{demo.title}</b>")
        players = [self.controls[c.name] for c in demo.controls if c.kind == "play"]
        sliders = [self.controls[c.name] for c in demo.controls if c.kind != "play"]
        rows = [self.title, W.HBox(sliders, layout=W.Layout(flex_flow="row wrap"))]
        if players or self.buttons:
            rows.append(W.HBox(players + list(self.buttons.values())))
        self.widget = W.VBox(rows + [self.alt_text, self.image, self.caption])
        for spec in demo.controls:
            if spec.high_from is not None:  # e.g. the layer slider's max follows the depth
                self._link_max(spec.name, spec.high_from)
        for name, control in self.controls.items():
            control.observe(lambda change, name=name: self._observe(name, change), names="value")
        for name, button in self.buttons.items():
            button.on_click(lambda _button, name=name: getattr(self, name)())
        self.refresh()

    def _link_max(self, name: str, other: str) -> None:
        """Keep slider ``name``'s maximum equal to control ``other``'s value."""
        slider, bound = self.controls[name], self.controls[other]
        slider.max = bound.value  # ipywidgets clamps the value into the new range

        def follow(change):
            self._quiet = True  # the clamp is not an interaction: ``other``'s own refresh follows
            try:
                slider.max = change["new"]
            finally:
                self._quiet = False

        bound.observe(follow, names="value")

    def params(self) -> dict:
        """Return the value of every control: exactly what the compute step receives."""
        return {name: w.value for name, w in self.controls.items()}

    def refresh(self) -> None:
        """Recompute for the current control values and redraw."""
        self.show(self.demo.compute_cached(**self.params()))

    def show(self, result) -> None:
        """Draw ``result`` and write its caption."""
        self.result = result
        self.image.value = self.demo.render(result)
        self.caption.value = self.demo.caption(result)

    def _observe(self, name: str, change) -> None:
        self.last_change = change  # old and new value, for views that need them (the playground's Play)
        self.on_change(name)

    def on_change(self, name: str) -> None:
        """React to control ``name`` moving; the default recomputes everything."""
        if not self._quiet:
            self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
