"""Presentation: formatting, HTML helpers, the chart theme, and one module per report section."""
