"""Greetings, shouted by a C extension."""
from greeting._speedups import compiler, shout

__all__ = ["compiler", "shout"]
