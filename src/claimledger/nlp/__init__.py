"""claimledger's spaCy components. Import :mod:`claimledger.nlp.pipeline` to register them all."""
