"""mmedlearn: the logic behind the MMed Pathways course.

The chapters only narrate and call into this package, so every number a reader sees
comes from code that the tests exercise.
"""

__version__ = "0.1.0"
