"""``python -m claimledger``: the same command line as ``claimledger``."""
from .cli import main

if __name__ == "__main__":
    main()
