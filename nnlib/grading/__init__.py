"""Graded exercises through pytest + nbval (design.md section 5).

``nnlib-grade NOTEBOOK...`` grades learners' notebooks against the single source
``exercises/source/NN_topic.ipynb``; ``nnlib-grade release SOURCE...`` writes the
student versions. Modules, one concept each:

``notebook_format``  read notebooks, find cells by role, validate sources
``release``          the student-version generator
``assemble``         splice a learner's answer cells into a clean copy of the source
``constraints``      what an exercise forbids, checked on the answer's source
``reference``        reference values (and judges) from the source solutions, in the grader process
``sandbox``          the bubblewrap sandbox, its kernelspec and the launcher around each kernel
``sandbox_kernel``   inside the sandbox: set the limits, give up root, start ipykernel
``limits``           the resource limits and the messages that name them
``nbval_plugin``     the pytest plugin next to nbval (sandboxed kernels, time limits, records)
``runner``           run pytest + nbval in a temporary directory; re-grade suspects alone
``records``          values handed back from the kernel as cell outputs
``scoring``          per-exercise status and points
``report``           terminal table, JSON and CSV
``checks``           the test helpers used inside exercise notebooks
``cli``              the ``nnlib-grade`` command

Importing this package imports nothing heavy: pytest and nbval are only loaded
by the pytest process that ``nnlib-grade`` starts.
"""
