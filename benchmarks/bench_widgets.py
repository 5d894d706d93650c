"""Per-interaction compute time of every demo, and the playground's frames per second.

Run: ``.venv/bin/python benchmarks/bench_widgets.py``. "Compute" is the pure
compute step of one interaction (no drawing); "compute+draw" adds the redraw to
PNG at the live resolution (twice the displayed CSS width, for sharp pictures).
Targets (design.md §4): compute <= 100 ms; playground >= 10 frames/s, a frame
being 5 SGD steps + a 40x40 boundary grid + a redraw.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("NNLIB_DEMO_MODE", "live")


def _median_ms(fn, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def main(argv=None):
    from nnlib.widgets.views.activations import ActivationsDemo
    from nnlib.widgets.views.dying_relu import DyingReluDemo
    from nnlib.widgets.views.initialization import InitializationDemo
    from nnlib.widgets.views.learning_rate import LearningRateDemo
    from nnlib.widgets.views.lr_schedules import LRSchedulesDemo
    from nnlib.widgets.views.normalization import NormalizationDemo
    from nnlib.widgets.views.perceptron import PerceptronDemo
    from nnlib.widgets.views.playground import PlaygroundDemo
    from nnlib.widgets.views.universal import BumpConstructionDemo, UniversalApproximationDemo
    from nnlib.widgets.views.vanishing import VanishingGradientsDemo
    from nnlib.widgets.views.xor import XorDemo

    print(f"{'demo':26s} {'compute ms':>11s} {'compute+draw ms':>16s}")
    for cls in (
        PerceptronDemo,
        XorDemo,
        ActivationsDemo,
        LearningRateDemo,
        VanishingGradientsDemo,
        DyingReluDemo,
        InitializationDemo,
        NormalizationDemo,
        LRSchedulesDemo,
        UniversalApproximationDemo,
        BumpConstructionDemo,
    ):
        demo = cls()
        params = demo.initial_params()
        if cls is XorDemo:  # retraining (new activation) is the slow interaction; the slider is cached
            demo._cache.clear()
            compute = _median_ms(lambda d=demo, p=params: (d._cache.clear(), d.compute(**p)))
        else:
            compute = _median_ms(lambda d=demo, p=params: d.compute(**p))
        result = demo.compute(**params)
        total = compute + _median_ms(lambda d=demo, r=result: d.render(r))
        print(f"{cls.name:26s} {compute:11.1f} {total:16.1f}")
    view = PlaygroundDemo(rng=0).live()
    view.step()
    n = 50
    start = time.perf_counter()
    for _ in range(n):
        view.step()
    fps = n / (time.perf_counter() - start)
    print(
        f"playground: {fps:.1f} frames/s ({view.steps_per_frame} SGD steps + 40x40 grid + redraw per frame)"
    )


if __name__ == "__main__":
    main()
