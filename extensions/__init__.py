"""Sphinx extensions of the Vientiane Action Plan site, one concern per module."""
