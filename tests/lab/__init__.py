"""The student and instructor experience in JupyterLab, checked in a real Chromium.

A package (so its helpers import as ``lab.helpers`` relative to ``tests/``).
"""
