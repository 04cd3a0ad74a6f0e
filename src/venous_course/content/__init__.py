"""Small, tested helpers that belong to one unit of the course's teaching notebooks.

Each file (``unit1.py``, ...) holds the data and pure functions a unit's modules show:
cited numbers as named constants, figure builders and worked examples. The modules stay thin.
"""
