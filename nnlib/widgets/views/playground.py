"""Demo (chapter 15): a training playground in the spirit of TensorFlow Playground.

Choose a data set, noise, train/test split, hidden layers and their width,
activation, learning rate η, batch size and L2 regularisation, then play,
pause, step or reset. Every frame runs a few mini-batch SGD steps, evaluates
the network on a grid for the decision boundary and extends the loss curves.

:class:`PlaygroundDemo` holds the one list of controls and defaults. The live
view (:class:`PlaygroundLive`) trains one network frame by frame and lets a
reader change η, the batch size or λ on the way; the static twin reads the
same controls and precomputes training snapshots (slider) for three data sets
(select).
"""

from __future__ import annotations

from ...tables import ACTIVATIONS
from ..compute.playground import PLAYGROUND_DATASETS, new_trainer
from ..controls import Action, Control
from ..demo import Demo, show
from ..figures.playground import PlaygroundFigure
from ..live import LiveDemo

__all__ = ["PlaygroundDemo", "PlaygroundLive", "playground"]


class PlaygroundDemo(Demo):
    """The playground's controls, actions and compute step (train to a given step from scratch).

    ``steps_per_frame`` mini-batch steps make one frame (a tick of *play*, a
    click on *step*, a point of the loss curves). The *play* control counts
    frames: its value ``frame`` is what compute receives, and the network has
    then made ``frame * steps_per_frame`` SGD steps.
    """

    name = "playground"
    title = "Playground"
    alt = "Decision boundary and loss curves of an MLP during training"
    CONTROLS = (
        # frames played (5 SGD steps each by default): 0 ... 90 frames = 0 ... 450 steps in the static twin
        Control("frame", "frame", 0, kind="play", static=(0, 2, 4, 8, 14, 20, 30, 40, 60, 90)),
        Control("dataset", "data", "xor", options=PLAYGROUND_DATASETS, static=("xor", "circles", "spiral")),
        Control("noise", "noise", 0.1, kind="float", low=0.0, high=0.5, step=0.05),
        Control("test_fraction", "test fraction", 0.3, kind="float", low=0.1, high=0.9, step=0.1),
        Control("layers", "hidden layers", 2, kind="int", low=1, high=4),
        Control("width", "units per layer", 6, kind="int", low=1, high=16),
        Control("activation", "activation", "tanh", options=tuple(ACTIVATIONS)),
        Control("lr", "learning rate η", 0.1, kind="log", low=1e-3, high=10.0, step=0.1),
        Control("batch_size", "batch size", 16, options=(1, 4, 8, 16, 32, 64)),
        Control("l2", "L2 λ", 0.0, options=(0.0, 1e-4, 1e-3, 1e-2, 1e-1)),
    )
    ACTIONS = (
        Action("step", "step", "train one frame of steps"),
        Action("reset", "reset", "new data and new initial weights"),
    )
    #: Controls applied to the running network; moving any other one starts over.
    HYPERPARAMETERS = ("lr", "batch_size", "l2")
    static_controls = ("frame", "dataset")
    FIGURE = PlaygroundFigure

    def __init__(self, *, rng=None, steps_per_frame: int = 5, **initial):
        for key in ("step", "frame"):
            if key in initial:
                raise TypeError(
                    f"nl.widgets.playground(): {key!r} is not a keyword; training starts at step 0"
                )
        super().__init__(rng=rng, **initial)
        self.steps_per_frame = int(steps_per_frame)

    def new_trainer(self, **settings):
        """Return a fresh trainer (new data, new weights) for ``settings`` (all controls but 'frame')."""
        return new_trainer(**settings, rng=self.seed)

    def compute(self, frame, **settings):
        """Return the state after ``frame`` frames (``frame * steps_per_frame`` SGD steps) with ``settings``.

        A cached run is continued.
        """
        step = int(frame) * self.steps_per_frame
        key = ("trainer", tuple(sorted(settings.items())))
        trainer = self._cache.get(key)
        if trainer is None or trainer.steps > step:
            trainer = self._cache[key] = self.new_trainer(**settings)
        trainer.train_to(step, steps_per_frame=self.steps_per_frame)
        return trainer.state()

    def caption(self, r):
        """Return the frame, the step and the last train and test losses."""
        train, test = r.history["train_loss"][-1], r.history["test_loss"][-1]
        frame = r.steps // self.steps_per_frame
        return f"frame {frame} = step {r.steps}: train loss {train:.3f}, test loss {test:.3f}"

    def live(self):
        """Return the live playground view (:class:`PlaygroundLive`)."""
        return PlaygroundLive(self)


class PlaygroundLive(LiveDemo):
    """Live playground: ``play`` (an ``ipywidgets.Play``: a frame per tick), ``step`` and ``reset``.

    Only a tick *forward* (the Play value grows) trains: the stop button sets the
    value back to 0, which is not a frame; *reset* rewinds the counter to 0 too.

    Attributes
    ----------
    trainer : PlaygroundTrainer
        The network being trained.
    play, step_button, reset_button : widgets
        Shortcuts to ``controls['frame']``, ``buttons['step']``, ``buttons['reset']``.
    """

    def __init__(self, demo: PlaygroundDemo):
        self.trainer = None
        super().__init__(demo)
        self.play = self.controls["frame"]
        self.step_button, self.reset_button = self.buttons["step"], self.buttons["reset"]

    @property
    def steps_per_frame(self) -> int:
        """SGD steps per frame (the demo's ``steps_per_frame``)."""
        return self.demo.steps_per_frame

    def settings(self) -> dict:
        """Every control's value but the play counter's."""
        return {name: value for name, value in self.params().items() if name != "frame"}

    def refresh(self) -> None:
        """Start over: the same as :meth:`reset`."""
        self.reset()

    def reset(self) -> None:
        """Draw new data and new initial weights from the current controls; set the Play counter to 0."""
        play = self.controls["frame"]
        if play.value != 0:
            self._quiet = True  # rewinding the counter is not a tick
            try:
                play.playing = False
                play.value = 0
            finally:
                self._quiet = False
        self.trainer = self.demo.new_trainer(**self.settings())
        self.show(self.trainer.state())

    def step(self) -> None:
        """One frame: ``steps_per_frame`` training steps, boundary evaluation, redraw."""
        self.trainer.train_steps(self.steps_per_frame)
        self.show(self.trainer.state())

    def on_change(self, name: str) -> None:
        """React to control ``name`` moving.

        A Play tick forward trains one frame (:meth:`step`); η, batch size and
        L2 change the optimiser and keep the weights; any other control starts
        over (:meth:`reset`).
        """
        if self._quiet:
            return
        if name == "frame":  # the Play widget moved: a tick forward is a frame; stop (back to 0) is not
            change = getattr(self, "last_change", None)
            if change is None or change["new"] > change["old"]:
                self.step()
        elif name in self.demo.HYPERPARAMETERS:  # keep the weights, change the optimiser
            self.trainer.set_hyperparameters(**{name: self.controls[name].value})
        else:
            self.reset()


def playground(*, rng=None, steps_per_frame: int = 5, **initial):
    """Return the playground demo.

    Keywords (initial values): ``dataset``, ``noise``, ``test_fraction``, ``layers``,
    ``width``, ``activation``, ``lr``, ``batch_size``, ``l2``; and ``steps_per_frame``.
    """
    return show(PlaygroundDemo(rng=rng, steps_per_frame=steps_per_frame, **initial))
