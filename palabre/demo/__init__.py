"""The demo, composed: each app builds its own part (``cases.demo``, ``partners.demo``,
``referrals.demo``…); this app, last in the dependency order, runs them in order in one
transaction (``manage.py seed_demo``)."""
