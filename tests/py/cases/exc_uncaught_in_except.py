# An exception raised by a bug inside an except block.
def load(config):
    try:
        return config["path"]
    except KeyError:
        return config.lookup_fallback_value("path")
load({})
