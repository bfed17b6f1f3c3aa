"""Linking records across articles: one speaker under several names
(:mod:`~claimledger.link.identity`) and one story under several outlets
(:mod:`~claimledger.link.syndication`).

The policy lives here and works on records and on a ledger it is given through a small
protocol (:class:`~claimledger.link.identity.SpeakerLedger`,
:class:`~claimledger.link.syndication.CopyLedger`); it never imports the store.
"""
