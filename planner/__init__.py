"""Planner: the Qt-free library behind 提升服務計畫編輯器."""

__version__ = "0.1.0"
