"""Data-quality gates: GX suites defined in code, a committed file-based GX project, and a runner.

Importing this package is cheap; Great Expectations itself is imported only by the modules that
need it (``suites``, ``project``, ``runner``), because GX takes seconds to import.
"""
