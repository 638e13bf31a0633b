"""Readers, one per export layout: wide survey exports, tidy tables, filled templates."""
