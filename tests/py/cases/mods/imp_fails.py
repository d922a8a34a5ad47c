# Helper module for exc_uncaught_in_import: fails while being imported.
print("imp_fails: starting")
def configure():
    raise RuntimeError("configuration failed during import")
configure()
