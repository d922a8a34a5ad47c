raise
raise E
raise E(1) from e
raise E from None
