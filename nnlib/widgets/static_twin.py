"""The static twin: a demo that stays interactive on a web page without a kernel.

When the book is built, every demo cell is executed with
``NNLIB_DEMO_MODE=static``. Instead of an ipywidgets view (which needs a live
Python kernel), the demo then returns a :class:`StaticTwin`: a block of HTML
holding *precomputed* frames of the demo, one PNG per combination of the
values of one or two of its controls, plus a few lines of inline, dependency
free JavaScript that swaps the displayed frame when the reader moves a control.

The HTML contract (the book's browser test relies on it)::

    <div class="nnlib-static-demo" data-demo="NAME" id="UNIQUE">
      <div class="nnlib-static-controls">
        <label>Description <input type="range" data-control="NAME" ...>
               <output>value</output></label>        (first control)
        <label>Description <select data-control="NAME">...</select></label>
        <button type="button" class="nnlib-static-play">play</button>
      </div>
      <img class="nnlib-static-frame" src="data:image/png;base64,..." alt="...">
      <p class="nnlib-static-caption">...</p>
      <script type="application/json" class="nnlib-static-data">{...}</script>
      <script>...</script>
    </div>

* Moving the range input (mouse or arrow keys) or choosing another ``<option>``
  changes the ``src`` of the ``<img>`` (and the caption).
* Element ids are unique per page (a per-process counter plus a hash of the
  content), so several demos can share a page; the script only looks inside
  its own root element.
* No ``http://`` or ``https://`` URL and no external file: everything is
  inline, so the page works offline. Each twin stays under 2 MB (frames are
  re-rendered at a lower resolution if needed).
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["StaticTwin", "MAX_TWIN_BYTES", "MIN_FRAMES", "MAX_FRAMES", "build_static_twin", "twin_values"]

MAX_TWIN_BYTES = 2_000_000
MIN_FRAMES = 10
MAX_FRAMES = 40

_counter = itertools.count()

_CSS = """
.nnlib-static-demo{border:1px solid rgba(128,128,128,.45);border-radius:6px;padding:.6em;margin:.6em 0;
max-width:100%;font-family:sans-serif;font-size:.9em}
.nnlib-static-demo .nnlib-static-controls{display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center}
.nnlib-static-demo label{display:inline-flex;gap:.4em;align-items:center}
.nnlib-static-demo output{min-width:4em;font-variant-numeric:tabular-nums}
.nnlib-static-demo img{max-width:100%;height:auto;display:block;margin-top:.4em}
.nnlib-static-demo .nnlib-static-caption{margin:.3em 0 0 0}
.nnlib-static-demo .nnlib-static-note{margin:.2em 0 0 0;opacity:.7;font-size:.85em}
"""

# One self-contained function per twin; it only touches elements inside its root.
_JS = """
(function () {
  var root = document.getElementById("%(root_id)s");
  if (!root || root.getAttribute("data-ready") === "1") { return; }
  root.setAttribute("data-ready", "1");
  var data = JSON.parse(root.querySelector("script.nnlib-static-data").textContent);
  var img = root.querySelector("img.nnlib-static-frame");
  var caption = root.querySelector(".nnlib-static-caption");
  var inputs = root.querySelectorAll("[data-control]");
  function index() {
    var k = 0;
    for (var i = 0; i < inputs.length; i++) { k = k * data.shape[i] + parseInt(inputs[i].value, 10); }
    return k;
  }
  function show() {
    var k = index();
    img.src = "data:image/png;base64," + data.frames[k];
    caption.textContent = data.captions[k];
    for (var i = 0; i < inputs.length; i++) {
      var out = inputs[i].parentNode.querySelector("output");
      if (out) { out.textContent = data.labels[i][parseInt(inputs[i].value, 10)]; }
    }
  }
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("input", show);
    inputs[i].addEventListener("change", show);
  }
  var play = root.querySelector("button.nnlib-static-play");
  var timer = null;
  if (play) {
    play.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "play"; return; }
      play.textContent = "pause";
      timer = setInterval(function () {
        var r = inputs[0];
        r.value = (parseInt(r.value, 10) + 1) %% data.shape[0];
        show();
      }, %(interval_ms)d);
    });
  }
})();
"""


@dataclass
class StaticControl:
    """One control of a static twin: its keyword, description and the labels of its values."""

    name: str
    description: str
    labels: list[str]
    initial_index: int = 0


@dataclass
class StaticTwin:
    """Precomputed frames of a demo plus the HTML/JS that lets a reader scrub through them.

    Attributes
    ----------
    demo : str
        Name of the demo (``data-demo`` attribute), e.g. ``"xor"``.
    controls : list of StaticControl
        One or two controls; the first is a range slider, the second a ``<select>``.
    frames : list of bytes
        PNG images in row-major order over the controls' values
        (frame index ``i0 * n1 + i1``).
    captions : list of str
        One line of text per frame (numbers the figure shows).
    """

    demo: str
    controls: list[StaticControl]
    frames: list[bytes]
    captions: list[str]
    title: str = ""
    alt: str = ""
    interval_ms: int = 400
    css_width: int | None = None
    _html: str | None = field(default=None, repr=False)

    def __post_init__(self):
        expected = 1
        for control in self.controls:
            expected *= len(control.labels)
        if not 1 <= len(self.controls) <= 2:
            raise ValueError(f"StaticTwin({self.demo!r}): needs 1 or 2 controls, got {len(self.controls)}")
        if len(self.frames) != expected or len(self.captions) != expected:
            raise ValueError(
                f"StaticTwin({self.demo!r}): expected {expected} frames and captions "
                f"(the product of the controls' sizes), got {len(self.frames)} and {len(self.captions)}"
            )

    @property
    def n_frames(self) -> int:
        """Number of precomputed frames (the product of the controls' sizes)."""
        return len(self.frames)

    @property
    def root_id(self) -> str:
        """The ``id`` of the twin's root ``<div>``, unique per page and fixed once chosen."""
        return self._ids()[0]

    def _ids(self):
        if not hasattr(self, "_root_id"):
            digest = hashlib.sha1(b"".join(self.frames[:3]) + self.demo.encode()).hexdigest()[:8]
            self._root_id = f"nnlib-demo-{self.demo}-{digest}-{next(_counter)}"
        return (self._root_id,)

    def to_html(self) -> str:
        """Return the twin as one self-contained HTML fragment (cached: the id stays the same)."""
        if self._html is None:
            self._html = self._build_html()
        return self._html

    def _build_html(self) -> str:
        root_id = self.root_id
        rows = []
        for i, control in enumerate(self.controls):
            cid = f"{root_id}-c{i}"
            desc = html.escape(control.description)
            if i == 0:
                rows.append(
                    f'<label for="{cid}">{desc} <input type="range" id="{cid}" data-control="{control.name}" '
                    f'min="0" max="{len(control.labels) - 1}" step="1" value="{control.initial_index}" '
                    f'aria-label="{desc}"><output>{html.escape(control.labels[control.initial_index])}'
                    "</output></label>"
                )
            else:
                options = "".join(
                    f'<option value="{j}"{" selected" if j == control.initial_index else ""}>'
                    f"{html.escape(label)}</option>"
                    for j, label in enumerate(control.labels)
                )
                rows.append(
                    f'<label for="{cid}">{desc} <select id="{cid}" data-control="{control.name}" '
                    f'aria-label="{desc}">{options}</select></label>'
                )
        rows.append('<button type="button" class="nnlib-static-play">play</button>')
        k0 = 0
        for control in self.controls:
            k0 = k0 * len(control.labels) + control.initial_index
        payload = {
            "frames": [base64.b64encode(f).decode("ascii") for f in self.frames],
            "captions": self.captions,
            "shape": [len(c.labels) for c in self.controls],
            "labels": [c.labels for c in self.controls],
        }
        data = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
        title = (
            f'<p class="nnlib-static-title"><strong>{html.escape(self.title)}</strong></p>'
            if self.title
            else ""
        )
        width = f' width="{self.css_width}"' if self.css_width else ""
        alt = html.escape(self.alt or self.title or self.demo)
        script = _JS % {"root_id": root_id, "interval_ms": self.interval_ms}
        return (
            f'<div class="nnlib-static-demo" data-demo="{html.escape(self.demo)}" id="{root_id}">'
            f"<style>{_CSS}</style>{title}"
            f'<div class="nnlib-static-controls">{"".join(rows)}</div>'
            f'<img class="nnlib-static-frame" alt="{alt}"{width} '
            f'src="data:image/png;base64,{payload["frames"][k0]}">'
            f'<p class="nnlib-static-caption">{html.escape(self.captions[k0])}</p>'
            '<p class="nnlib-static-note">Precomputed states: run the notebook in Jupyter '
            "for the live demo.</p>"
            f'<script type="application/json" class="nnlib-static-data">{data}</script>'
            f"<script>{script}</script></div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        sizes = " x ".join(f"{c.name}={len(c.labels)}" for c in self.controls)
        return f"<StaticTwin {self.demo!r}: {self.n_frames} frames ({sizes})>"


class StaticTwinGroup:
    """Several twins shown together (e.g. the two parts of the universal-approximation demo)."""

    def __init__(self, *twins: StaticTwin):
        self.twins = list(twins)

    def _repr_html_(self) -> str:
        return "".join(t.to_html() for t in self.twins)

    def __repr__(self) -> str:
        return "<StaticTwinGroup " + ", ".join(repr(t) for t in self.twins) + ">"


def twin_values(specs, max_frames: int = MAX_FRAMES) -> list[tuple[tuple, int]]:
    """Return the values each static control precomputes, and the index of its initial value.

    A keyword value the demo was called with (``xor(activation="elu")``) is
    always among them, so the twin starts where the live view would: it is
    inserted into the control's ``static`` values (in order, for a number), or,
    when that would make more than ``max_frames`` frames, it replaces the
    nearest number (a slider) or the last other option (a menu).
    """
    lists = [list(spec.static_values) for spec in specs]
    for i, spec in enumerate(specs):
        values, value = lists[i], spec.value
        if value in values:
            continue
        others = math.prod(len(v) for j, v in enumerate(lists) if j != i)
        numeric = spec.kind not in ("dropdown", "select")
        if (len(values) + 1) * others <= max_frames:
            values.append(value)
            if numeric:
                values.sort()
            elif spec.options:
                values.sort(key=list(spec.options).index)
        elif numeric:
            values[int(np.argmin([abs(float(v) - float(value)) for v in values]))] = value
        else:
            values[-1] = value
            values.sort(key=list(spec.options).index)
    return [(tuple(v), v.index(spec.value)) for v, spec in zip(lists, specs, strict=True)]


def _frames_within_budget(demo, results, dpi, n_samples: int = 4) -> list[bytes] | None:
    """Render the frames of ``results`` at ``dpi``; None when they would not fit in :data:`MAX_TWIN_BYTES`.

    The page holds the frames as base64 (4/3 of their bytes). A few frames spread over
    the demo are rendered first: when their mean size, times the number of frames, is
    over the budget the DPI is given up without rendering the rest. Otherwise every
    frame is rendered (the samples are reused), stopping as soon as the sum is over.
    """
    n = len(results)
    samples = sorted({round(k * (n - 1) / max(n_samples - 1, 1)) for k in range(min(n_samples, n))})
    frames = {k: demo.render(results[k], dpi=dpi) for k in samples}
    mean_size = sum(4 * len(frame) // 3 for frame in frames.values()) / len(frames)
    if mean_size * n >= MAX_TWIN_BYTES:
        return None
    size = sum(4 * len(frame) // 3 for frame in frames.values())
    for k, result in enumerate(results):
        if k not in frames:
            frames[k] = demo.render(result, dpi=dpi)
            size += 4 * len(frames[k]) // 3
            if size >= MAX_TWIN_BYTES:
                return None
    return [frames[k] for k in range(n)]


def build_static_twin(demo, dpi_candidates=(144, 120, 96, 80, 64)) -> StaticTwin:
    """Render every frame of ``demo`` over its static controls and pack them in a :class:`StaticTwin`.

    The twin starts at the demo's initial values (keywords included, see
    :func:`twin_values`). Frames are rendered at the first DPI in
    ``dpi_candidates`` for which the whole twin stays under :data:`MAX_TWIN_BYTES`,
    and shown at the live view's CSS width.
    """
    names = list(demo.static_controls)
    specs = [demo.control(name) for name in names]
    values = twin_values(specs)
    combos = list(itertools.product(*[range(len(v)) for v, _ in values]))
    if not MIN_FRAMES <= len(combos) <= MAX_FRAMES:
        raise ValueError(
            f"{demo.name}: a static twin needs {MIN_FRAMES}-{MAX_FRAMES} frames, "
            f"its static controls {names} give {len(combos)}"
        )
    results = []
    for combo in combos:
        params = demo.initial_params()
        for spec, (vals, _), j in zip(specs, values, combo, strict=True):
            params[spec.name] = vals[j]
        results.append(demo.compute(**params))
    captions = [demo.caption(result) for result in results]
    controls = [
        StaticControl(spec.name, spec.description, [spec.format(v) for v in vals], start)
        for spec, (vals, start) in zip(specs, values, strict=True)
    ]
    for dpi in dpi_candidates:
        frames = _frames_within_budget(demo, results, dpi)
        if frames is None:
            continue
        twin = StaticTwin(
            demo.name,
            controls,
            frames,
            captions,
            title=demo.title,
            alt=demo.alt,
            css_width=demo.figure.css_width,
        )
        if len(twin.to_html().encode()) < MAX_TWIN_BYTES:
            return twin
    raise ValueError(
        f"{demo.name}: the static twin is over {MAX_TWIN_BYTES} bytes even at dpi {dpi_candidates[-1]}"
    )
