"""Demo (chapter 15): a training playground in the spirit of TensorFlow Playground.

Choose a data set, noise, train/test split, hidden layers and their width,
activation, learning rate η, batch size and L2 regularisation (weight decay
:math:`\\lambda`: SGD adds :math:`\\lambda W` to every gradient), then play,
pause, step or reset. Every frame runs a few mini-batch SGD steps on
``BCEWithLogitsLoss``, evaluates the network on a grid to draw the decision
boundary, and extends the train and test loss curves.

The compute part (:func:`make_playground_data`, :class:`PlaygroundTrainer`)
uses only NumPy and nnlib; the view redraws by updating existing matplotlib
artists (``set_data``), which keeps a frame well under 100 ms.
"""

from __future__ import annotations

import numpy as np

from .demo import demo_mode, seed_from
from .static_twin import StaticControl, StaticTwin

__all__ = [
    "PLAYGROUND_DATASETS",
    "make_playground_data",
    "PlaygroundTrainer",
    "PlaygroundView",
    "playground",
    "playground_static",
]

PLAYGROUND_DATASETS = ("xor", "circles", "moons", "spiral", "gaussian")


def make_playground_data(
    dataset: str = "xor", n_samples: int = 200, noise: float = 0.1, test_fraction: float = 0.3, rng=0
):
    """Generate, standardise (with the training statistics) and split a 2-D binary data set.

    Returns
    -------
    X_train, X_test : ndarray, shapes (N_train, 2), (N_test, 2)
    y_train, y_test : ndarray of float64, shapes (N_train, 1), (N_test, 1)
        Labels 0/1 as a column, the shape ``BCEWithLogitsLoss`` expects.
    """
    import nnlib as nl

    if dataset not in PLAYGROUND_DATASETS:
        raise ValueError(
            f"make_playground_data: dataset must be one of {PLAYGROUND_DATASETS}, got {dataset!r}"
        )
    if not 0.05 <= test_fraction <= 0.9:
        raise ValueError(f"make_playground_data: test_fraction must be in [0.05, 0.9], got {test_fraction}")
    gen = np.random.default_rng(rng)
    if dataset == "xor":
        X, y = nl.data.make_xor(n_samples, noise=0.05 + noise, rng=gen)
    elif dataset == "circles":
        X, y = nl.data.make_circles(n_samples, noise=noise, rng=gen)
    elif dataset == "moons":
        X, y = nl.data.make_moons(n_samples, noise=noise, rng=gen)
    elif dataset == "spiral":
        X, y = nl.data.make_spirals(n_samples, noise=noise, rng=gen)
    else:
        X, y = nl.data.make_blobs(
            n_samples, centers=np.array([[-1.0, -1.0], [1.0, 1.0]]), cluster_std=0.4 + 2 * noise, rng=gen
        )
    order = gen.permutation(len(X))
    n_test = max(1, int(round(test_fraction * len(X))))
    test, train = order[:n_test], order[n_test:]
    mean, std = X[train].mean(axis=0), X[train].std(axis=0) + 1e-12
    X = (X - mean) / std
    y = y.reshape(-1, 1).astype(np.float64)
    return X[train], X[test], y[train], y[test]


class PlaygroundTrainer:
    """An MLP, its optimiser and its training history, advanced a few steps at a time.

    Parameters
    ----------
    X_train, y_train, X_test, y_test : from :func:`make_playground_data`
    hidden : tuple of int
        Widths of the hidden layers, e.g. ``(8, 8)``.
    activation : str
    lr : float
        η of ``nl.optim.SGD``.
    batch_size : int
    l2 : float
        Weight decay λ.
    resolution : int
        Points per axis of the decision-boundary grid.

    Attributes
    ----------
    steps : int
        Mini-batch steps done so far.
    history : dict of list
        ``'step'``, ``'train_loss'``, ``'test_loss'`` (recorded by :meth:`record`).
    """

    def __init__(
        self,
        X_train,
        y_train,
        X_test,
        y_test,
        *,
        hidden=(8, 8),
        activation: str = "tanh",
        lr: float = 0.1,
        batch_size: int = 16,
        l2: float = 0.0,
        resolution: int = 40,
        rng=0,
    ):
        import nnlib as nl

        from ..viz.boundary import decision_grid  # noqa: F401  (pure NumPy helper; no drawing)

        self.X_train, self.y_train, self.X_test, self.y_test = X_train, y_train, X_test, y_test
        self.gen = np.random.default_rng(rng)
        self.model = nl.MLP([2, *hidden, 1], activation=activation, rng=self.gen)
        self.loss_fn = nl.BCEWithLogitsLoss()
        self.batch_size = int(batch_size)
        self.optimizer = nl.optim.SGD(self.model.parameters(), lr=lr, weight_decay=l2)
        self.steps = 0
        self.history = {"step": [], "train_loss": [], "test_loss": []}
        self.extent = (-2.5, 2.5, -2.5, 2.5)
        xs = np.linspace(self.extent[0], self.extent[1], resolution)
        gx, gy = np.meshgrid(xs, xs)
        self.grid = np.column_stack([gx.ravel(), gy.ravel()])
        self.resolution = resolution
        self.record()

    def set_hyperparameters(self, *, lr=None, batch_size=None, l2=None) -> None:
        """Change η, the batch size or λ without resetting the weights."""
        if lr is not None:
            self.optimizer.lr = float(lr)
        if batch_size is not None:
            self.batch_size = int(batch_size)
        if l2 is not None:
            self.optimizer.weight_decay = float(l2)

    def train_steps(self, n: int = 5) -> None:
        """``n`` mini-batch SGD steps (batches drawn without replacement within a step)."""
        N = len(self.X_train)
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            for _ in range(n):
                idx = self.gen.choice(N, size=min(self.batch_size, N), replace=False)
                self.optimizer.zero_grad()
                self.loss_fn(self.model(self.X_train[idx]), self.y_train[idx])
                self.model.backward(self.loss_fn.backward())
                self.optimizer.step()
                self.steps += 1
        self.record()

    def loss(self, X, y) -> float:
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            return float(self.loss_fn(self.model(X), y))

    def record(self) -> None:
        self.history["step"].append(self.steps)
        self.history["train_loss"].append(self.loss(self.X_train, self.y_train))
        self.history["test_loss"].append(self.loss(self.X_test, self.y_test))

    def accuracy(self, X, y) -> float:
        return float(np.mean((self.model(X) > 0) == (y > 0.5)))

    def boundary(self) -> np.ndarray:
        """Class-1 probability σ(z) on the grid, shape ``(resolution, resolution)`` (rows: x₂)."""
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            z = self.model(self.grid)[:, 0]
            prob = 0.5 * (1 + np.tanh(z / 2))  # σ(z) written with tanh: no overflow
        return prob.reshape(self.resolution, self.resolution)


class PlaygroundFigure:
    """The playground picture: decision boundary (left) and loss curves (right).

    Redrawing a whole matplotlib figure costs ~100 ms, mostly for text (tick
    labels). So the figure is drawn once with the changing artists marked
    *animated*; each frame restores that background and redraws only the
    boundary image, the points, the two loss lines and the title (blitting),
    then encodes the pixels as PNG with fast compression.
    """

    def __init__(self, dpi: float = 72):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from ..viz import style

        self.fig, (self.ax, self.lx) = style.new_figure(2, width=6.4, height=3.0)
        self.fig.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self.style = style
        self.trainer = None

    def attach(self, trainer: PlaygroundTrainer) -> None:
        from ..viz.boundary import BoundaryPlot

        self.ax.clear()
        self.lx.clear()
        X = np.vstack([trainer.X_train, trainer.X_test])
        y = np.vstack([trainer.y_train, trainer.y_test])
        self.boundary = BoundaryPlot(self.ax, X, y, trainer.extent)
        self.test_points = self.ax.scatter(
            trainer.X_test[:, 0],
            trainer.X_test[:, 1],
            s=26,
            facecolors="none",
            edgecolors=self.style.INK,
            linewidths=0.6,
            label="test",
            zorder=4,
        )
        self.ax.set_xlim(trainer.extent[0], trainer.extent[1])
        self.ax.set_ylim(trainer.extent[2], trainer.extent[3])
        (self.train_line,) = self.lx.plot([], [], label="train loss")
        (self.test_line,) = self.lx.plot([], [], linestyle="--", label="test loss")
        self.lx.set_xlabel("step")
        self.lx.set_ylabel("loss (BCE)")
        self.lx.set_ylim(0, 1.2)
        self.lx.legend(loc="upper right")
        self.ax.set_title(" ")
        self.animated = [
            self.boundary.image,
            *self.boundary.points,
            self.test_points,
            self.train_line,
            self.test_line,
            self.ax.title,
        ]
        for artist in self.animated:
            artist.set_animated(True)
        self.trainer = trainer
        self._redraw_background(100)

    def _redraw_background(self, xmax: int) -> None:
        self.xmax = xmax
        self.lx.set_xlim(0, xmax)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def png(self, compress_level: int = 1) -> bytes:
        import io

        from PIL import Image

        t = self.trainer
        steps = t.history["step"]
        if steps[-1] > self.xmax:
            self._redraw_background(int(self.xmax * 2 ** np.ceil(np.log2(steps[-1] / self.xmax))))
        self.boundary.update(t.boundary())
        self.train_line.set_data(steps, np.minimum(t.history["train_loss"], 1.19))
        self.test_line.set_data(steps, np.minimum(t.history["test_loss"], 1.19))
        self.ax.set_title(f"step {t.steps}: test accuracy {t.accuracy(t.X_test, t.y_test):.2f}")
        self.canvas.restore_region(self.background)
        for artist in self.animated:
            artist.axes.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=compress_level)
        return buffer.getvalue()


class PlaygroundView:
    """Live ipywidgets view: controls, play/pause (``ipywidgets.Play``), step, reset, live picture.

    Attributes: ``controls`` (dict of widgets by parameter name), ``play``,
    ``step_button``, ``reset_button``, ``image``, ``status``, ``trainer``.
    """

    def __init__(
        self,
        *,
        dataset="xor",
        noise=0.1,
        test_fraction=0.3,
        layers=2,
        width=6,
        activation="tanh",
        lr=0.1,
        batch_size=16,
        l2=0.0,
        steps_per_frame=5,
        rng=None,
    ):
        import ipywidgets as W

        self.seed = seed_from(rng)
        self.steps_per_frame = int(steps_per_frame)
        st = {"description_width": "initial"}
        self.controls = {
            "dataset": W.Dropdown(options=PLAYGROUND_DATASETS, value=dataset, description="data", style=st),
            "noise": W.FloatSlider(
                value=noise,
                min=0.0,
                max=0.5,
                step=0.05,
                description="noise",
                style=st,
                continuous_update=False,
            ),
            "test_fraction": W.FloatSlider(
                value=test_fraction,
                min=0.1,
                max=0.9,
                step=0.1,
                description="test fraction",
                style=st,
                continuous_update=False,
            ),
            "layers": W.IntSlider(
                value=layers, min=1, max=4, description="hidden layers", style=st, continuous_update=False
            ),
            "width": W.IntSlider(
                value=width, min=1, max=16, description="units per layer", style=st, continuous_update=False
            ),
            "activation": W.Dropdown(
                options=("tanh", "relu", "sigmoid", "leaky_relu", "identity"),
                value=activation,
                description="activation",
                style=st,
            ),
            "lr": W.FloatLogSlider(
                value=lr,
                base=10,
                min=-3,
                max=1,
                step=0.1,
                description="learning rate η",
                style=st,
                continuous_update=False,
                readout_format=".3g",
            ),
            "batch_size": W.Dropdown(
                options=(1, 4, 8, 16, 32, 64), value=batch_size, description="batch size", style=st
            ),
            "l2": W.Dropdown(options=(0.0, 1e-4, 1e-3, 1e-2, 1e-1), value=l2, description="L2 λ", style=st),
        }
        self.play = W.Play(value=0, min=0, max=10**9, step=1, interval=100, description="play / pause")
        self.step_button = W.Button(description="step", tooltip="train one frame of steps")
        self.reset_button = W.Button(description="reset", tooltip="new data and new initial weights")
        self.image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        self.status = W.HTML()
        self.picture = PlaygroundFigure()
        for name in ("dataset", "noise", "test_fraction", "layers", "width", "activation"):
            self.controls[name].observe(lambda change: self.reset(), names="value")
        for name in ("lr", "batch_size", "l2"):
            self.controls[name].observe(lambda change: self._hyper(), names="value")
        self.play.observe(lambda change: self.frame(), names="value")
        self.step_button.on_click(lambda button: self.frame())
        self.reset_button.on_click(lambda button: self.reset())
        buttons = W.HBox([self.play, self.step_button, self.reset_button])
        grid = W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap"))
        self.widget = W.VBox([W.HTML("<b>Playground</b>"), grid, buttons, self.image, self.status])
        self.reset()

    def reset(self) -> None:
        c = {k: w.value for k, w in self.controls.items()}
        data = make_playground_data(c["dataset"], 200, c["noise"], c["test_fraction"], rng=self.seed)
        self.trainer = PlaygroundTrainer(
            *data[::2],
            *data[1::2],
            hidden=(c["width"],) * c["layers"],
            activation=c["activation"],
            lr=c["lr"],
            batch_size=c["batch_size"],
            l2=c["l2"],
            rng=self.seed,
        )
        self.picture.attach(self.trainer)
        self.draw()

    def _hyper(self) -> None:
        c = {k: w.value for k, w in self.controls.items()}
        self.trainer.set_hyperparameters(lr=c["lr"], batch_size=c["batch_size"], l2=c["l2"])

    def frame(self) -> None:
        """One frame: ``steps_per_frame`` training steps, boundary evaluation, redraw."""
        self.trainer.train_steps(self.steps_per_frame)
        self.draw()

    def draw(self) -> None:
        t = self.trainer
        self.image.value = self.picture.png()
        self.status.value = (
            f"step {t.steps}: train loss {t.history['train_loss'][-1]:.3f}, "
            f"test loss {t.history['test_loss'][-1]:.3f}"
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def playground_static(
    *,
    datasets=("xor", "circles", "spiral"),
    snapshots=(0, 10, 20, 40, 70, 100, 150, 200, 300, 450),
    rng=None,
    **settings,
) -> StaticTwin:
    """The static twin: training snapshots (slider) × data set (select), precomputed."""
    seed = seed_from(rng)
    frames, captions = [], []
    picture = PlaygroundFigure()
    defaults = {
        "noise": 0.1,
        "test_fraction": 0.3,
        "layers": 2,
        "width": 6,
        "activation": "tanh",
        "lr": 0.1,
        "batch_size": 16,
        "l2": 0.0,
    }
    unknown = set(settings) - set(defaults) - {"dataset", "steps_per_frame"}
    if unknown:
        raise TypeError(
            f"nl.widgets.playground(): unexpected keywords {sorted(unknown)}; valid: "
            f"{sorted(defaults) + ['dataset', 'steps_per_frame', 'rng']}"
        )
    c = {**defaults, **{k: v for k, v in settings.items() if k in defaults}}
    for dataset in datasets:
        data = make_playground_data(dataset, 200, c["noise"], c["test_fraction"], rng=seed)
        trainer = PlaygroundTrainer(
            *data[::2],
            *data[1::2],
            hidden=(c["width"],) * c["layers"],
            activation=c["activation"],
            lr=c["lr"],
            batch_size=c["batch_size"],
            l2=c["l2"],
            rng=seed,
        )
        picture.attach(trainer)
        for target in snapshots:
            if target > trainer.steps:
                trainer.train_steps(target - trainer.steps)
            frames.append(picture.png(compress_level=9))
            captions.append(
                f"{dataset}, step {trainer.steps}: train loss {trainer.history['train_loss'][-1]:.3f}, "
                f"test loss {trainer.history['test_loss'][-1]:.3f}"
            )
    # frame order: slider (snapshot) major, select (dataset) minor
    n_s, n_d = len(snapshots), len(datasets)
    order = [d * n_s + s for s in range(n_s) for d in range(n_d)]
    controls = [
        StaticControl("step", "training step", [str(s) for s in snapshots], 0),
        StaticControl("dataset", "data", list(datasets), 0),
    ]
    return StaticTwin(
        "playground",
        controls,
        [frames[k] for k in order],
        [captions[k] for k in order],
        title="Playground (precomputed training run)",
        alt="Decision boundary and loss curves of an MLP during training",
    )


def playground(*, rng=None, **settings):
    """The playground. Keywords (initial values): ``dataset``, ``noise``, ``test_fraction``, ``layers``,
    ``width``, ``activation``, ``lr``, ``batch_size``, ``l2``, ``steps_per_frame``."""
    if demo_mode() == "static":
        return playground_static(rng=rng, **settings)
    return PlaygroundView(rng=rng, **settings)
