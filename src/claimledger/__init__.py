"""claimledger: a ledger of who claimed what, when, and with which number."""
from .records import Article, Claim, Quantity, Speaker, TextSpan
from .settings import Settings, load_settings

__version__ = "0.1.0"
__all__ = ["Article", "Claim", "Quantity", "Speaker", "TextSpan", "Settings", "load_settings"]
