"""Graded exercises through pytest + nbval (design.md section 5).

``nnlib-grade NOTEBOOK...`` grades learners' notebooks against the single source
``exercises/source/NN_topic.ipynb``; ``nnlib-grade release SOURCE...`` writes the
student versions. Modules, one concept each:

``notebook_format``  read notebooks, find cells by role, validate sources
``release``          the student-version generator
``assemble``         splice a learner's answer cells into a clean copy of the source
``reference``        reference values from the source solutions, in the grader process
``nbval_plugin``     the pytest plugin that runs next to nbval (time limits, dead kernels)
``runner``           run pytest + nbval in a temporary directory, re-run after time-outs
``scoring``          per-exercise status and points
``report``           terminal table, JSON and CSV
``checks``           the test helpers used inside exercise notebooks
``cli``              the ``nnlib-grade`` command

Importing this package imports nothing heavy: pytest and nbval are only loaded
by the pytest process that ``nnlib-grade`` starts.
"""
