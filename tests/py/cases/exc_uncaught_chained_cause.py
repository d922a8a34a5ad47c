# An uncaught exception with an explicit cause: both tracebacks printed.
class ConfigError(Exception):
    pass
def read_port(settings):
    try:
        return int(settings["port"])
    except KeyError as e:
        raise ConfigError("port is not configured") from e
read_port({"host": "localhost"})
