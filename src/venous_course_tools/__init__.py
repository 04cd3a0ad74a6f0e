"""venous_course_tools: what builds, checks and grades the venous course.

Never imported by a module notebook. It imports :mod:`venous_course` (the course package that
notebooks use), never the reverse:

- ``book``        the Jupyter Book build driver, its HTML audit and its Sphinx extension
- ``checks``      authoring checks: coverage map, glossary, paraphrase, clinical numbers
- ``instructor``  the nbgrader workflow (release, collect, grade, feedback, export)
- ``lab``         the JupyterLab launcher
- ``browser``     the Chromium set-up shared by the browser tests and benchmarks
"""
