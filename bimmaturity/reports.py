"""The report registry: every report notebook, its title, its group on the index page, and
whether it is made once or once per organisation. ``build``, the index and the tests read it.

It also gives every report a file name people recognise (:func:`page_name`): the notebook's
name without its number, and for a report per organisation the organisation's name, e.g.
``vergelijking`` and ``provincieprofiel-noord-holland``. The build writes
``html/<name>.html`` and ``notebooks/<name>.ipynb``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bimmaturity.organisations import file_slug, organisation_kind, province_name
from bimmaturity.vocab import GROUP_OVERVIEWS, GROUP_PROFILES, REPORT_TITLES, org_words

__all__ = ["REPORTS", "Report", "page_name", "report"]


@dataclass(frozen=True)
class Report:
    """One report notebook.

    Attributes
    ----------
    notebook : str
        The notebook's name in ``notebooks/`` without ``.ipynb``.
    title_template : str
        The Dutch title on the index page (per organisation: followed by its name), with the
        fields of :func:`bimmaturity.vocab.org_words`; :attr:`title` fills them in.
    group_template : str
        The index page's heading it is listed under (:attr:`group` fills it in).
    per_organisation : bool
        Made once per organisation (parameter ``province``) rather than once.
    takes_options : bool
        Takes the analysis options as parameters (and is rebuilt when they change).
    min_waves : int
        Fewest waves the data needs for this report.
    """

    notebook: str
    title_template: str
    group_template: str
    per_organisation: bool = False
    takes_options: bool = True
    min_waves: int = 1

    @property
    def title(self) -> str:
        """The title, in the words of the registry in use ("Vergelijking van de gemeenten")."""
        return self.title_template.format(**org_words())

    @property
    def group(self) -> str:
        """The index group, in the words of the registry in use ("Gemeenteprofielen")."""
        return self.group_template.format(**org_words())

    def title_for(self, code: str) -> str:
        """The title of this report for organisation ``code``, in the words of its own kind
        and followed by its name ("Waterschapsprofiel Aa en Maas")."""
        words = org_words(organisation_kind(code))
        return f"{self.title_template.format(**words)} {province_name(code)}"

    def page_name(self, organisation: str | None = None) -> str:
        """The report's file name without suffix (:func:`page_name`); for a report per
        organisation, ``organisation`` is its code."""
        if organisation is None:
            return page_name(self.notebook)
        kind = organisation_kind(organisation)
        stem = org_words(kind)["profiel"] if self.per_organisation else None
        return page_name(self.notebook, province_name(organisation), stem=stem)


def page_name(notebook: str, organisation: str | None = None, *, stem: str | None = None) -> str:
    """The file name (without ``.html`` or ``.ipynb``) of a report people recognise.

    The notebook's name without its leading number and ``_`` (the number only orders the
    notebooks), and for a report per organisation ``-`` and the organisation's name as a file
    slug (:func:`bimmaturity.organisations.file_slug`: lower case, no diacritics, only
    ``a-z``, ``0-9`` and ``-``, so a name from the data never leaves the folder).

    Parameters
    ----------
    notebook : str
        The notebook's name in ``notebooks/`` without ``.ipynb``.
    organisation : str, optional
        The organisation's name (not its code), for a report made per organisation.
    stem : str, optional
        The name in place of the notebook's (``gemeenteprofiel`` for a municipality's profile
        from notebook ``10_provincieprofiel``).

    Returns
    -------
    str

    Examples
    --------
    >>> page_name("20_vergelijking"), page_name("10_provincieprofiel", "Fryslân")
    ('vergelijking', 'provincieprofiel-fryslan')
    >>> page_name("10_provincieprofiel", "Noord-Holland")
    'provincieprofiel-noord-holland'
    >>> page_name("10_provincieprofiel", "Aa en Maas", stem="waterschapsprofiel")
    'waterschapsprofiel-aa-en-maas'
    """
    stem = stem or re.sub(r"^\d+_", "", notebook)
    return stem if organisation is None else f"{stem}-{file_slug(organisation)}"


def _overview(notebook: str, **extra: object) -> Report:
    return Report(notebook, REPORT_TITLES[notebook], GROUP_OVERVIEWS, **extra)  # type: ignore[arg-type]


REPORTS: tuple[Report, ...] = (
    _overview("20_vergelijking"),
    _overview("30_gapclusters"),
    _overview("40_samenwerking"),
    _overview("50_businesscase"),
    _overview("60_voortgang", takes_options=False, min_waves=2),
    Report(
        "10_provincieprofiel",
        REPORT_TITLES["10_provincieprofiel"],
        GROUP_PROFILES,
        per_organisation=True,
    ),
)
"""Every report, in the order the index lists them."""


def report(notebook: str) -> Report:
    """The registry entry of a notebook.

    Examples
    --------
    >>> report("10_provincieprofiel").per_organisation
    True
    """
    for entry in REPORTS:
        if entry.notebook == notebook:
            return entry
    raise KeyError(f"geen rapportage {notebook!r}; bekend: {[r.notebook for r in REPORTS]}")
