"""hauberk: secure machine-learning models across their whole life."""

__version__ = "0.1.0"
