"""Demo plans for `manage.py load_demo`: Værebro Park 2020-23 and Rum for Liv 2013-16.

Each plan is an exchange file beside this module (see `reporting/exchange/format.md`), loaded
through the same importer as any uploaded plan. Facts (names, figures, dates, amounts and
structure) follow the two public plan documents in `shared/seeds/`; every piece of prose is
our own short wording. Numbers the documents do not give (measurements, milestone dates,
budget line splits, the local co-financing split, the secretariat's hours, the fora's
members) are demo values.

What an exchange file deliberately does not hold is set by `load_demo` after the import: the
demo logins' memberships, who is responsible for which activity, and the approval workflow
under way in Værebro Park.
"""

from pathlib import Path

DEMO_SLUGS = ("vaerebro-park-2020-23", "rum-for-liv-2013-16")
DEMO_FILES = tuple(Path(__file__).with_name(f"{slug}.json") for slug in DEMO_SLUGS)
