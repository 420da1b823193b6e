"""Fictitious demo data: ``manage.py seed_demo`` and ``manage.py demo_accounts``."""
