"""Demo plans for `manage.py load_demo`: Værebro Park 2020-23 and Rum for Liv 2013-16.

Facts (names, figures, dates, amounts and structure) follow the two public plan documents in
`shared/seeds/`; every piece of prose is our own short wording. Numbers the documents do not
give (measurements, milestone dates, budget line splits, the local co-financing split, hours of
the secretariat) are demo values and are marked so where they are set.

- `common`: small builders shared by both plans (criteria, milestones, money, text).
- `vaerebro`: Værebro Park 2020-23 under the 2015-18 rule set, complete.
- `rum_for_liv`: Rum for Liv 2013-16 under the 2011-14 rule set: areas, activity blocks,
  the organisation and the quarterly milepælsplan for 2013.
"""

DEMO_SLUGS = ("vaerebro-park-2020-23", "rum-for-liv-2013-16")
