"""Referrals fill two domains (figures.py, ``FIGURES``): the sending side
(figures_referrals_sent) and the receiving side (figures_referrals_received)."""

from . import figures_referrals_received as received
from . import figures_referrals_sent as sent

FIGURES = {sent.DOMAIN: sent.counters, received.DOMAIN: received.counters}
